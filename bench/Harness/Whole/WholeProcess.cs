// Whole-process comparison: every tool's command for a search, timed by hyperfine, output lines cross-checked.
using System.Text.Json;
using PegJit.Bench.Runtimes;

namespace PegJit.Bench.Whole;

/// <summary>One tool's whole-process timing of a search over a file.</summary>
public sealed record ProcessMeasurement
{
    /// <summary>Row type in results.jsonl.</summary>
    public string Type { get; init; } = "process";
    /// <summary>Tool row name (the tool and its style, e.g. <c>rg -c</c>).</summary>
    public string Tool { get; init; } = "";
    /// <summary>What the command prints (<see cref="OutputStyle"/>); null in earlier runs, which all used -o.</summary>
    public string? Style { get; init; }
    /// <summary>Workload name.</summary>
    public string Workload { get; init; } = "";
    /// <summary>Corpus file label.</summary>
    public string File { get; init; } = "";
    /// <summary>Its size.</summary>
    public long FileBytes { get; init; }
    /// <summary>See <see cref="Bench.Status"/>.</summary>
    public string Status { get; init; } = Bench.Status.Ok;
    /// <summary>Why not measured.</summary>
    public string? Error { get; init; }
    /// <summary>The command line timed.</summary>
    public string? Command { get; init; }
    /// <summary>hyperfine's mean wall time.</summary>
    public double MeanS { get; init; }
    /// <summary>Its standard deviation.</summary>
    public double StddevS { get; init; }
    /// <summary>Fastest run.</summary>
    public double MinS { get; init; }
    /// <summary>Timed runs.</summary>
    public int Runs { get; init; }
    /// <summary>The command's result, read once outside the timing: the lines it printed (-o: one per match), or the
    /// number it printed (-c: lines with a match; --count-matches: matches).</summary>
    public long? Lines { get; init; }
}

/// <summary>Runs the whole-process comparison.</summary>
public sealed class WholeProcess(bool full, Action<string> progress)
{
    /// <summary>The tools: the -o ones, LPeg's (the base of the -o table's ratios) last of them; then the counting styles.</summary>
    public static readonly IReadOnlyList<IProcessTool> Tools =
    [
        new PegrepTool(), new GrepTool(), new RipgrepTool(), new LuaLpegTool(),
        new PegrepTool(OutputStyle.Lines), new GrepTool(OutputStyle.Lines), new RipgrepTool(OutputStyle.Lines),
        new PegrepTool(OutputStyle.Matches), new RipgrepTool(OutputStyle.Matches),
        new PegrepGrammarTool(), new LuaLpegRecognizeTool(),
    ];

    /// <summary>Every search and recognition workload over its files (<paramref name="files"/> of the workload), each tool
    /// that can run it once in one hyperfine invocation.</summary>
    public List<ProcessMeasurement> Run(IEnumerable<Workload> workloads, Func<Workload, IReadOnlyList<CorpusFile>> files)
    {
        var rows = new List<ProcessMeasurement>();
        var hyperfine = Proc.Version("hyperfine", "--version");
        var availability = Tools.ToDictionary(t => t, t => t.Check());
        foreach (var w in workloads.Where(w => w.Kind is WorkloadKind.Search or WorkloadKind.Recognize))
            foreach (var f in files(w))
                rows.AddRange(Compare(w, f, hyperfine, availability));
        return rows;
    }

