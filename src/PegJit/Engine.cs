// Programs run for the facade: pooled context, JIT resolved once per call, capture evaluation, caller-unit results.
using System.Runtime.CompilerServices;
using PegJit.Tracer;
using PegJit.Vm;

namespace PegJit;

/// <summary>Runs programs; the only place that knows both the VM's byte world and the caller's units.</summary>
internal static class Engine
{
    [ThreadStatic] private static MatchContext? t_context;

    private static readonly TracerOptions InterpreterOnly = TracerOptions.Default with { Mode = JitMode.Off };

    /// <summary>
    /// A context for one call (the thread's cached one when free; matches may nest through match-time functions), set
    /// up once for the whole call: limits, the JIT of <paramref name="prog"/>, the units cursor, the match-time evaluator.
    /// </summary>
    public static MatchContext Rent(Program prog, in Subject s, MatchOptions o)
    {
        var ctx = t_context ?? new MatchContext();
        t_context = null;
        ctx.Reset();
        ctx.MaxBacktrack = o.MaxBacktrack;
        ctx.Cancellation = o.CancellationToken;
        if (o.Timeout is { } t) ctx.Deadline = Environment.TickCount64 + (long)t.TotalMilliseconds;
        ctx.CharacterStarts = !s.Ascii;
        if (!s.Ascii) ctx.Cursor.Reset(s.Text!);
        ctx.Jit = JitFor(prog, o.Jit);
        if (prog.HasRunTime) ctx.Evaluator = NewEvaluator(prog, s, o, ctx);
        return ctx;
    }

    // ---- the pattern's programs, compiled at their first use -----------------------------------------------

    /// <summary>The anchored program of <paramref name="pattern"/>, for a match over <paramref name="s"/> (see
    /// <see cref="Warmup.BeforeMatch"/>: a long input starts the JIT's warm-up before a program's first compilation).</summary>
    public static Program Anchored(Pattern pattern, in Subject s, MatchOptions o) { Warmup.BeforeMatch(o.Jit, s.Bytes.Length); return pattern.Program; }

    /// <summary>The search program (first match from a position on), as <see cref="Anchored"/>.</summary>
    public static Program Search(Pattern pattern, in Subject s, MatchOptions o) { Warmup.BeforeMatch(o.Jit, s.Bytes.Length); return pattern.SearchProgram; }

    /// <summary>The all-matches program, as <see cref="Anchored"/>.</summary>
    public static Program AllMatches(Pattern pattern, in Subject s, MatchOptions o) { Warmup.BeforeMatch(o.Jit, s.Bytes.Length); return pattern.AllMatchesProgram; }

    public static void Return(MatchContext ctx)
    {
        ctx.Evaluator = null;
        ctx.Jit = null;
        ctx.Trim();   // one huge match must not keep its stacks alive for the thread's lifetime
        t_context = ctx;
    }

    /// <summary>The thread's pooled context, when free (tests).</summary>
    internal static MatchContext? Pooled => t_context;

    private static CaptureEvaluator NewEvaluator(Program prog, in Subject s, MatchOptions o, MatchContext ctx) =>
        new(prog, s.Units(ctx), o.Arguments.Count == 0 ? null : [.. o.Arguments]);

    /// <summary>
    /// The program's JIT for these tracer options, or null for the interpreter alone. The last options seen are
    /// compared by reference first; otherwise one trace cache per distinct option values, the log sink aside (it is
    /// not policy: a new delegate for the same options shares their cache and takes over its events).
    /// </summary>
    public static IJitHook? JitFor(Program prog, TracerOptions jit)
    {
        if (jit.Mode == JitMode.Off || !RuntimeFeature.IsDynamicCodeCompiled) return null;
        if (prog.LastJit is { } last && ReferenceEquals(last.Options, jit)) return last.Hook;
        var cache = (TraceCache)prog.JitStates.GetOrAdd(Key(jit), static (key, p) => new TraceCache(p, (TracerOptions)key), prog);
        cache.Sink = jit.Log;
        prog.LastJit = new JitEntry(jit, cache);
        return cache;
    }

    /// <summary>The options as a trace-cache key: without the log sink.</summary>
    public static TracerOptions Key(TracerOptions jit) => jit.Log is null ? jit : jit with { Log = null };

