// The counters of a run -> the --stats summary on standard error.
using System.Globalization;

namespace Pegrep;

/// <summary>Writes --stats: files, bytes searched, lines, selected lines, elapsed time and throughput.</summary>
internal static class Stats
{
    public static void Write(TextWriter stderr, RunState run, TimeSpan elapsed)
    {
        double ms = elapsed.TotalMilliseconds;
        double mbPerSecond = ms > 0 ? run.Bytes / 1e6 / (ms / 1000) : 0;
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"pegrep: stats: files {run.Files}, bytes {run.Bytes}, lines {run.Lines}, matched lines {run.Selected}, elapsed {ms:F1} ms, {mbPerSecond:F1} MB/s"));
        stderr.Flush();
    }
}