    private List<ProcessMeasurement> Compare(Workload w, CorpusFile f, string? hyperfine, Dictionary<IProcessTool, Availability> availability)
    {
        var row = new ProcessMeasurement { Workload = w.Name, File = f.Label, FileBytes = f.Bytes };
        if (!f.Exists) return [.. Tools.Select(t => row with { Tool = t.Name, Style = t.Style, Status = Status.Missing, Error = f.Path + " missing" })];
        var rows = new List<ProcessMeasurement>();
        var timed = new List<(IProcessTool Tool, string Command)>();
        foreach (var t in Tools)
        {
            var a = availability[t];
            string? cmd = a.Ok ? t.Command(w, f.Path) : null;
            if (!a.Ok) rows.Add(row with { Tool = t.Name, Style = t.Style, Status = Status.Unavailable, Error = a.Detail });
            else if (cmd is not null) timed.Add((t, cmd));
        }
        if (timed.Count == 0) return rows;
        if (hyperfine is null)
            return [.. rows, .. timed.Select(x => row with { Tool = x.Tool.Name, Style = x.Tool.Style, Status = Status.Unavailable, Error = "hyperfine not found (apt-get install hyperfine)" })];
        progress($"whole process: {w.Name} {f.Label}: {string.Join(", ", timed.Select(x => x.Tool.Name))}");
        var lines = timed.ToDictionary(x => x.Tool, x => Result(x.Tool.Style, x.Command));
        rows.AddRange(Hyperfine(w, f, timed).Select(r => (r.Tool, r.Row)).Select(x => x.Row with
        {
            Workload = w.Name, File = f.Label, FileBytes = f.Bytes, Lines = lines[x.Tool], Style = x.Tool.Style,
        }));
        return rows;
    }

    // One pass outside the timing, for the cross-check: the number of lines an -o command prints, or the number a
    // counting command prints (grep and rg exit 1 when nothing matches; rg -c then prints nothing); a recognition's exit
    // status as 1 (matched) or 0.
    private static long? Result(string style, string command)
    {
        if (style == OutputStyle.Recognize)
            return Proc.Shell(command, 600).ExitCode switch { 0 => 1, 1 => 0, _ => null };
        if (style == OutputStyle.Only)
        {
            var r = Proc.Shell(command + " | wc -l", 600);
            return r.ExitCode == 0 && long.TryParse(r.Stdout.Trim(), out long n) ? n : null;
        }
        var c = Proc.Shell(command, 600);
        string text = c.Stdout.Trim();
        if (c.ExitCode is not (0 or 1)) return null;
        return text.Length == 0 ? 0 : long.TryParse(text, out long count) ? count : null;
    }

    private IEnumerable<(IProcessTool Tool, ProcessMeasurement Row)> Hyperfine(Workload w, CorpusFile f, List<(IProcessTool Tool, string Command)> timed)
    {
        Directory.CreateDirectory(Paths.Gen);
        string json = Path.Combine(Paths.Gen, $"hyperfine-{w.Name}-{f.Label}.json");
        // -i: grep and rg exit 1 when nothing matches, which is a result here, not a failure. Output goes through a
        // pipe and is discarded: GNU grep detects a /dev/null stdout and stops at the first match, measuring nothing.
        var args = new List<string> { "-i", "--style", "basic", "--warmup", full ? "2" : "1", "--runs", full ? "10" : "5",
            "--output", "pipe", "--export-json", json };
        foreach (var (tool, cmd) in timed) args.AddRange(["-n", tool.Name, cmd]);
        var r = Proc.Run("hyperfine", args, 3600);
        var results = r.ExitCode == 0 ? Parse(json) : [];
        for (int i = 0; i < timed.Count; i++)
        {
            var (tool, cmd) = timed[i];
            yield return (tool, i < results.Count
                ? results[i] with { Tool = tool.Name, Command = cmd }
                : new ProcessMeasurement { Tool = tool.Name, Command = cmd, Status = Status.Failed, Error = "hyperfine failed: " + r.StderrTail() });
        }
    }

    private static List<ProcessMeasurement> Parse(string json)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        return [.. doc.RootElement.GetProperty("results").EnumerateArray().Select(e => new ProcessMeasurement
        {
            MeanS = e.GetProperty("mean").GetDouble(),
            StddevS = e.TryGetProperty("stddev", out var sd) && sd.ValueKind == JsonValueKind.Number ? sd.GetDouble() : 0,
            MinS = e.GetProperty("min").GetDouble(),
            Runs = e.GetProperty("times").GetArrayLength(),
        })];
    }
}
