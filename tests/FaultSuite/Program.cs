// The fault suite's long part: each mode prints one markdown table of figures (see run.sh).
using System.Diagnostics;
using System.Text;
using PegJit;
using PegJit.Tests.Fault;
using PegJit.Tracer;
using static PegJit.Pattern;

var engines = new (string Name, TracerOptions Jit)[]
{
    ("interpreter", TracerOptions.Default with { Mode = JitMode.Off }),
    ("jit", TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 1 }),
    ("jit, forced exits", TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 1, ForceGuardFailureEvery = 3 }),
};

switch (args.ElementAtOrDefault(0))
{
    case "fuzz": Fuzz(int.Parse(args[1]), int.Parse(args[2])); break;
    case "deep": DeepTrees(); break;
    case "deadlines": Deadlines(); break;
    case "memory": Memory(long.Parse(args[1])); break;
    case "threads": Threads(); break;
    default: Console.Error.WriteLine("usage: FaultSuite fuzz COUNT SEED | deep | deadlines | memory BYTES | threads"); return 2;
}
return 0;

// Compile (and match, on a rotating engine) COUNT fuzzed texts. Each match has a 2 s deadline and there are 21 of
// them, so a text not done in 60 s hangs; a compile over 1 s that is not a limit error is listed.
void Fuzz(int count, int seed)
{
    var fuzzer = new PatternFuzzer(seed);
    var outcomes = new Dictionary<PatternFuzzer.Outcome, int>();
    var times = new List<double>(count);
    var bad = new List<string>();
    int hangs = 0, slowCompiles = 0;
    var total = Stopwatch.StartNew();
    for (int i = 0; i < count; i++)
    {
        string text = fuzzer.Next();
        var jit = engines[i % engines.Length].Jit;
        var run = Task.Run(() => PatternFuzzer.Run(text, jit));
        if (!run.Wait(TimeSpan.FromSeconds(60))) { hangs++; bad.Add($"hang: {Show(text)}"); continue; }
        var (outcome, compile, detail) = run.Result;
        outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        times.Add(compile.TotalMilliseconds);
        if (outcome == PatternFuzzer.Outcome.Undocumented) bad.Add($"{detail}: {Show(text)}");
        if (compile > TimeSpan.FromSeconds(1) && outcome != PatternFuzzer.Outcome.LimitError)
        {
            slowCompiles++;
            bad.Add($"compile {compile.TotalMilliseconds:F0} ms: {Show(text)}");
        }
    }
    times.Sort();
    double P(double q) => times.Count == 0 ? 0 : times[Math.Min(times.Count - 1, (int)(q * times.Count))];
    Console.WriteLine($"| texts | seed | hangs | undocumented | compile > 1 s | compiled | syntax | grammar | limit | other | compile p50 / p99 / p99.9 / max (ms) | wall (s) |");
    Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    int O(PatternFuzzer.Outcome o) => outcomes.GetValueOrDefault(o);
    Console.WriteLine($"| {count} | {seed} | {hangs} | {O(PatternFuzzer.Outcome.Undocumented)} | {slowCompiles} | {O(PatternFuzzer.Outcome.Compiled)} | {O(PatternFuzzer.Outcome.SyntaxError)} | " +
        $"{O(PatternFuzzer.Outcome.GrammarError)} | {O(PatternFuzzer.Outcome.LimitError)} | {O(PatternFuzzer.Outcome.OtherPegError)} | " +
        $"{P(0.5):F2} / {P(0.99):F2} / {P(0.999):F2} / {(times.Count > 0 ? times[^1] : 0):F0} | {total.Elapsed.TotalSeconds:F0} |");
    foreach (var b in bad.Take(30)) Console.WriteLine($"\n    {b}");
}

static string Show(string text) => text.Length > 120 ? text[..120] + "..." : text.Replace("\n", "\\n");

// 100,000 levels of each node kind, a 10 MB literal, a 1,000-rule grammar, 16,000 alternatives: compile times.
void DeepTrees()
{
    Console.WriteLine("| pattern | build (ms) | compile (ms) | search program (ms) | dump tree + code (MB) |");
    Console.WriteLine("| --- | --- | --- | --- | --- |");
    foreach (var kind in DeepPatterns.Kinds)
        Row($"100,000 levels: {kind}", () => DeepPatterns.Nest(kind, 100_000));
    Row("literal of 10 MB", () => P(new string('q', 10_000_000)));
    Row("grammar of 1,000 rules", () => Re.Compile(string.Concat(Enumerable.Range(0, 1000).Select(i => $"R{i} <- 'x{i}' R{(i + 1) % 1000} / 'y' R{i / 2} / {{'z'}}\n"))));
    Row("16,000 literal alternatives", () => Re.Compile(string.Join(" / ", Enumerable.Range(0, 16_000).Select(i => $"'w{i}x'"))));
    Row(".^-1000000 (refused)", () => Re.Compile(".^-1000000"));
    Row("'a' ^2 thirty times (refused)", () => Re.Compile("'a'" + string.Concat(Enumerable.Repeat(" ^2", 30))));
}

