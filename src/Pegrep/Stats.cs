// The counters of a run and the JIT's statistics -> the --stats summary on standard error.
using PegJit;
using System.Diagnostics;
using System.Globalization;
using PegJit.Tracer;

namespace Pegrep;

/// <summary>
/// Writes --stats: files, bytes searched, lines, selected lines, elapsed time and throughput; then what the JIT did
/// for the pattern: traces compiled (side traces among them), recordings aborted, time spent recording and compiling, entries into
/// compiled code, and the subject bytes consumed there (with their share of the bytes searched).
/// </summary>
internal static class Stats
{
    public static void Write(TextWriter stderr, RunState run, TimeSpan elapsed)
    {
        double ms = elapsed.TotalMilliseconds;
        double mbPerSecond = ms > 0 ? run.Bytes / 1e6 / (ms / 1000) : 0;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pegrep: stats: files {run.Files}, bytes {run.Bytes}, lines {run.Lines}, matched lines {run.Selected}, elapsed {ms:F1} ms, {mbPerSecond:F1} MB/s"));
        stderr.WriteLine($"pegrep: stats: jit ({run.Matcher.Name}): {Jit(run.Matcher.Jit, run.Matcher.JitStatistics, run.Bytes)}");
        stderr.Flush();
    }

    private static string Jit(TracerOptions options, PegJit.JitStatistics? s, long bytesSearched)
    {
        if (EngineOptions.NoActivity(options, s) is { } none) return none;
        double compileMs = s!.CompileTicks * 1000.0 / Stopwatch.Frequency;
        // Bytes are counted each time compiled code consumes them: a subject read again after backtracking counts again.
        double share = bytesSearched > 0 ? 100.0 * s.BytesInTraces / bytesSearched : 0;
        return string.Create(CultureInfo.InvariantCulture,
            $"traces {s.Traces} (side {s.SideTraces}), aborts {s.Aborts}, compile {compileMs:F1} ms, entries {s.TraceEntries}, bytes in traces {s.BytesInTraces} ({share:F1}% of bytes searched)");
    }
}
