// The search-API sections: Count / EnumerateMatches / Matches / Find against Regex and LPeg, the scaling check, many
// small inputs, and pegrep against grep and ripgrep in every output style.
using System.Globalization;
using PegJit.Bench.Runtimes;
using PegJit.Bench.Whole;

namespace PegJit.Bench.Report;

public static partial class ReportWriter
{
    private const string RegexCountBase = "regex-compiled-count";
    private const string RegexValidateBase = "regex-compiled";

    /// <summary>What each engine's row calls, for the search-API tables (the idiom rows included, for comparison).</summary>
    private static readonly Dictionary<string, string> SearchCalls = new()
    {
        ["lpeg"] = "LPeg `{| ({p} / .)* |}` (a table of strings)",
        ["lpeg-count"] = "LPeg fold `Cf(Cc(0) * (p / 0 + 1)^0, n + 1)`",
        ["pegjit-interp"] = "`Peg.Match(idiom, bytes)`, JIT off",
        ["pegjit-jit"] = "`Peg.Match(idiom, bytes)`",
        ["pegjit-count"] = "`Peg.Count(p, bytes)`",
        ["pegjit-count-interp"] = "`Peg.Count(p, bytes)`, JIT off",
        ["pegjit-count-string"] = "`Peg.Count(p, string)`, ASCII text",
        ["pegjit-count-string-nonascii"] = "`Peg.Count(p, string)`, non-ASCII text",
        ["pegjit-enumerate"] = "`foreach (var m in Peg.EnumerateMatches(p, bytes))`",
        ["pegjit-matches"] = "`Peg.Matches(p, bytes).Count`",
        ["pegjit-find-loop"] = "`Peg.Find(p, bytes, end)` loop",
        ["regex-interp"] = "interpreted: `EnumerateMatches` + `Substring`",
        ["regex-compiled"] = "Compiled: `EnumerateMatches` + `Substring`",
        ["regex-nonbacktracking"] = "NonBacktracking: `EnumerateMatches` + `Substring`",
        ["regex-compiled-count"] = "Compiled: `regex.Count(text)`",
        ["regex-compiled-enumerate"] = "Compiled: `foreach (var m in regex.EnumerateMatches(text))`",
        ["regex-nonbacktracking-count"] = "NonBacktracking: `regex.Count(text)`",
        ["regex-nonbacktracking-enumerate"] = "NonBacktracking: `foreach (var m in regex.EnumerateMatches(text))`",
    };

    /// <summary>The same for the validation rows.</summary>
    private static readonly Dictionary<string, string> ValidateCalls = new()
    {
        ["lpeg"] = "LPeg `p:match(s)` per line",
        ["pegjit-interp"] = "`Peg.Match(p, s).Success`, JIT off",
        ["pegjit-jit"] = "`Peg.Match(p, s).Success`",
        ["pegjit-jit-bytes"] = "`Peg.Match(p, bytes).Success` (UTF-8 slices)",
        ["regex-interp"] = "interpreted: `regex.IsMatch(s)`",
        ["regex-compiled"] = "Compiled: `regex.IsMatch(s)`",
        ["regex-nonbacktracking"] = "NonBacktracking: `regex.IsMatch(s)`",
    };

    private static bool IsApiWorkload(string workload) => Workloads.All.FirstOrDefault(w => w.Name == workload)?.Api == true;

    private static bool IsValidation(string workload) =>
        Workloads.All.FirstOrDefault(w => w.Name == workload)?.Kind == WorkloadKind.Validate;

    private static void SearchApi(Markdown md, IReadOnlyList<Measurement> rows)
    {
        var api = Workloads.All.Where(w => w.Api && rows.Any(m => m.Workload == w.Name)).ToList();
        if (api.Count == 0) return;
        md.Heading(2, "Search API: Peg.Count, EnumerateMatches, Matches, Find against Regex and LPeg");
        md.Para("The search shapes below run the bare pattern `p` through the facade's search API (`Peg.Count`, " +
            "`Peg.EnumerateMatches`, `Peg.Matches`, a `Peg.Find` loop) and, next to them, the search-idiom rows of the " +
            "tables above. `× Regex.Count` is the time of `regex.Count(text)` (RegexOptions.Compiled) over the row's; `× LPeg` " +
            "is native LPeg's search idiom's: above 1, the row is faster. The string rows count over the file decoded from " +
            $"UTF-8: as ASCII (its few non-ASCII characters replaced by '?'), and with every {TextVariants.CommaStride}th comma " +
            "replaced by 'é' (neither changes a count: the cross-check confirms it). Allocation is per operation (one search " +
            "of the whole file) on the largest file.");
        md.Table(["workload", "file", "Peg.Count MB/s", "JIT off", "Regex.Count compiled", "Regex.Count NonBacktracking", "LPeg idiom",
                "LPeg fold", "Peg.Count × Regex.Count", "Peg.Count × LPeg", "result"],
            from w in api
            from f in FilesOf(rows, w.Name)
            let count = FindRow(rows, "pegjit-count", w.Name, f)
            select (IReadOnlyList<string>)[w.Name, f, MbpsOf(count), MbpsOf(FindRow(rows, "pegjit-count-interp", w.Name, f)),
                MbpsOf(FindRow(rows, RegexCountBase, w.Name, f)), MbpsOf(FindRow(rows, "regex-nonbacktracking-count", w.Name, f)),
                MbpsOf(FindRow(rows, "lpeg", w.Name, f)), MbpsOf(FindRow(rows, "lpeg-count", w.Name, f)),
                Ratio(FindRow(rows, RegexCountBase, w.Name, f), count), Ratio(FindRow(rows, "lpeg", w.Name, f), count),
                ResultOf(rows.Where(m => m.Workload == w.Name).ToList(), f)], left: 2);
        foreach (var w in api) ApiWorkload(md, w, rows.Where(m => m.Workload == w.Name).ToList());
    }

