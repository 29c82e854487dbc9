// The protocol, .NET side: warm-up run (and, for the JIT, warm-up until it stops compiling), then doubling batches
// timed with Stopwatch until the target is reached.
using System.Diagnostics;

namespace PegJit.Bench.Runtimes;

/// <summary>Runs <see cref="Protocol"/> over an <see cref="Operation"/> inside the measuring child process.</summary>
public static class Timing
{
    /// <summary>Keeps results alive so that no operation can be optimized away.</summary>
    private static long _sink;

    /// <summary>Measures <paramref name="op"/> over a file of <paramref name="bytes"/> bytes.</summary>
    public static Measurement Measure(Workload workload, Operation op, long bytes, Protocol protocol)
    {
        long t0 = Stopwatch.GetTimestamp();
        long result = op.Run();
        double firstNs = Stopwatch.GetElapsedTime(t0).TotalNanoseconds;
        double compileFirstMs = CompileMs(op);
        var (settleRuns, settleNs, settled) = op.WarmUntilQuiet ? Settle(op, protocol) : (0, 0.0, true);
        long ops = 1 + settleRuns;
        for (long n = 1; ; n *= 2)
        {
            double construct0 = op.ConstructNs?.Invoke() ?? 0, compile0 = CompileMs(op);
            var (ns, alloc) = Batch(op, n);
            ops += n;
            if (ns < protocol.TargetMs * 1e6) continue;
            return new Measurement
            {
                Iterations = n, TotalNs = ns, NsPerOp = ns / n, BytesPerSec = bytes / (ns / n / 1e9), FirstNs = firstNs,
                WarmupRuns = op.WarmUntilQuiet ? settleRuns : null, WarmupNs = op.WarmUntilQuiet ? settleNs : null,
                WarmupSettled = op.WarmUntilQuiet ? settled : null,
                PeakRssBytes = PeakRss(), AllocBytesPerOp = (double)alloc / n, Result = op.Summary?.Invoke() ?? Workloads.FormatResult(workload, result),
                CallsPerOp = op.Calls > 1 ? op.Calls : null,
                ConstructNsPerOp = op.ConstructNs is { } c ? (c() - construct0) / n : null,
                Jit = op.Jit?.Invoke() is { } jit
                    ? jit with { CompileMsFirstRun = compileFirstMs, CompileMsMeasured = jit.CompileMsTotal - compile0, BytesMatched = bytes * ops }
                    : null,
            };
        }
    }

    // The tracing JIT compiles over several runs (hot loops first, side traces from hot exits later), so warm means
    // a stretch without compiling: run until 3 runs and half the target time pass with no compilation, within the
    // protocol's settle budget. The measured batch reports any compilation it still contained.
    private static (int Runs, double Ns, bool Settled) Settle(Operation op, Protocol protocol)
    {
        long start = Stopwatch.GetTimestamp(), quietSince = start;
        int runs = 0, quietRuns = 0;
        double compile = CompileMs(op);
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < protocol.SettleBudgetMs)
        {
            _sink += op.Run();
            runs++;
            double now = CompileMs(op);
            if (now != compile) (quietRuns, quietSince, compile) = (0, Stopwatch.GetTimestamp(), now);
            else if (++quietRuns >= 3 && Stopwatch.GetElapsedTime(quietSince).TotalMilliseconds >= protocol.TargetMs / 2)
                return (runs, Stopwatch.GetElapsedTime(start).TotalNanoseconds, true);
        }
        return (runs, Stopwatch.GetElapsedTime(start).TotalNanoseconds, false);
    }

    private static double CompileMs(Operation op) => op.Jit?.Invoke()?.CompileMsTotal ?? 0;

    // A full collection first, outside the clock, so that one batch does not pay for the garbage of the previous.
    private static (double Ns, long AllocBytes) Batch(Operation op, long n)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        long alloc0 = GC.GetAllocatedBytesForCurrentThread();
        long t = Stopwatch.GetTimestamp();
        for (long i = 0; i < n; i++) _sink += op.Run();
        double ns = Stopwatch.GetElapsedTime(t).TotalNanoseconds;
        return (ns, GC.GetAllocatedBytesForCurrentThread() - alloc0);
    }

    /// <summary>Peak resident set size: VmHWM from /proc/self/status, else the peak working set.</summary>
    public static long PeakRss()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException) { }
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }
}