void Row(string name, Func<Pattern> build)
{
    var sw = Stopwatch.StartNew();
    try
    {
        var p = build();
        double b = sw.Elapsed.TotalMilliseconds;
        _ = p.Program;
        double c = sw.Elapsed.TotalMilliseconds - b;
        _ = Peg.Count(p, "xyz");
        double s = sw.Elapsed.TotalMilliseconds - b - c;
        var dump = new CountingWriter();
        p.DumpTree(dump);
        p.DumpCode(dump);
        Console.WriteLine($"| {name} | {b:F0} | {c:F0} | {s:F0} | {dump.Chars / 1e6:F1} |");
    }
    catch (PegLimitException e) { Console.WriteLine($"| {name} | PegLimitException after {sw.Elapsed.TotalMilliseconds:F0} ms: {e.Message} | | | |"); }
}

// Pathological searches with a 100 ms deadline: how long past it each engine took to stop.
void Deadlines()
{
    var cases = new (string Text, string Subject)[]
    {
        ("('a' 'x'?)* '!'", new string('a', 400_000) + "b!"),
        ("('a' / 'b')^-3000 [cd]", new string('a', 400_000) + "e"),
        ("S <- A* '!'  A <- 'a' 'x'?", new string('a', 400_000) + "b!"),
        ("{| ({'a'} 'x'?)* |} '!'", new string('a', 400_000) + "b!"),
    };
    Console.WriteLine("| pattern | entry point | " + string.Join(" | ", engines.Select(e => e.Name + " overshoot (ms)")) + " |");
    Console.WriteLine("| --- | --- |" + string.Concat(engines.Select(_ => " --- |")));
    foreach (var (text, subjectText) in cases)
    {
        var p = Re.Compile(text);
        var subject = Encoding.ASCII.GetBytes(subjectText);
        foreach (var op in new[] { "Find", "Count", "Matches", "Replace" })
        {
            var cells = engines.Select(e =>
            {
                var o = new MatchOptions { Jit = e.Jit, Timeout = TimeSpan.FromMilliseconds(100) };
                _ = Peg.Count(p, "ab!", options: o);   // compiled before the clock starts
                var sw = Stopwatch.StartNew();
                try
                {
                    switch (op)
                    {
                        case "Find": Peg.Find(p, subject, options: o); break;
                        case "Count": Peg.Count(p, subject, options: o); break;
                        case "Matches": Peg.Matches(p, subject, options: o); break;
                        default: Peg.Replace(p, subjectText, "x", o); break;
                    }
                    return "finished";
                }
                catch (OperationCanceledException) { return $"{sw.Elapsed.TotalMilliseconds - 100:F0}"; }
            });
            Console.WriteLine($"| `{text}` | {op} | {string.Join(" | ", cells)} |");
        }
    }
}

// EnumerateMatches over a subject of BYTES bytes: peak working set against the subject's size.
void Memory(long bytes)
{
    var subject = new byte[bytes];
    var line = Encoding.ASCII.GetBytes("GET /index.html 200 id=12345\n");
    for (long i = 0; i < bytes; i++) subject[i] = line[i % line.Length];
    var p = Re.Compile("'id=' %d+");
    var sw = Stopwatch.StartNew();
    long n = 0;
    foreach (var m in Peg.EnumerateMatches(p, subject)) n += m.Length > 0 ? 1 : 0;
    Console.WriteLine("| subject (MB) | matches | seconds | peak working set (MB) |");
    Console.WriteLine("| --- | --- | --- | --- |");
    Console.WriteLine($"| {bytes >> 20} | {n} | {sw.Elapsed.TotalSeconds:F1} | {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} |");
}

// 16 threads share one pattern whose traces compile while they match; every result must equal the interpreter's.
void Threads()
{
    var p = Re.Compile("{| ( {[a-z]+} '=' {%d+} / . )* |}");
    var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"k{i % 7}x={i} ;"));
    var expected = Peg.Match(p, text, options: new MatchOptions { Jit = engines[0].Jit }).Value?.ToString();
    int wrong = 0, runs = 0;
    var sw = Stopwatch.StartNew();
    Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, t =>
    {
        for (int i = 0; i < 50; i++)
        {
            var got = Peg.Match(p, text, options: new MatchOptions { Jit = engines[1 + (t + i) % 2].Jit }).Value?.ToString();
            Interlocked.Increment(ref runs);
            if (got != expected) Interlocked.Increment(ref wrong);
        }
    });
    Console.WriteLine("| threads | matches | wrong results | seconds |");
    Console.WriteLine("| --- | --- | --- | --- |");
    Console.WriteLine($"| 16 | {runs} | {wrong} | {sw.Elapsed.TotalSeconds:F1} |");
}

sealed class CountingWriter : TextWriter
{
    public long Chars { get; private set; }
    public override Encoding Encoding => Encoding.UTF8;
    public override void Write(char value) => Chars++;
}
