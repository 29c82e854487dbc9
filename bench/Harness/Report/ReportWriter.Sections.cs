// The report's later sections: whole process (with the original study's figures), BenchmarkDotNet, method, machine.
using System.Globalization;
using PegJit.Bench.Runtimes;
using PegJit.Bench.Whole;

namespace PegJit.Bench.Report;

public static partial class ReportWriter
{
    private const string LuaTool = "lua+lpeg";

    private static void WholeProcessSection(Markdown md, IReadOnlyList<ProcessMeasurement> rows, IReadOnlyList<Measurement> inProcess)
    {
        md.Heading(2, "Whole process: pegrep, grep, ripgrep, lua+LPeg");
        md.Para("Each tool prints every match on its own line (`-o`); the output goes through a pipe and is discarded " +
            "(hyperfine --output=pipe: with a /dev/null stdout GNU grep stops at the first match). Timed by hyperfine (wall time, " +
            "mean ± standard deviation over the runs, after warm-up runs). The same search, the same file; `lines` is the number " +
            "of lines each printed, counted once outside the timing (it must equal the in-process count). `× lua+lpeg` is the " +
            "lua+LPeg time over the tool's.");
        if (rows.Count == 0) md.Para("Not run.");
        // The counting styles (-c, --count-matches) are compared with grep and rg in the next section.
        foreach (var g in rows.Where(r => (r.Style ?? OutputStyle.Only) == OutputStyle.Only).GroupBy(r => (r.Workload, r.File)))
        {
            var lua = g.FirstOrDefault(r => r.Tool == LuaTool && r.Status == Status.Ok);
            md.Para($"**{g.Key.Workload}** on {g.Key.File} ({Size(g.First().FileBytes)}), in-process count: {InProcessCount(inProcess, g.Key.Workload, g.Key.File) ?? "not measured"}");
            md.Table(["tool", "mean ± sd (s)", "min (s)", "MB/s", "× lua+lpeg", "lines"], g.Select(r => (IReadOnlyList<string>)(r.Status == Status.Ok
                ? [r.Tool, $"{r.MeanS:F3} ± {r.StddevS:F3}", $"{r.MinS:F3}", Mbps(r.FileBytes / r.MeanS / 1e6),
                    lua is null ? "—" : $"{lua.MeanS / r.MeanS:F2}×", r.Lines?.ToString(CultureInfo.InvariantCulture) ?? "?"]
                : [r.Tool, r.Status + ": " + Short(r.Error), "", "", "", ""])));
        }
        md.Para("**Reference, another machine** (the original PyPeg study, its laptop, whole process on an 80 MB URL file, " +
            "the url-pypeg pattern): not comparable in absolute terms with the rows above, only as ratios.");
        md.Table(["tool (original study)", "time (s)", "× LPeg"],
        [
            ["LPeg (Lua script)", "2.64", "1.00×"],
            ["PyPeg (RPython tracing JIT)", "0.305", $"{2.64 / 0.305:F2}×"],
            ["grep", "0.34", $"{2.64 / 0.34:F2}×"],
        ]);
    }

    private static string? InProcessCount(IReadOnlyList<Measurement> rows, string workload, string file) =>
        rows.Where(m => m.IsOk && m.Workload == workload && m.File == file).Select(m => m.Result).FirstOrDefault();

    // Match counts (-o lines, --count-matches) must agree with each other and the in-process count; -c counts lines with
    // a match, so those tools must only agree with each other.
    private static IEnumerable<string> ProcessDisagreements(IReadOnlyList<ProcessMeasurement> rows, IReadOnlyList<Measurement> inProcess)
    {
        foreach (var g in rows.Where(r => r.Status == Status.Ok).GroupBy(r => (r.Workload, r.File, Matches: OutputStyle.CountsMatches(r.Style))))
        {
            var counts = g.Select(r => r.Lines).Distinct().ToList();
            bool recognize = g.Any(r => r.Style == OutputStyle.Recognize);
            string? expected = g.Key.Matches || recognize ? InProcessCount(inProcess, g.Key.Workload, g.Key.File) : null;
            string? printed = counts.Count != 1 ? null : recognize ? (counts[0] == 1 ? "valid" : "invalid") : "count=" + counts[0];
            bool mismatch = counts.Count > 1 || (expected is not null && printed != expected);
            if (mismatch)
                yield return $"whole process {g.Key.Workload} on {g.Key.File}: " + string.Join(", ", g.Select(r => $"{r.Tool} {r.Lines} lines")) +
                    (expected is null ? "" : $" (in-process {expected})");
        }
    }

