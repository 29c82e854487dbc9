// Quick in-process timings without BenchmarkDotNet: interpreter throughput, JIT compile time by phase, and what the JIT
// costs a large grammar that never gets hot. `dotnet run -c Release --project bench/Micro -- quick <interp|compile|cold>`.
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PegJit.Tracer;

namespace PegJit.Bench.Micro;

internal static partial class Quick
{
    /// <summary>JSON after json.org's grammar (element, members, elements, character, escape, number), written
    /// independently of the benchmark's grammar; whitespace is %s.</summary>
    public const string JsonOrg = """
        json       <- element !.
        element    <- ws value ws
        value      <- object / array / string / number / 'true' / 'false' / 'null'
        object     <- '{' ws '}' / '{' members '}'
        members    <- member (',' member)*
        member     <- ws string ws ':' element
        array      <- '[' ws ']' / '[' elements ']'
        elements   <- element (',' element)*
        string     <- '"' character* '"'
        character  <- [^"\%c] / '\' escape
        escape     <- ["\/bfnrt] / 'u' hex hex hex hex
        hex        <- [0-9a-fA-F]
        number     <- '-'? ('0' / [1-9] [0-9]*) ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
        ws         <- %s*
        """;

    public static int Run(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "interp": Interp(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 15); return 0;
            case "compile": Compile(); return 0;
            case "cold": Cold(); return 0;
            default: Console.Error.WriteLine("usage: quick interp [iterations] | compile | cold"); return 2;
        }
    }

    // Median time of the interpreter alone over the bench's JSON grammar and the URL search, 5 MB each.
    private static void Interp(int iterations)
    {
        var off = Files.Options(JitMode.Off);
        var json = Files.Load("json-5m.json");
        var urls = Files.Load("urls-5m.txt");
        var cases = new (string Name, Pattern P, byte[] Data)[]
        {
            ("json (bench grammar)", Re.Compile(Workloads.Json.Re), json),
            ("json (json.org grammar)", Re.Compile(JsonOrg), json),
            ("url-full search", Re.Compile(Workloads.UrlFull.Re), urls),
        };
        foreach (var (name, p, data) in cases)
        {
            for (int i = 0; i < 3; i++) Peg.Match(p, data, 0, off);
            var ms = new List<double>();
            for (int i = 0; i < iterations; i++)
            {
                long t0 = Stopwatch.GetTimestamp();
                Peg.Match(p, data, 0, off);
                ms.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
            ms.Sort();
            Console.WriteLine($"{name,-26} median {ms[ms.Count / 2],8:F2} ms  min {ms[0],8:F2} ms  {data.Length / 1e6 / (ms[ms.Count / 2] / 1000),7:F1} MB/s");
        }
    }

    private static readonly string[] Fields = ["record", "emit", "delegate", "jit", "il", "locals"];
    private static readonly string[] Times = ["record", "emit", "delegate", "jit"];
    private static readonly string[] Sizes = ["il", "locals"];

    [GeneratedRegex(@"record (?<record>[\d.]+) ms, emit (?<emit>[\d.]+) ms, delegate (?<delegate>[\d.]+) ms, runtime jit (?<jit>[\d.]+) ms, (?<il>\d+) IL bytes, (?<locals>\d+) locals")]
    private static partial Regex PhasesText();

    // Every trace compiled while matching 5 MB of JSON (Auto mode, compiled at once so that phases are not interleaved
    // with matching on another thread): median and total per phase.
    private static void Compile()
    {
        var json = Files.Load("json-5m.json");
        foreach (var (name, grammar) in new[] { ("bench grammar", Workloads.Json.Re), ("json.org grammar", JsonOrg) })
        {
            var rows = new List<Dictionary<string, double>>();
            var jit = TracerOptions.Default with
            {
                BackgroundCompile = false,
                Log = e =>
                {
                    if (e.Kind is not (TraceEventKind.Compiled or TraceEventKind.SideTrace)) return;
                    var m = PhasesText().Match(e.Detail);
                    if (!m.Success) return;   // a build without phase times: only the totals below
                    rows.Add(Fields.ToDictionary(k => k, k => double.Parse(m.Groups[k].Value, CultureInfo.InvariantCulture)));
                },
            };
            var p = Re.Compile(grammar);
            long t0 = Stopwatch.GetTimestamp();
            bool ok = Peg.Match(p, json, 0, new MatchOptions { Jit = jit }).Success;
            double total = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            Console.WriteLine($"== {name}: match {ok} in {total:F1} ms, {rows.Count} traces; {JitDiagnostics.Statistics(p, jit)}");
            Console.WriteLine($"   {"phase",-10} {"median",10} {"total",10}");
            foreach (var k in Times)
            {
                var v = rows.Select(r => r[k]).Order().ToList();
                Console.WriteLine($"   {k,-10} {(v.Count > 0 ? v[v.Count / 2] : 0),7:F3} ms {v.Sum(),7:F2} ms");
            }
            foreach (var k in Sizes)
            {
                var v = rows.Select(r => r[k]).Order().ToList();
                Console.WriteLine($"   {k,-10} median {(v.Count > 0 ? v[v.Count / 2] : 0),6} max {(v.Count > 0 ? v[^1] : 0),6}");
            }
        }
    }

    // Grammars of 500 and 1,000 rules matched once on a short subject: the JIT's cost for a pattern that never gets hot
    // is the first match with the JIT on less a match with it off, on fresh patterns. A chain of non-recursive rules
    // (which the compiler may inline), and a ring of rules that
    // call each other (calls stay calls).
    private static void Cold()
    {
        foreach (var (shape, make) in new (string, Func<int, string>)[] { ("chain", Chain), ("ring", Ring) })
            foreach (int rules in new[] { 500, 1000 })
            {
                var (with, without) = FirstMatch(make(rules));
                Console.WriteLine($"{shape} of {rules} rules: first match with the JIT {with:F3} ms, JIT off {without:F3} ms (medians of 21)");
            }
    }

    private static (double With, double Without) FirstMatch(string grammar)
    {
        var on = Files.Options(JitMode.Auto);
        var off = Files.Options(JitMode.Off);
        var withJit = new List<double>();
        var without = new List<double>();
        for (int k = 0; k < 21; k++)
        {
            var p = Re.Compile(grammar);
            long tc = Stopwatch.GetTimestamp();
            Peg.Match(p, "0:1:z2", 0, off);   // compiles the program
            if (k == 0) Console.Error.WriteLine($"  (program compile and first match: {Stopwatch.GetElapsedTime(tc).TotalMilliseconds:F0} ms)");
            long t0 = Stopwatch.GetTimestamp();
            Peg.Match(p, "0:1:z2", 0, off);
            without.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            t0 = Stopwatch.GetTimestamp();
            Peg.Match(p, "0:1:z2", 0, on);   // the first match with the JIT: its per-program state
            withJit.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        return (withJit.Order().ElementAt(10), without.Order().ElementAt(10));
    }

    // g <- r0 !.   r0 <- '0:' r1 / 'z0'   ...   (rules - 1 rules after g)
    private static string Chain(int rules)
    {
        var sb = new StringBuilder("g <- r0 !.\n");
        for (int i = 0; i < rules - 2; i++) sb.Append(CultureInfo.InvariantCulture, $"r{i} <- '{i}:' r{i + 1} / 'z{i}'\n");
        return sb.Append(CultureInfo.InvariantCulture, $"r{rules - 2} <- 'end'\n").ToString();
    }

    // The chain closed into a ring: the last rule calls the first again, so every rule is recursive and stays a call.
    private static string Ring(int rules)
    {
        var sb = new StringBuilder("g <- r0 !.\n");
        for (int i = 0; i < rules - 2; i++) sb.Append(CultureInfo.InvariantCulture, $"r{i} <- '{i}:' r{i + 1} / 'z{i}'\n");
        return sb.Append(CultureInfo.InvariantCulture, $"r{rules - 2} <- 'end' / '(' r0 ')'\n").ToString();
    }
}
