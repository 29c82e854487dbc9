// One anchored match attempt: pooled context, interpreter run, capture evaluation, caller-unit results.
using System.Runtime.CompilerServices;
using PegJit.Tracer;
using PegJit.Vm;

namespace PegJit;

/// <summary>Runs programs; the only place that knows both the VM's byte world and the caller's units.</summary>
internal static class Engine
{
    [ThreadStatic] private static MatchContext? t_context;

    /// <summary>A context for one match (the thread's cached one when free; matches may nest through match-time functions).</summary>
    public static MatchContext Rent(MatchOptions o)
    {
        var ctx = t_context ?? new MatchContext();
        t_context = null;
        ctx.Reset();
        ctx.MaxBacktrack = o.MaxBacktrack;
        ctx.Cancellation = o.CancellationToken;
        if (o.Timeout is { } t) ctx.Deadline = Environment.TickCount64 + (long)t.TotalMilliseconds;
        return ctx;
    }

    /// <summary>The program's JIT for these tracer options (created on first use), or null for the interpreter alone.</summary>
    public static IJitHook? JitFor(Program prog, TracerOptions jit)
    {
        if (jit.Mode == JitMode.Off || !RuntimeFeature.IsDynamicCodeCompiled) return null;
        return prog.JitStates.GetOrAdd(jit, static (key, p) => new TraceCache(p, (TracerOptions)key), prog);
    }

    public static void Return(MatchContext ctx)
    {
        ctx.Evaluator = null;
        t_context = ctx;
    }

    /// <summary>Matches at byte offset <paramref name="bytePos"/>; on success evaluates the captures.</summary>
    public static MatchResult Attempt(Program prog, in Subject subject, int bytePos, MatchOptions o, MatchContext ctx)
    {
        CaptureEvaluator? eval = null;
        if (prog.HasCaptures)
        {
            eval = new CaptureEvaluator(prog, subject.Units(), [.. o.Arguments]);
            ctx.Evaluator = eval;
        }
        ctx.CapTop = 0;
        ctx.DynamicValues.Clear();
        ctx.Jit = JitFor(prog, o.Jit);
        int end = Interpreter.Run(prog, subject.Bytes, bytePos, ctx);
        if (end < 0) return MatchResult.Failure;
        object?[] caps = eval is null ? [] : eval.Evaluate(subject.Bytes, ctx);
        return new MatchResult(subject.ToCaller(bytePos), subject.ToCaller(end), caps);
    }

    /// <summary>The first match at or after <paramref name="from"/>, skipping ahead to bytes of the pattern's first set.</summary>
    public static MatchResult Search(Program prog, in Subject subject, int from, MatchOptions o, MatchContext ctx)
    {
        var s = subject.Bytes;
        var first = prog.FirstSearch;
        for (int pos = from; pos <= s.Length; pos++)
        {
            if (first is not null)
            {
                int skip = s[pos..].IndexOfAny(first);
                if (skip < 0) return MatchResult.Failure;
                pos += skip;
            }
            if (!subject.IsStart(pos)) continue;
            var r = Attempt(prog, subject, pos, o, ctx);
            if (r.Success) return r;
        }
        return MatchResult.Failure;
    }
}
