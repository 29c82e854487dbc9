// What the PegJit runtimes share: match options per JIT mode, the operation per workload kind, the JIT's statistics.
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

    /// <summary>The workload's pattern: its re text, with the parse workloads' defs (<see cref="Parse.PegJitParse"/>).</summary>
    public static Pattern Compile(Workload workload) =>
        Re.Compile(workload.Re, workload.Kind == WorkloadKind.Parse ? Parse.PegJitParse.Defs(workload) : null);

    /// <summary>A search's count (the table capture's length), or 1/0 for a recognition.</summary>
    public static long Result(Workload workload, MatchResult r) => workload.Kind switch
    {
        WorkloadKind.Search => r.Success && r.Value is IReadOnlyList<object?> table ? table.Count : -1,
        _ => r.Success ? 1 : 0,
    };

    /// <summary><c>Peg.Match</c> of the workload's pattern: once over the whole file (search idiom, recognition), or
    /// once per line as a string (validation).</summary>
    public static Operation MatchOperation(Workload workload, Pattern pattern, byte[] data, MatchOptions options)
    {
        if (workload.Kind == WorkloadKind.Parse) return ParseOperation(workload, pattern, data, options);
        if (workload.Kind != WorkloadKind.Validate)
            return new Operation(() => Result(workload, Peg.Match(pattern, data, 0, options)));
        string[] lines = Validation.Lines(data);
        return new Operation(() => MatchedLines(pattern, lines, options), Calls: lines.Length);
    }

    /// <summary>A parse: <c>Peg.Match</c> over the file, then the tally of the values its captures built (inside the
    /// operation, as for every engine); the summary is formatted after the clock.</summary>
    private static Operation ParseOperation(Workload workload, Pattern pattern, byte[] data, MatchOptions options)
    {
        object last = "";
        return new Operation(() =>
        {
            var (n, tally) = Parse.PegJitParse.Tally(workload, Peg.Match(pattern, data, 0, options));
            last = tally;
            return n;
        }, Summary: () => last.ToString()!);
    }

    /// <summary>How many of <paramref name="lines"/> the anchored pattern matches: <c>Peg.Match(p, s).Success</c> each.</summary>
    public static long MatchedLines(Pattern pattern, string[] lines, MatchOptions options)
    {
        long n = 0;
        foreach (string s in lines)
            if (Peg.Match(pattern, s, 0, options).Success) n++;
        return n;
    }

    /// <summary>The same over the lines' UTF-8 bytes, sliced from the file (<paramref name="starts"/>: where each line
    /// starts, then one past the last newline).</summary>
    public static long MatchedLines(Pattern pattern, byte[] data, int[] starts, MatchOptions options)
    {
        long n = 0;
        for (int i = 0; i + 1 < starts.Length; i++)
            if (Peg.Match(pattern, data.AsSpan(starts[i], starts[i + 1] - starts[i] - 1), 0, options).Success) n++;
        return n;
    }

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
