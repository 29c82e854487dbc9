// results (rows) -> bench/results/report.md: headline, per-size tables, JIT, cold start, memory, whole process.
using System.Globalization;
using PegJit.Bench.Runtimes;

namespace PegJit.Bench.Report;

/// <summary>Writes the markdown report. Ratios are to LPeg measured in the same run: LPeg's time over the engine's,
/// so above 1 means faster than LPeg.</summary>
public static partial class ReportWriter
{
    /// <summary>Writes report.md (and the plots) into <paramref name="dir"/>; returns its path.</summary>
    public static string Write(RunResults results, string dir)
    {
        var rows = Ordered(results.InProcess);
        var (plots, plotsSkipped) = Plots.Draw([.. rows.Where(m => !IsValidation(m.Workload))], dir);
        var md = new Markdown();
        Provenance(md, results.Info);
        var problems = Disagreements(rows).Concat(ProcessDisagreements(results.Process, rows)).ToList();
        if (problems.Count > 0)
            md.Para($"**⚠ ENGINES DISAGREE on {problems.Count} result(s): see [Result cross-check](#result-cross-check) before trusting the figures.**");
        Headline(md, rows);
        Agreement(md, problems);
        PerWorkload(md, rows, plots, plotsSkipped);
        SearchApi(md, rows);
        Scaling(md, rows);
        SmallInputs(md, rows);
        ParseSection(md, rows);
        JsonGrammarsSection(md, rows, results.Process);
        Jit(md, rows);
        Cold(md, rows);
        Memory(md, rows);
        WholeProcessSection(md, results.Process, rows);
        PegrepVsGrep(md, results.Process, rows);
        BenchmarkDotNet(md, dir);
        Method(md, results.Info);
        string path = Path.Combine(dir, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    private static void Provenance(Markdown md, RunInfo info)
    {
        md.Heading(1, "PegJit benchmarks");
        md.Para($"Mode **{info.Mode}**, {info.StartedUtc}, `{info.Command}`{WallTime(info)}. Machine: {info.Cpu}, {info.Cores} logical " +
            $"cores, {info.Os}; {info.Dotnet}; {info.Lua}. Details at the end.");
        md.Para("Throughput is in MB/s (10^6 bytes of input per second); `(r×)` is the ratio to native LPeg on the same file in " +
            "the same run (LPeg's time / the engine's time: above 1 is faster than LPeg). When LPeg fails with its default stack, " +
            "the ratio is to `lpeg-maxstack`. The machine is shared and timings are noisy: compare ratios, not single figures.");
    }

    // bench/run.sh exports its start time, so the wall time includes corpora and builds.
    private static string WallTime(RunInfo info) =>
        (info.WallSeconds is { } w ? $", wall time {w} s (corpora, builds, measurements; BenchmarkDotNet apart)" : "") +
        (info.MeasureSeconds is { } m ? $", of which measuring {m} s" : "");

    private static void Agreement(Markdown md, List<string> problems)
    {
        md.Heading(2, "Result cross-check");
        if (problems.Count == 0)
        {
            md.Para("All engines that ran agree on every result (match counts; valid/invalid for JSON), and every whole-process " +
                "tool printed the same number of lines as the in-process count.");
            return;
        }
        md.Para($"**⚠ DISAGREEMENT: {problems.Count} case(s) where engines report different results. These figures compare " +
            "different work; investigate before trusting them.**");
        foreach (var p in problems) md.Line("- **" + p + "**");
        md.Line();
    }

    private static IEnumerable<string> Disagreements(IReadOnlyList<Measurement> rows) =>
        from g in rows.Where(m => m.IsOk).GroupBy(m => (m.Workload, m.File))
        where g.Select(m => m.Result).Distinct().Count() > 1
        select $"{g.Key.Workload} on {g.Key.File}: " + string.Join(", ", g.Select(m => $"{m.Engine} {m.Result}"));

    private static void Headline(Markdown md, IReadOnlyList<Measurement> rows)
    {
        md.Heading(2, "Headline: largest file of each workload");
        md.Para("The search-idiom and recognition rows; the search-API rows and the validations have their own sections below.");
        rows = [.. rows.Where(m => !Registry.IsApi(m.Engine) && !IsValidation(m.Workload))];
        var largest = rows.Where(m => m.IsOk).GroupBy(m => m.Workload)
            .Select(g => (Workload: g.Key, File: g.MaxBy(m => m.FileBytes)!.File)).ToList();
        var picked = rows.Where(m => largest.Contains((m.Workload, m.File))).ToList();
        var engines = EngineColumns(picked);
        md.Table(["workload", "file", .. engines],
            largest.Select(l => (IReadOnlyList<string>)[l.Workload, l.File,
                .. engines.Select(e => Cell(picked, l.Workload, l.File, e))]), left: 2);
    }

    private static void PerWorkload(Markdown md, IReadOnlyList<Measurement> rows, Dictionary<string, string> plots, string? plotsSkipped)
    {
        md.Heading(2, "Per workload and input size");
        if (plotsSkipped is not null) md.Para("Plots: " + plotsSkipped + ".");
        foreach (var w in Workloads.All.Where(w => w.Kind != WorkloadKind.Validate && rows.Any(m => m.Workload == w.Name)))
        {
            var mine = rows.Where(m => m.Workload == w.Name).ToList();
            md.Heading(3, $"{w.Name}: {w.Title}");
            md.Code(w.Re, "");
            if (w.Regex is not null) md.Para($"Equivalent regex (.NET, grep -E, rg): `{w.Regex}`");
            var engines = EngineColumns(mine);
            var files = mine.GroupBy(m => m.File).OrderBy(g => g.First().FileBytes).Select(g => g.Key).ToList();
            md.Table(["file", "size", .. engines, "result"], files.Select(f => (IReadOnlyList<string>)[f,
                Size(mine.First(m => m.File == f).FileBytes), .. engines.Select(e => Cell(mine, w.Name, f, e)), ResultOf(mine, f)]));
            if (plots.TryGetValue(w.Name, out var png)) md.Para($"![{w.Name}: MB/s against input size]({png})");
        }
    }

    private static void Jit(Markdown md, IReadOnlyList<Measurement> rows)
    {
        md.Heading(2, "Tracing JIT: warm-up and compile time");
        md.Para("`first run` is the first match with a freshly compiled pattern (interpreting while counting, recording, " +
            "compiling). The JIT then warms up until it stops compiling (3 runs and half a batch target without a new trace, " +
            "within a 10 s budget): `settle` gives those runs and their time. `steady` is the reported batch; `compile in batch` is " +
            "any compilation still inside it (non-zero: not settled within the budget). Compile time is recording + IL emission + " +
            ".NET JIT of the traces (JitStatistics.CompileTicks). `in traces`: bytes consumed inside compiled traces over all " +
            "subject bytes matched (BytesInTraces / file size × runs; above 100% when bytes are read again after backtracking).");
        var jit = rows.Where(m => m.IsOk && m.Engine == "pegjit-jit").ToList();
        md.Table(["workload", "file", "interp ms/op", "first run ms", "settle runs / ms", "steady ms/op", "compile ms: first run",
                "total", "in batch", "traces (side)", "aborts", "entries", "in traces"],
            jit.Select(m => (IReadOnlyList<string>)[m.Workload, m.File, InterpMs(rows, m), Ms(m.FirstNs),
                $"{m.WarmupRuns} / {OptMs(m.WarmupNs)}" + (m.WarmupSettled == false ? " **(budget spent, not settled)**" : ""), Ms(m.NsPerOp),
                F(m.Jit?.CompileMsFirstRun), F(m.Jit?.CompileMsTotal), F(m.Jit?.CompileMsMeasured),
                m.Jit is { } j ? $"{j.Traces} ({j.SideTraces})" : "none",
                m.Jit?.Aborts.ToString(CultureInfo.InvariantCulture) ?? "—", m.Jit?.TraceEntries.ToString("N0", CultureInfo.InvariantCulture) ?? "—",
                m.Jit is { BytesMatched: > 0 } s ? $"{100.0 * s.BytesInTraces / s.BytesMatched:F0}%" : "—"]), left: 2);
    }

    private static void Cold(Markdown md, IReadOnlyList<Measurement> rows)
    {
        md.Heading(2, "Never-seen pattern (cold): pattern construction to result");
        md.Para("Every operation compiles the re text and matches once: PegJit `Re.Compile` + match with the JIT on (Auto), " +
            "LPeg `re.compile` + match. The goal is PegJit at least as fast as LPeg (≥ 1×) on urls-50k.");
        var cold = rows.Where(m => m.IsOk && m.Engine == "pegjit-cold").ToList();
        md.Table(["workload", "file", "pegjit-cold ms/op", "of which construction", "JIT off: ms/op", "lpeg-cold ms/op",
                "of which re.compile", "× lpeg-cold", "goal ≥ 1×", "pegjit trace compile ms/op"],
            cold.Select(m =>
            {
                var l = Find(rows, "lpeg-cold", m);
                double? ratio = l is null ? null : l.NsPerOp / m.NsPerOp;
                return (IReadOnlyList<string>)[m.Workload, m.File, Ms(m.NsPerOp), OptMs(m.ConstructNsPerOp),
                    OptMs(Find(rows, "pegjit-cold-interp", m)?.NsPerOp), l is null ? "—" : Ms(l.NsPerOp), OptMs(l?.ConstructNsPerOp),
                    ratio is { } r ? $"{r:F2}×" : "—", ratio is { } q ? (q >= 1 ? "met" : "**not met**") : "—", F(m.Jit?.CompileMsTotal)];
            }), left: 2);
    }

    /// <summary>The measured row of <paramref name="engine"/> for the same workload and file as <paramref name="like"/>.</summary>
    private static Measurement? Find(IReadOnlyList<Measurement> rows, string engine, Measurement like) =>
        rows.FirstOrDefault(x => x.IsOk && x.Engine == engine && x.Workload == like.Workload && x.File == like.File);

    private static void Memory(Markdown md, IReadOnlyList<Measurement> rows)
    {
        md.Heading(2, "Allocations and memory (largest file of each workload)");
        md.Para("Allocated bytes per operation: GC.GetAllocatedBytesForCurrentThread over the reported batch (.NET only; the " +
            "search workloads build a table, or a list, of match strings by design). Peak RSS: VmHWM of the measuring process, file included " +
            "(twice for Regex, which also holds the Latin-1 string). The search-API workloads and the validations show theirs " +
            "in their own sections.");
        rows = [.. rows.Where(m => !IsApiWorkload(m.Workload) && !IsValidation(m.Workload))];
        var largest = rows.Where(m => m.IsOk).GroupBy(m => m.Workload).Select(g => (g.Key, g.MaxBy(m => m.FileBytes)!.File)).ToHashSet();
        md.Table(["workload", "file", "engine", "allocated per op", "peak RSS"],
            rows.Where(m => m.IsOk && largest.Contains((m.Workload, m.File))).Select(m => (IReadOnlyList<string>)[m.Workload, m.File,
                m.Engine, m.AllocBytesPerOp is { } a ? Size((long)a) : "—", Size(m.PeakRssBytes)]), left: 3);
    }

    /// <summary>Rows in report order: workload catalog order, then file size, then registry order.</summary>
    private static List<Measurement> Ordered(IEnumerable<Measurement> rows)
    {
        var workloads = Workloads.All.Select(w => w.Name).ToList();
        var engines = Registry.All.Select(r => r.Name).ToList();
        return [.. rows.OrderBy(m => workloads.IndexOf(m.Workload)).ThenBy(m => m.FileBytes).ThenBy(m => engines.IndexOf(m.Engine))];
    }

    /// <summary>Engines with a row, in registry order, cold ones and the search-API ones apart (they have their own tables).</summary>
    private static List<string> EngineColumns(IEnumerable<Measurement> rows) =>
        [.. Registry.All.Select(r => r.Name).Where(n => !IsCold(n) && !Registry.IsApi(n) && rows.Any(m => m.Engine == n))];

    private static bool IsCold(string engine) => engine.Contains("-cold", StringComparison.Ordinal);

    /// <summary>The base of the ratios: LPeg, else LPeg with the large stack; lpeg-cold for cold engines.</summary>
    private static Measurement? Baseline(IEnumerable<Measurement> group, string engine) => IsCold(engine)
        ? group.FirstOrDefault(m => m.IsOk && m.Engine == "lpeg-cold")
        : group.FirstOrDefault(m => m.IsOk && m.Engine == "lpeg") ?? group.FirstOrDefault(m => m.IsOk && m.Engine == "lpeg-maxstack");

    private static string Cell(IReadOnlyList<Measurement> rows, string workload, string file, string engine)
    {
        var group = rows.Where(m => m.Workload == workload && m.File == file).ToList();
        var m = group.FirstOrDefault(x => x.Engine == engine);
        var b = Baseline(group, engine);
        return m switch
        {
            null => "—",
            { IsOk: true } => b is null ? Mbps(m.MBps) : $"{Mbps(m.MBps)} ({b.NsPerOp / m.NsPerOp:F2}×)",
            { Status: Status.Failed } => "fails: " + Short(m.Error),
            _ => m.Status,
        };
    }

    private static string ResultOf(IReadOnlyList<Measurement> rows, string file)
    {
        var results = rows.Where(m => m.IsOk && m.File == file).Select(m => m.Result).Distinct().ToList();
        return results.Count switch { 0 => "—", 1 => results[0] ?? "?", _ => "**DISAGREE** " + string.Join(" / ", results) };
    }

    private static string InterpMs(IReadOnlyList<Measurement> rows, Measurement jit) =>
        OptMs(Find(rows, "pegjit-interp", jit)?.NsPerOp);

    private static string Short(string? error)
    {
        string e = (error ?? "?").Split('\n')[0];
        return e.Length > 70 ? e[..70] + "…" : e;
    }

    private static string Mbps(double v) => v >= 10 ? v.ToString("F1", CultureInfo.InvariantCulture) : v.ToString("F2", CultureInfo.InvariantCulture);
    private static string Ms(double ns) => (ns / 1e6).ToString(ns >= 1e7 ? "F1" : "F3", CultureInfo.InvariantCulture);
    private static string OptMs(double? ns) => ns is { } x ? Ms(x) : "—";
    private static string F(double? v) => v is { } x ? x.ToString("F1", CultureInfo.InvariantCulture) : "—";

    /// <summary>A size in B, kB, MB (powers of 1024, as the corpus names use).</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1048576.0:F1} MiB",
        >= 1 << 10 => $"{bytes / 1024.0:F0} KiB",
        _ => $"{bytes} B",
    };
}
