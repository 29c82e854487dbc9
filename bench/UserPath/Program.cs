// PegJit's facade against .NET Regex on patterns written for this comparison (not for any workload), each pair with
// the same meaning (the PEG loops are possessive where Regex's would not need to backtrack anyway). Prints one table;
// the best of five runs of each, interleaved, after five untimed ones. Results must agree (the last column).
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PegJit;

if (args.Length < 1)
{
    Console.Error.WriteLine("usage: UserPath FILE [MEGABYTES]");
    return 2;
}
string all = File.ReadAllText(args[0]);
int size = (int)Math.Min(all.Length, (args.Length > 1 ? int.Parse(args[1]) : 20) * 1_000_000L);
string text = all[..size];
string[] lines = text.Split('\n');
byte[] bytes = Encoding.UTF8.GetBytes(text);

const int Warmups = 5;   // untimed calls of each operation before the five timed ones

var cases = new (string Name, string Peg, string Regex)[]
{
    ("copyright year", "'Copyright' ' '+ {%d%d%d%d}", @"Copyright +(\d{4})"),
    ("url", "'http' 's'? '://' [^%s>)]+", @"https?://[^\s>)]+"),
    ("name before <", "[A-Z][a-z]+ ' ' [A-Z][a-z]+ ' <'", @"[A-Z][a-z]+ [A-Z][a-z]+ <"),
    ("number range", "%d+ '-' %d+", @"\d+-\d+"),
    ("word 'the'", "'the' ![a-z]", @"the(?![a-z])"),
};

Console.WriteLine($"| pattern | operation ({size / 1_000_000} MB string) | PegJit (ms) | Regex Compiled (ms) | Regex / PegJit | results agree |");
Console.WriteLine("| --- | --- | --- | --- | --- | --- |");
foreach (var (name, pegText, rx) in cases)
{
    var p = Re.Compile(pegText);
    var r = new Regex(rx, RegexOptions.Compiled | RegexOptions.CultureInvariant);
    // Both sides build what a caller gets back (the results, a match object per line), not just a count.
#pragma warning disable CA1874, CA1875
    var ops = new (string Op, Func<long> Peg, Func<long> Rx)[]
    {
        ("Count", () => Peg.Count(p, text), () => r.Count(text)),
        ("Count (PegJit over the UTF-8 bytes)", () => Peg.Count(p, bytes), () => r.Count(text)),
        ("EnumerateMatches", () => SumPeg(Peg.EnumerateMatches(p, text)), () => SumRegex(r.EnumerateMatches(text))),
        ("Matches (results with captures)", () => Peg.Matches(p, text).Count, () => r.Matches(text).Count),
        ("Find on each line", () => lines.Count(l => Peg.Find(p, l).Success), () => lines.Count(l => r.Match(l).Success)),
    };
#pragma warning restore CA1874, CA1875
    foreach (var (op, peg, regex) in ops)
    {
        double tp = double.MaxValue, tr = double.MaxValue;
        long np = 0, nr = 0;
        // Untimed first: otherwise the first operation of each pattern alone pays its warm-up (the JIT's traces, which
        // compile in the background over the first calls; Regex's compiled code), and the rows compare differently.
        for (int i = 0; i < Warmups; i++) { Time(peg, out _); Time(regex, out _); }
        for (int i = 0; i < 5; i++)
        {
            tp = Math.Min(tp, Time(peg, out np));
            tr = Math.Min(tr, Time(regex, out nr));
        }
        Console.WriteLine($"| {name} | {op} | {tp:F1} | {tr:F1} | {tr / tp:F2} | {(np == nr ? "yes" : $"no: {np} vs {nr}")} |");
    }
}
return 0;

static double Time(Func<long> f, out long result)
{
    var sw = Stopwatch.StartNew();
    result = f();
    return sw.Elapsed.TotalMilliseconds;
}

static long SumPeg(MatchEnumerator e)
{
    long n = 0;
    foreach (var m in e) n += m.Length;
    return n;
}

static long SumRegex(Regex.ValueMatchEnumerator e)
{
    long n = 0;
    foreach (var m in e) n += m.Length;
    return n;
}