    /// <summary>Matches anchored at byte offset <paramref name="bytePos"/>; on success evaluates the captures.</summary>
    public static MatchResult Match(Program prog, in Subject s, int bytePos, MatchOptions o, MatchContext ctx)
    {
        int end = Run(prog, s, bytePos, ctx);
        return end < 0 ? MatchResult.Failure : Result(prog, s, bytePos, end, o, ctx);
    }

    /// <summary>
    /// Runs <paramref name="report"/> (a program compiled with its failure labels) anchored at <paramref name="bytePos"/>
    /// in the interpreter, tracking the farthest failure. Null when the run matches, unless <paramref name="always"/>
    /// (a caller whose match failed, though a match-time function may answer otherwise the second time): then the
    /// failure is at the start, with nothing expected.
    /// </summary>
    public static MatchFailure? Explain(Program report, in Subject s, int bytePos, MatchOptions o, bool always)
    {
        // The interpreter's report, so it is the same whichever engine ran the match.
        var ctx = Rent(report, s, o.Jit.Mode == JitMode.Off ? o : o with { Jit = InterpreterOnly });
        try
        {
            var track = new FarthestFailure(report.Labels!);
            int end = Run(report, s, bytePos, ctx, ref track);
            if (end >= 0 && !always) return null;
            bool found = end < 0 && track.Position >= 0;
            return MatchFailure.At(s, found ? track.Position : bytePos, found ? track.Expected() : [], ctx);
        }
        finally { Return(ctx); }
    }

    private static int Run<TTrack>(Program prog, in Subject s, int bytePos, MatchContext ctx, ref TTrack track)
        where TTrack : struct, IFailureTracker
    {
        ctx.CapTop = 0;
        if (ctx.DynamicValues.Count > 0) ctx.DynamicValues.Clear();
        return Interpreter.Run(prog, s.Bytes, bytePos, ctx, ref track);
    }

    /// <summary>Runs a program (anchored, or a search program) once; the end offset or -1.</summary>
    public static int Run(Program prog, in Subject s, int bytePos, MatchContext ctx)
    {
        ctx.CapTop = 0;
        if (ctx.DynamicValues.Count > 0) ctx.DynamicValues.Clear();
        return Interpreter.Run(prog, s.Bytes, bytePos, ctx);
    }

    /// <summary>A successful match as the caller sees it, its captures evaluated (only now: failures never pay).</summary>
    public static MatchResult Result(Program prog, in Subject s, int start, int end, MatchOptions o, MatchContext ctx) =>
        Result(prog, s, start, end, o, ctx, 0, ctx.CapTop);

    /// <summary>A successful match whose capture entries are [<paramref name="capFrom"/>, <paramref name="capTo"/>) of the log.</summary>
    public static MatchResult Result(Program prog, in Subject s, int start, int end, MatchOptions o, MatchContext ctx, int capFrom, int capTo)
    {
        object?[] caps = [];
        Dictionary<string, object?>? named = null;
        if (prog.HasCaptures && capTo > capFrom)
        {
            ctx.Evaluator ??= NewEvaluator(prog, s, o, ctx);
            if (o.NamedGroups) named = new(StringComparer.Ordinal);
            caps = ctx.Evaluator.Evaluate(s.Bytes, ctx, capFrom, capTo, named);
        }
        int from = s.ToCaller(start, ctx);
        return new MatchResult(from, s.ToCaller(end, ctx), caps, s.Text, s.Base, named);
    }

    /// <summary>
    /// The next match at or after byte offset <paramref name="from"/>, by the search program (the search loop runs in
    /// the VM and in compiled traces). Returns false when there is none.
    /// </summary>
    public static bool Next(Program search, in Subject s, int from, MatchContext ctx, out int start, out int end)
    {
        start = -1;
        end = from > s.Bytes.Length ? -1 : Run(search, s, from, ctx);
        if (end < 0) return false;
        start = ctx.MatchStart;
        return true;
    }

    /// <summary>
    /// Runs the all-matches program from <paramref name="from"/> until <paramref name="limit"/> matches are recorded
    /// (in <see cref="MatchContext.FoundPairs"/> when set; their number in <see cref="MatchContext.FoundCount"/>).
    /// Returns where the next batch resumes, or -1 when the search has run out of starts.
    /// </summary>
    public static int Batch(Program all, in Subject s, int from, MatchContext ctx, int limit)
    {
        ctx.FoundCount = 0;
        ctx.FoundFull = false;
        ctx.FoundLimit = limit;
        if (from > s.Bytes.Length) return -1;
        int end = Run(all, s, from, ctx);
        return ctx.FoundFull ? end : -1;
    }

}