    private static void ApiWorkload(Markdown md, Workload w, List<Measurement> mine)
    {
        md.Heading(3, $"{w.Name}: {w.Title}");
        md.Para($"Bare pattern `{w.Item}`; regex `{w.Regex}`" + (w.GrepRegex is null ? "" : $" (grep -E: `{w.GrepRegex}`)") + ".");
        var files = FilesOf(mine, w.Name);
        var engines = Registry.All.Select(r => r.Name).Where(e => SearchCalls.ContainsKey(e) && mine.Any(m => m.Engine == e)).ToList();
        string largest = files.Count > 0 ? files[^1] : "";
        md.Table(["engine", "call", .. files.SelectMany(f => new[] { $"{f} MB/s", "× Regex.Count", "× LPeg" }), "allocated per op", "result"],
            engines.Select(e => (IReadOnlyList<string>)[e, SearchCalls[e],
                .. files.SelectMany(f =>
                {
                    var m = FindRow(mine, e, w.Name, f);
                    return m is { IsOk: false } ? ["fails: " + Short(m.Error), "", ""]
                        : new[] { MbpsOf(m), Ratio(FindRow(mine, RegexCountBase, w.Name, f), m), Ratio(FindRow(mine, "lpeg", w.Name, f), m) };
                }),
                FindRow(mine, e, w.Name, largest)?.AllocBytesPerOp is { } a ? Size((long)a) : "—",
                string.Join(" / ", mine.Where(m => m.Engine == e && m.IsOk).Select(m => m.Result).Distinct())]), left: 2);
    }

    private static void Scaling(Markdown md, IReadOnlyList<Measurement> rows)
    {
        var api = rows.Where(m => m.IsOk && IsApiWorkload(m.Workload)).ToList();
        if (api.Count == 0) return;
        md.Heading(2, "Scaling: the same search at 5 MiB and 50 MiB");
        md.Para("Cost per input byte (ns/B: time per operation over the file size) of every search-API workload's rows at the " +
            "smallest and the largest file, and their ratio (large / small): flat within ±25% (0.75×–1.25×) is the goal; " +
            "outside it the row is marked.");
        var pairs = (from g in api.GroupBy(m => (m.Workload, m.Engine))
                     let small = g.MinBy(m => m.FileBytes)!
                     let large = g.MaxBy(m => m.FileBytes)!
                     where large.FileBytes > small.FileBytes
                     select (Small: small, Large: large, Ratio: PerByte(large) / PerByte(small))).ToList();
        if (pairs.Count == 0)
        {
            md.Para("Needs both sizes: the 50 MiB rows run in `bench/run.sh full` only.");
            return;
        }
        int flat = pairs.Count(p => p.Ratio is >= 0.75 and <= 1.25);
        md.Para($"{flat} of {pairs.Count} rows are flat within ±25%." + (flat < pairs.Count
            ? " Outside: " + string.Join(", ", pairs.Where(p => p.Ratio is < 0.75 or > 1.25).Select(p => $"{p.Small.Workload} {p.Small.Engine} ({p.Ratio:F2}×)")) + "."
            : ""));
        md.Table(["workload", "engine", "file", "ns/B", "file", "ns/B", "large / small", "flat (±25%)"],
            pairs.Select(p => (IReadOnlyList<string>)[p.Small.Workload, p.Small.Engine, p.Small.File, NsPerByte(p.Small), p.Large.File,
                NsPerByte(p.Large), $"{p.Ratio:F2}×", p.Ratio is >= 0.75 and <= 1.25 ? "yes" : "**no**"]), left: 3);
    }

    private static double PerByte(Measurement m) => m.NsPerOp / m.FileBytes;

    private static string NsPerByte(Measurement m) => PerByte(m).ToString("F3", CultureInfo.InvariantCulture);

