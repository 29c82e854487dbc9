// What the tracing JIT did for a pattern: statistics, trace IR and IL dumps.
using PegJit.Tracer;

namespace PegJit;

/// <summary>Inspection of a pattern's JIT state (per tracer configuration, as matches use it).</summary>
public static class JitDiagnostics
{
    /// <summary>Statistics of the JIT that matches with <paramref name="options"/> used (null when none ran): anchored
    /// matches and searches (which run the pattern's search program) added together.</summary>
    /// <param name="pattern">The pattern whose matches ran.</param>
    /// <param name="options">The tracer configuration the matches used (<see cref="TracerOptions.Default"/> when null).</param>
    /// <returns>A snapshot of the counters, or null when no match of <paramref name="pattern"/> has run with that configuration.</returns>
    /// <remarks>A configuration is the options without their <see cref="TracerOptions.Log"/>: options that differ only in
    /// the log share one JIT state.</remarks>
    /// <example><code>
    /// var pattern = Re.Compile("(!'x' .)* 'x'");
    /// var jit = TracerOptions.Default with { Mode = JitMode.Always };
    /// Peg.Match(pattern, new string('a', 10_000) + "x", options: new MatchOptions { Jit = jit });
    /// Console.WriteLine(JitDiagnostics.Statistics(pattern, jit));   // traces, exits, bytes in traces, compile time
    /// </code></example>
    public static JitStatistics? Statistics(Pattern pattern, TracerOptions? options = null)
    {
        var caches = Caches(pattern, options).ToList();
        if (caches.Count == 0) return null;
        var sum = new TraceStatistics();
        foreach (var cache in caches) sum.Add(cache.Statistics);
        return JitStatistics.Of(sum);
    }

    /// <summary>The compiled trace trees: trace IR, then the emitted IL listing (anchored program, then search program).</summary>
    /// <param name="pattern">The pattern whose matches ran.</param>
    /// <param name="options">The tracer configuration the matches used (<see cref="TracerOptions.Default"/> when null).</param>
    /// <returns>A listing for people, empty when no match of <paramref name="pattern"/> has run with that configuration;
    /// its wording may change between versions.</returns>
    public static string Dump(Pattern pattern, TracerOptions? options = null) => string.Concat(Caches(pattern, options).Select(c => c.Dump()));

    private static IEnumerable<TraceCache> Caches(Pattern pattern, TracerOptions? options)
    {
        var key = Engine.Key(options ?? TracerOptions.Default);
        foreach (var prog in pattern.SearchProgramsCompiled.Prepend(pattern.Program))
            if (prog.JitStates.TryGetValue(key, out var hook) && hook is TraceCache cache) yield return cache;
    }
}

/// <summary>
/// A snapshot of what the tracing JIT did for one pattern under one tracer configuration (see
/// <see cref="JitDiagnostics.Statistics"/>). The counters are read without locks while other threads may match, so a
/// snapshot taken during matches is approximate. Times are in <see cref="System.Diagnostics.Stopwatch"/> ticks.
/// </summary>
public sealed record JitStatistics
{
    /// <summary>A snapshot with every counter at 0; <see cref="JitDiagnostics.Statistics"/> gives real ones.</summary>
    public JitStatistics() { }

    /// <summary>Traces compiled (roots and side traces).</summary>
    public int Traces { get; init; }
    /// <summary>Side traces among <see cref="Traces"/>.</summary>
    public int SideTraces { get; init; }
    /// <summary>Methods compiled: a root trace, a batch of side traces re-emitted into their root's method, or a side
    /// trace compiled alone. Fewer than <see cref="Traces"/> when side traces were compiled in batches.</summary>
    public int Compilations { get; init; }
    /// <summary>Recordings or compilations abandoned.</summary>
    public int Aborts { get; init; }
    /// <summary>Times the loop analysis ran (at most once per program; 0 when nothing got hot).</summary>
    public int Analyses { get; init; }
    /// <summary>Time spent recording and compiling traces.</summary>
    public long CompileTicks { get; init; }
    /// <summary>Of <see cref="CompileTicks"/>: recording.</summary>
    public long RecordTicks { get; init; }
    /// <summary>Of <see cref="CompileTicks"/>: IL emission.</summary>
    public long EmitTicks { get; init; }
    /// <summary>Of <see cref="CompileTicks"/>: the runtime's compilation of the emitted methods.</summary>
    public long RuntimeJitTicks { get; init; }
    /// <summary>Times control entered a compiled trace.</summary>
    public long TraceEntries { get; init; }
    /// <summary>Exits taken from compiled traces back to the interpreter.</summary>
    public long Exits { get; init; }
    /// <summary>Times compiled code went on in other compiled code without returning to the interpreter (an exit at
    /// another loop's anchor handing over to its code, a side trace compiled alone, or a return the trace did not
    /// expect going on in the code compiled at its return site).</summary>
    public long Hops { get; init; }
    /// <summary>Subject bytes consumed inside compiled traces.</summary>
    public long BytesInTraces { get; init; }
    /// <summary>Time inside compiled traces (only with <see cref="TracerOptions.TimeTraces"/>, else 0).</summary>
    public long TraceTicks { get; init; }

    internal static JitStatistics Of(TraceStatistics s) => new()
    {
        Traces = s.Traces, SideTraces = s.SideTraces, Compilations = s.Compilations, Aborts = s.Aborts, Analyses = s.Analyses, CompileTicks = s.CompileTicks,
        RecordTicks = s.RecordTicks, EmitTicks = s.EmitTicks, RuntimeJitTicks = s.RuntimeJitTicks, TraceEntries = s.TraceEntries,
        Exits = s.Exits, Hops = s.Hops, BytesInTraces = s.BytesInTraces, TraceTicks = s.TraceTicks,
    };

    /// <summary>The counters on one line, compile and trace times in milliseconds.</summary>
    /// <returns>For example <c>traces 3 (side 2) in 2 compilations, aborts 0, compile 4.2 ms, entries 12, exits 12, hops 40, bytes in traces 51200</c>.</returns>
    public override string ToString() =>
        $"traces {Traces} (side {SideTraces}) in {Compilations} compilations, aborts {Aborts}, compile {Ms(CompileTicks):F1} ms, " +
        $"entries {TraceEntries}, exits {Exits}, hops {Hops}, bytes in traces {BytesInTraces}" +
        (TraceTicks > 0 ? $", time in traces {Ms(TraceTicks):F1} ms" : "");

    private static double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
