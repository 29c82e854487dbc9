// Throughput against input size, log-log, one PNG per workload and one line per engine (gnuplot).
using System.Globalization;

namespace PegJit.Bench.Report;

/// <summary>Draws bench/results/plot-WORKLOAD.png with gnuplot.</summary>
public static class Plots
{
    // gnuplot's default palette repeats after 8 lines; a workload can have 11 engines.
    private static readonly string[] Colors =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#000000", "#aec7e8"];

    /// <summary>The plots drawn (workload to file name), or why none were: the report says which.</summary>
    public static (Dictionary<string, string> Files, string? Skipped) Draw(IReadOnlyList<Measurement> rows, string dir)
    {
        if (Proc.Which("gnuplot") is null) return ([], "gnuplot not found (apt-get install -y gnuplot-nox): plots skipped");
        string terminal = Proc.Run("gnuplot", ["-e", "set terminal"], 20).Stdout.Contains("pngcairo", StringComparison.Ordinal) ? "pngcairo" : "png";
        var files = new Dictionary<string, string>();
        foreach (var byWorkload in rows.Where(m => m.IsOk).GroupBy(m => m.Workload))
        {
            string png = $"plot-{byWorkload.Key}.png";
            var r = Proc.Run("gnuplot", [WriteScript(byWorkload.Key, byWorkload.ToList(), Path.Combine(dir, png), terminal)], 60);
            if (r.ExitCode == 0) files[byWorkload.Key] = png;
        }
        return (files, null);
    }

    private static string WriteScript(string workload, List<Measurement> rows, string png, string terminal)
    {
        Directory.CreateDirectory(Paths.Gen);
        var plots = new List<string>();
        foreach (var (engine, i) in rows.GroupBy(m => m.Engine).Select((g, i) => (g, i)))
        {
            string dat = Path.Combine(Paths.Gen, $"plot-{workload}-{engine.Key}.dat");
            File.WriteAllLines(dat, engine.OrderBy(m => m.FileBytes)
                .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.FileBytes} {m.MBps:F3}")));
            plots.Add($"'{dat}' using 1:2 with linespoints lw 2 pt {5 + i % 4} lc rgb '{Colors[i % Colors.Length]}' title '{engine.Key}'");
        }
        string script = Path.Combine(Paths.Gen, $"plot-{workload}.gp");
        File.WriteAllText(script, $"""
            set terminal {terminal} size 900,600
            set output '{png}'
            set title 'PegJit benchmarks: {workload} (throughput against input size)'
            set logscale xy
            set format x '%.0s%cB'
            set xlabel 'input size'
            set ylabel 'MB/s (10^6 bytes per second)'
            set grid
            set key outside right
            set offsets graph 0.05, graph 0.05, 0, 0
            plot {string.Join(", \\\n     ", plots)}
            """);
        return script;
    }
}
