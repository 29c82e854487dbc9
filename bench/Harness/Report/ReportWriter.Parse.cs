// Report sections for the parse workloads (PegJit against Parlot, Pidgin, JsonDocument, LPeg) and the three JSON
// recognition grammars (in process, whole process, first run against steady state).
using System.Globalization;
using PegJit.Bench.Whole;

namespace PegJit.Bench.Report;

public static partial class ReportWriter
{
    private static readonly string[] ParseEngines = ["pegjit-jit", "pegjit-interp", "lpeg", "parlot", "pidgin", "jsondocument"];
    private static readonly string[] RecognitionEngines = ["pegjit-jit", "pegjit-interp", "lpeg", "lpeg-maxstack", "utf8jsonreader"];

    /// <summary>The JSON recognition workloads compared grammar against grammar.</summary>
    private static readonly string[] JsonGrammars = ["json", "json-rr", "json-railroad"];

    private static void ParseSection(Markdown md, IReadOnlyList<Measurement> rows)
    {
        var parse = Workloads.All.Where(w => w.Kind == WorkloadKind.Parse && rows.Any(m => m.Workload == w.Name)).ToList();
        if (parse.Count == 0) return;
        md.Heading(2, "Parse workloads: values built by captures");
        md.Para("Each engine parses the whole file into values and walks them inside the operation (a tally of values, " +
            "numbers and string bytes; rows and fields; lines and their sum), so nothing is built lazily and left unread. PegJit " +
            "and LPeg compile the same re grammar with their own defs (`Parse/PegJitParse.cs`, `Runtimes/parse_defs.lua`) and match " +
            "the file's bytes (string captures are byte arrays, as Lua strings); Parlot and Pidgin parse the file as a .NET " +
            "string (decoded outside the clock) into a small tree, rows of strings or doubles; JsonDocument parses the bytes and " +
            "the walk decodes every string. `× pegjit-jit` is the engine's time over PegJit's (JIT on, warm): above 1, PegJit is " +
            "faster. `first run` is the first operation in a fresh process (for the JIT: interpreting, recording, compiling).");
        foreach (var w in parse)
        {
            md.Heading(3, $"{w.Name}: {w.Title}");
            md.Code(w.Re, "");
            foreach (var file in FilesOf(rows, w.Name))
            {
                var jit = FindRow(rows, "pegjit-jit", w.Name, file);
                var mine = ParseEngines.Select(e => FindRow(rows, e, w.Name, file)).OfType<Measurement>().ToList();
                md.Para($"**{file}** ({Size(mine.First().FileBytes)}), result: {ResultOf(mine, file)}");
                md.Table(["engine", "MB/s", "ms/op", "first run ms", "allocated/op", "× pegjit-jit"],
                    mine.Select(m => (IReadOnlyList<string>)[m.Engine, MbpsOf(m), m.IsOk ? Ms(m.NsPerOp) : Short(m.Error),
                        m.IsOk ? Ms(m.FirstNs) : "—", m.AllocBytesPerOp is { } a ? Size((long)a) : "—",
                        m.Engine == "pegjit-jit" ? "1" : Ratio(m, jit)]), left: 1);
            }
        }
    }

    private static void JsonGrammarsSection(Markdown md, IReadOnlyList<Measurement> rows, IReadOnlyList<ProcessMeasurement> process)
    {
        var grammars = JsonGrammars.Where(g => rows.Any(m => m.Workload == g) || process.Any(p => p.Workload == g)).ToList();
        if (grammars.Count == 0) return;
        md.Heading(2, "JSON recognition: three grammars");
        md.Para("`json` (loops), `json-rr` (right recursion) and `json-railroad` (written from json.org's diagrams) recognize the " +
            "same documents. In process on the largest JSON file of the run: MB/s and, in brackets, LPeg's time over the engine's " +
            "(LPeg with setmaxstack when its default stack overflows). `cold/steady` is the first operation in a fresh process over the " +
            "steady one (for the JIT the first run interprets, records and compiles; for LPeg it is re.compile'd already).");
        md.Table(["grammar", "file", "pegjit-jit", "pegjit-interp", "lpeg", "lpeg-maxstack", "utf8jsonreader",
                "cold/steady: jit", "interp", "lpeg"],
            from g in grammars
            let file = rows.Where(m => m.Workload == g).MaxBy(m => m.FileBytes)?.File
            where file is not null
            let mine = rows.Where(m => m.Workload == g && m.File == file).ToList()
            let lpeg = FindRow(mine, "lpeg", g, file) is { IsOk: true } l ? l : FindRow(mine, "lpeg-maxstack", g, file)
            select (IReadOnlyList<string>)[g, file,
                .. RecognitionEngines.Select(e => FindRow(mine, e, g, file) is { } m
                    ? m.IsOk ? $"{Mbps(m.MBps)}" + (e.StartsWith("lpeg", StringComparison.Ordinal) ? "" : $" ({Ratio(lpeg, m)})") : "fails: " + Short(m.Error)
                    : "—"),
                ColdSteady(FindRow(mine, "pegjit-jit", g, file)), ColdSteady(FindRow(mine, "pegjit-interp", g, file)), ColdSteady(lpeg)], left: 2);
        var whole = process.Where(p => p.Style == OutputStyle.Recognize && grammars.Contains(p.Workload)).ToList();
        if (whole.Count == 0) return;
        md.Para("Whole process (hyperfine mean wall time; start-up, reading the file, one match): `pegrep -U -x -q --grammar FILE` " +
            "against a lua5.4 script matching the same grammar with LPeg (setmaxstack for `json-rr`). `× lua+lpeg` is lua's time over " +
            "pegrep's: above 1, pegrep is faster. `result` is each tool's exit status read as valid/invalid.");
        md.Table(["grammar", "file", "pegrep (s)", "lua+lpeg (s)", "pegrep MB/s", "lua+lpeg MB/s", "× lua+lpeg", "result"],
            from g in whole.GroupBy(p => (p.Workload, p.File))
            let pegrep = g.FirstOrDefault(p => p.Tool == new PegrepGrammarTool().Name)
            let lua = g.FirstOrDefault(p => p.Tool == new LuaLpegRecognizeTool().Name)
            select (IReadOnlyList<string>)[g.Key.Workload, g.Key.File, ProcessSeconds(pegrep), ProcessSeconds(lua),
                ProcessMbps(pegrep), ProcessMbps(lua),
                pegrep is { Status: Status.Ok } && lua is { Status: Status.Ok } ? TimeRatio(lua, pegrep) : "—",
                string.Join(" / ", g.Select(p => p.Lines switch { 1 => "valid", 0 => "invalid", _ => "?" }).Distinct())], left: 2);
    }

    private static string ColdSteady(Measurement? m) =>
        m is { IsOk: true } ? (m.FirstNs / m.NsPerOp).ToString("F2", CultureInfo.InvariantCulture) + "×" : "—";

    private static string ProcessSeconds(ProcessMeasurement? r) => r switch
    {
        null => "—",
        { Status: Status.Ok } => Seconds(r),
        _ => r.Status + ": " + Short(r.Error),
    };

    private static string ProcessMbps(ProcessMeasurement? r) => r is { Status: Status.Ok } ? Mbps(r.FileBytes / r.MeanS / 1e6) : "—";
}
