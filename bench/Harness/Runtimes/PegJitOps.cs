// What the PegJit runtimes share: match options per JIT mode, the result number, the JIT's statistics.
using System.Diagnostics;
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>What the PegJit runtimes share.</summary>
public static class PegJitOps
{
    /// <summary>Match options running the JIT in <paramref name="mode"/> (defaults otherwise).</summary>
    public static MatchOptions Options(JitMode mode) => new() { Jit = TracerOptions.Default with { Mode = mode } };

    /// <summary>Options for the JIT with the given side-trace linking.</summary>
    public static MatchOptions Options(JitMode mode, SideTraceLinking linking) =>
        new() { Jit = TracerOptions.Default with { Mode = mode, Linking = linking } };

    /// <summary>A search's count (the table capture's length), or 1/0 for a recognition.</summary>
    public static long Result(Workload workload, MatchResult r) => workload.Kind switch
    {
        WorkloadKind.Search => r.Success && r.Value is IReadOnlyList<object?> table ? table.Count : -1,
        _ => r.Success ? 1 : 0,
    };

    /// <summary>The JIT's cumulative statistics for <paramref name="pattern"/>, or null when it never ran.</summary>
    public static JitReport? Statistics(Pattern? pattern, MatchOptions options)
    {
        var s = pattern is null ? null : JitDiagnostics.Statistics(pattern, options.Jit);
        if (s is null) return null;
        return new JitReport
        {
            CompileMsTotal = s.CompileTicks * 1000.0 / Stopwatch.Frequency, Traces = s.Traces, SideTraces = s.SideTraces,
            Aborts = s.Aborts, TraceEntries = s.TraceEntries, BytesInTraces = s.BytesInTraces,
        };
    }
}