    private static void SmallInputs(Markdown md, IReadOnlyList<Measurement> rows)
    {
        var validations = Workloads.All.Where(w => w.Kind == WorkloadKind.Validate && rows.Any(m => m.Workload == w.Name)).ToList();
        if (validations.Count == 0) return;
        md.Heading(2, "Many small inputs: anchored validation, one call per string");
        md.Para($"Each operation validates the {ShortInputs.Lines:N0} lines of the generated `{ShortInputs.Label}` file (e-mail " +
            "addresses and dates, valid and near-miss, made from the line number), one call per line, each string prepared " +
            "outside the clock. ns per call and bytes allocated per call (GC.GetAllocatedBytesForCurrentThread; .NET only) " +
            "are per operation over the calls. `× IsMatch` is the time of `regex.IsMatch(s)` (Compiled) over the row's.");
        foreach (var w in validations)
        {
            var mine = rows.Where(m => m.Workload == w.Name).ToList();
            md.Para($"**{w.Name}**: PEG `{w.Re}`; regex `{w.Regex}`");
            var baseline = mine.FirstOrDefault(m => m.IsOk && m.Engine == RegexValidateBase);
            md.Table(["engine", "call", "ns per call", "allocated per call", "× IsMatch", "result"],
                Registry.All.Select(r => r.Name).Where(e => mine.Any(m => m.Engine == e)).Select(e =>
                {
                    var m = mine.First(x => x.Engine == e);
                    string call = ValidateCalls.GetValueOrDefault(e, e);
                    if (!m.IsOk) return (IReadOnlyList<string>)[e, call, m.Status + ": " + Short(m.Error), "", "", ""];
                    double calls = m.CallsPerOp ?? 1;
                    return [e, call, (m.NsPerOp / calls).ToString("F1", CultureInfo.InvariantCulture),
                        m.AllocBytesPerOp is { } a ? (a / calls).ToString("F1", CultureInfo.InvariantCulture) + " B" : "—",
                        Ratio(baseline, m), m.Result ?? "?"];
                }), left: 2);
        }
    }

    private static void PegrepVsGrep(Markdown md, IReadOnlyList<ProcessMeasurement> rows, IReadOnlyList<Measurement> inProcess)
    {
        var ok = rows.Where(r => r.Status == Status.Ok).ToList();
        if (ok.Count == 0) return;
        md.Heading(2, "pegrep against grep and ripgrep (whole process, every output style)");
        md.Para("hyperfine mean wall time of each tool on the same search and file, in three styles: `-o` (print every match), " +
            "`-c` (print the number of lines with a match) and `--count-matches` (print the number of matches; GNU grep has " +
            "none). `× rg` and `× grep` are their time over pegrep's: above 1, pegrep is faster. `count` is what the tools " +
            "printed (lines for -o); a disagreement is flagged at the top of the report. On a 5 MiB file pegrep's time is mostly " +
            ".NET start-up: the `absent` rows, which find nothing, show that floor.");
        var styles = new[] { OutputStyle.Only, OutputStyle.Lines, OutputStyle.Matches };
        md.Table(["workload", "file", "style", "pegrep (s)", "grep (s)", "rg (s)", "pegrep MB/s", "× rg", "× grep", "count"],
            from g in ok.GroupBy(r => (r.Workload, r.File))
            from style in styles
            let mine = g.Where(r => (r.Style ?? OutputStyle.Only) == style).ToList()
            let pegrep = mine.FirstOrDefault(r => r.Tool == OutputStyle.RowName("pegrep", style))
            where pegrep is not null
            let grep = mine.FirstOrDefault(r => r.Tool == OutputStyle.RowName("grep", style))
            let rg = mine.FirstOrDefault(r => r.Tool == OutputStyle.RowName("rg", style))
            select (IReadOnlyList<string>)[g.Key.Workload, g.Key.File, style, Seconds(pegrep), Seconds(grep), Seconds(rg),
                Mbps(pegrep.FileBytes / pegrep.MeanS / 1e6), TimeRatio(rg, pegrep), TimeRatio(grep, pegrep),
                string.Join(" / ", mine.Select(r => r.Lines?.ToString(CultureInfo.InvariantCulture) ?? "?").Distinct())], left: 3);
    }

    private static string Seconds(ProcessMeasurement? r) => r is null ? "—" : $"{r.MeanS:F3} ± {r.StddevS:F3}";

    private static string TimeRatio(ProcessMeasurement? b, ProcessMeasurement m) => b is null ? "—" : $"{b.MeanS / m.MeanS:F2}×";

    /// <summary>The files a workload ran on, smallest first.</summary>
    private static List<string> FilesOf(IReadOnlyList<Measurement> rows, string workload) =>
        [.. rows.Where(m => m.Workload == workload).GroupBy(m => m.File).OrderBy(g => g.First().FileBytes).Select(g => g.Key)];

    private static Measurement? FindRow(IReadOnlyList<Measurement> rows, string engine, string workload, string file) =>
        rows.FirstOrDefault(m => m.Engine == engine && m.Workload == workload && m.File == file);

    private static string MbpsOf(Measurement? m) => m switch
    {
        null => "—",
        { IsOk: true } => Mbps(m.MBps),
        _ => m.Status == Status.Failed ? "fails" : m.Status,
    };

    /// <summary>The base's time over the row's (above 1: the row is faster), or a dash.</summary>
    private static string Ratio(Measurement? baseline, Measurement? m) =>
        baseline is { IsOk: true } && m is { IsOk: true } ? $"{baseline.NsPerOp / m.NsPerOp:F2}×" : "—";
}
