// --engine, --trace-log and the JIT figures of --stats: every engine prints the same, and the JIT's events show it ran.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

public class EngineTests
{
    private static readonly string[] Engines = ["interp", "jit", "auto"];

    // A loop the tracer records ((!' ' .)+ runs an instruction per byte), with captures for --json.
    private const string Loop = "{(!' ' .)+} ' ' {[0-9]+} !.";

    // Lines of words ending (mostly) in a number: 200 KB, enough lines that the JIT's traces are entered often and
    // (with auto) turn hot; 40 KB for the table of output modes, where jit compiles at the first line anyway.
    private static readonly string Generated = MakeText(200_000);
    private static readonly string Small = MakeText(40_000);

    private static string MakeText(int size)
    {
        string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
        var rng = new Random(11);
        var sb = new StringBuilder();
        for (int i = 0; sb.Length < size; i++)
        {
            for (int w = rng.Next(1, 8); w > 0; w--) sb.Append(words[rng.Next(words.Length)]).Append(' ');
            sb.Append(i % 7 == 0 ? "end" : (i * 7919 % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }
        return sb.ToString();
    }

    public static readonly string[][] Modes =
        [[], ["-n", "-o"], ["-c"], ["--count-matches"], ["--json"], ["-v", "-n"], ["-x", "-c"], ["-U", "-c"], ["-U", "-o"], ["-l"]];

    public static TheoryData<string> ModeCases()
    {
        var data = new TheoryData<string>();
        foreach (var mode in Modes) data.Add(string.Join(' ', mode));
        return data;
    }

    [Theory]
    [MemberData(nameof(ModeCases))]
    public void EveryEngineGivesTheInterpretersOutput(string mode)
    {
        using var dir = new TempDir();
        string file = dir.File("words.txt", Small);
        string[] flags = mode.Length == 0 ? [] : mode.Split(' ');
        var interp = Pegrep.Run([.. flags, "--engine", "interp", Loop, file]);
        Assert.NotEqual(2, interp.Status);
        foreach (var engine in Engines.Skip(1))
        {
            var r = Pegrep.Run([.. flags, "--engine", engine, Loop, file]);
            Assert.Equal((engine, interp.Status, JsonTimes.Zero(interp.Out)), (engine, r.Status, JsonTimes.Zero(r.Out)));
        }
    }

    [Fact]
    public void TraceLogOfTheJitHasItsEventsAndTheOutputIsTheInterpreters()
    {
        using var dir = new TempDir();
        // Several files searched at once: events arrive from several threads.
        string[] files = [.. Enumerable.Range(0, 4).Select(i => dir.File($"words{i}.txt", Generated))];
        string log = Path.Combine(dir.Path, "trace.log");
        var jit = Pegrep.Run(["-j", "4", "-n", "--engine", "jit", "--trace-log", log, Loop, .. files]);
        var interp = Pegrep.Run(["-j", "4", "-n", "--engine", "interp", Loop, .. files]);
        Assert.Equal(0, jit.Status);
        Assert.Equal(interp.Out, jit.Out);
        string[] lines = File.ReadAllLines(log);
        Assert.StartsWith("# pegrep trace log; engine requested: jit; JIT mode: always", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("[trace ", StringComparison.Ordinal) && l.Contains("] recorded: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("[trace ", StringComparison.Ordinal) && l.Contains("] compiled: ", StringComparison.Ordinal));
        Assert.Matches(@"^# events: [1-9][0-9]*$", lines[^2]);
        Assert.Matches(@"^# pattern: traces [1-9][0-9]* \(side [0-9]+\) in [1-9][0-9]* compilations, aborts [0-9]+, compile [0-9.]+ ms, entries [0-9]+", lines[^1]);
    }

    [Fact]
    public void TraceLogOfTheInterpreterHasNoEvents()
    {
        using var dir = new TempDir();
        string file = dir.File("words.txt", Generated);
        string log = Path.Combine(dir.Path, "trace.log");
        var r = Pegrep.Run("-c", "--engine", "interp", "--trace-log", log, Loop, file);
        Assert.Equal(0, r.Status);
        string[] lines = File.ReadAllLines(log);
        Assert.Equal(
        [
            "# pegrep trace log; engine requested: interp; JIT mode: off (the interpreter runs alone: no trace is recorded)",
            "# no events: the interpreter ran alone",
            "# pattern: no JIT activity (the interpreter ran alone)",
        ], lines);
    }

    [Fact]
    public void TraceLogOfAutoOnASmallInputSaysNothingGotHot()
    {
        using var dir = new TempDir();
        string log = Path.Combine(dir.Path, "trace.log");
        Assert.Equal(0, Pegrep.RunWithInput("alpha 1\n", "--trace-log", log, Loop).Status);
        string[] lines = File.ReadAllLines(log);
        Assert.StartsWith("# pegrep trace log; engine requested: auto; JIT mode: auto", lines[0]);
        Assert.Equal(["# events: 0", "# pattern: no JIT activity (no loop reached 100000 visits)"], lines[1..]);
    }

    [Fact]
    public void UnwritableTraceLogIsTwo()
    {
        using var dir = new TempDir();
        string log = Path.Combine(dir.Path, "no such directory", "trace.log");
        var r = Pegrep.RunWithInput("alpha 1\n", "--trace-log", log, "'alpha'");
        Assert.Equal(2, r.Status);
        Assert.Equal("", r.Out);
        Assert.StartsWith($"pegrep: {log}: ", r.Err);
    }

    [Fact]
    public void StatsReportTheJitsTraces()
    {
        using var dir = new TempDir();
        string file = dir.File("words.txt", Generated);
        var jit = Pegrep.Run("-c", "--stats", "--engine", "jit", Loop, file);
        Assert.Matches(@"\npegrep: stats: jit \(pattern\): traces [1-9][0-9]* \(side [0-9]+\), aborts [0-9]+, compile [0-9.]+ ms, " +
                       @"entries [1-9][0-9]*, bytes in traces [0-9]+ \([0-9.]+% of bytes searched\)\n$", jit.Err);
        var interp = Pegrep.Run("-c", "--stats", "--engine", "interp", Loop, file);
        Assert.EndsWith("\npegrep: stats: jit (pattern): no JIT activity (the interpreter ran alone)\n", interp.Err);
        Assert.Equal(interp.Out, jit.Out);
    }

    [Fact]
    public void OracleModeRunsEveryEngineAlike()
    {
        using var dir = new TempDir();
        string pattern = dir.File("p.peg", "({(!' ' .)+} ' '?)*\n");
        var subjects = Generated.Split('\n', StringSplitOptions.RemoveEmptyEntries).Take(300).Select(l => $"\"{l}\"");
        string file = dir.File("subjects.json", string.Join('\n', subjects) + "\n");
        var interp = Pegrep.Run("--lpeg-json", "--engine", "interp", "--grammar", pattern, file);
        Assert.Equal(0, interp.Status);
        Assert.Equal(300, interp.Lines.Length);
        foreach (var engine in Engines.Skip(1))
            Assert.Equal((engine, interp.Out), (engine, Pegrep.Run("--lpeg-json", "--engine", engine, "--grammar", pattern, file).Out));
    }
}