    private static void BenchmarkDotNet(Markdown md, string dir)
    {
        md.Heading(2, "BenchmarkDotNet (in-process, MemoryDiagnoser)");
        string results = Path.Combine(dir, "bdn", "results");
        var reports = Directory.Exists(results) ? Directory.GetFiles(results, "*-report-github.md") : [];
        if (reports.Length == 0)
        {
            md.Para("Not run in this mode (`bench/run.sh full` or `bench/run.sh bdn` runs bench/Micro).");
            return;
        }
        foreach (var r in reports.Order())
        {
            md.Para($"From [{Path.GetFileName(r)}](bdn/results/{Path.GetFileName(r)}) " +
                $"(written {File.GetLastWriteTimeUtc(r).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}):");
            md.Line(File.ReadAllText(r).Trim()).Line();
        }
    }

    private static void Method(Markdown md, RunInfo info)
    {
        md.Heading(2, "Engines");
        md.Table(["engine", "what it is"], Registry.All.Select(r => (IReadOnlyList<string>)[r.Name, r.Description]), text: true);
        md.Table(["whole-process tool", "what it runs"], WholeProcess.Tools.Select(t => (IReadOnlyList<string>)[t.Name, t.Description]), text: true);
        md.Heading(2, "Method");
        md.Line($"- Protocol, the same for every runtime: load the file and prepare (compile the pattern, decode Latin-1 for Regex) " +
            $"outside the clock; one warm-up run, timed and kept as `first run`; then batches of 1, 2, 4… operations, a full GC " +
            $"before each, until a batch takes at least {info.TargetMs} ms; the last batch is reported. Each .NET row runs in a fresh " +
            "process (the harness re-launched with `measure`), so no JIT state, GC heap or tiering carries over between engines.");
        md.Line("- Clocks: Stopwatch (monotonic wall clock) in .NET; os.clock (process CPU time) in Lua, where LPeg runs on one thread.");
        md.Line("- PegJit and LPeg compile the very same re text. Search patterns return a table capture with one string per match; " +
            "its length is the count. Regexes give the same output, a list with one string per match (EnumerateMatches + " +
            "Substring), over the file decoded as Latin-1 (one char per byte), with ExplicitCapture.");
        md.Line("- Equivalence: every PEG repetition in the search patterns is followed by a character its loop cannot consume, so " +
            "possessive PEG repetition and backtracking (or leftmost-longest) regex repetition select the same strings; LPeg's " +
            "`%w`/`%d` are ASCII in the C locale, as the regexes' explicit ranges are. The counts are cross-checked on the real files above.");
        md.Line("- Search-API rows compile the workload's bare item (not the idiom) and call `Peg.Count`, `Peg.EnumerateMatches`, " +
            "`Peg.Matches` or a `Peg.Find` loop; their Regex counterparts call `regex.Count` or count `EnumerateMatches` (ExplicitCapture), " +
            "LPeg's folds the item into a number. For an item with captures (kv-capture) the idiom keeps a table of them per match, and the " +
            "regex idiom rows collect the groups' strings (no ExplicitCapture). The Count-over-string rows get the text decoded from UTF-8, " +
            "as ASCII or with non-ASCII characters; the throughput of every row is over the file's bytes.");
        md.Line("- Validation rows call the API once per line of a generated file of short strings (`Peg.Match(p, s).Success`, " +
            "`regex.IsMatch(s)` with `\\A...\\z`, LPeg's `p:match(s)`), each string made before timing.");
        md.Line("- Whole process: grep runs in the C locale, rg with its defaults; each tool's result (lines printed, or the number " +
            "printed) is read once outside the timing and cross-checked. At 5 MiB pegrep's time is mostly .NET start-up (see its " +
            "`absent` rows).");
        md.Line($"- LPeg's backtrack stack defaults to 400 entries; right recursion (json-rr) and deep nesting (json-deep) overflow it. " +
            $"Its failure is shown as a row (`fails: …`), and `lpeg-maxstack` runs the same script with lpeg.setmaxstack({LpegMaxStackRuntime.Limit}), " +
            "the largest value LPeg 1.0.2 accepts.");
        md.Line("- PyPeg's JSON grammar parses a list's last member twice (`MEMBERS = MEMBER ',' MEMBERS / MEMBER`), exponential in nesting; " +
            "json-rr factors the choice (`members <- member (',' members)?`) and keeps the right recursion.");
        md.Line();
        md.Heading(2, "Machine");
        md.Table(["", ""],
        [
            ["CPU", info.Cpu], ["logical cores", info.Cores.ToString(CultureInfo.InvariantCulture)], ["memory", info.Memory],
            ["OS", info.Os], [".NET", info.Dotnet], ["Lua", info.Lua], ["tools", info.Tools],
            ["command", info.Command], ["date", info.StartedUtc],
        ], text: true);
    }
}
