// What the tracing JIT did for a pattern: statistics, trace IR and IL dumps.
using PegJit.Tracer;

namespace PegJit;

/// <summary>Inspection of a pattern's JIT state (per tracer configuration, as matches use it).</summary>
public static class JitDiagnostics
{
    /// <summary>Statistics of the JIT that matches with <paramref name="options"/> used (null when none ran).</summary>
    public static TraceStatistics? Statistics(Pattern pattern, TracerOptions? options = null) =>
        Cache(pattern, options)?.Statistics;

    /// <summary>The compiled trace trees: trace IR, then the emitted IL listing.</summary>
    public static string Dump(Pattern pattern, TracerOptions? options = null) => Cache(pattern, options)?.Dump() ?? "";

    private static TraceCache? Cache(Pattern pattern, TracerOptions? options) =>
        pattern.Program.JitStates.TryGetValue(options ?? TracerOptions.Default, out var hook) ? hook as TraceCache : null;
}
