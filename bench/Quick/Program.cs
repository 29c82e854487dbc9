// Quick side-by-side timing: PegJit's engine vs native LPeg (lua5.4 + lua-lpeg) on the same file, same pattern.
using System.Diagnostics;
using PegJit;
using PegJit.Tracer;

if (args.Length < 2) { Console.Error.WriteLine("usage: Quick url|json FILE [reps]"); return 2; }
string which = args[0], path = args[1];
int reps = args.Length > 2 ? int.Parse(args[2]) : 10;
var text = File.ReadAllBytes(path);
var pattern = Re.Compile(QuickPatterns.Text(which));

foreach (var (name, mode) in new[] { ("interpreter", JitMode.Off), ("jit", JitMode.Auto) })
{
    TraceStatistics? stats = null;
    var options = new MatchOptions { Jit = TracerOptions.Default with { Mode = mode } };
    var first = Peg.Match(pattern, text, 0, options);
    double best = double.MaxValue;
    for (int i = 0; i < reps; i++)
    {
        var sw = Stopwatch.StartNew();
        Peg.Match(pattern, text, 0, options);
        best = Math.Min(best, sw.Elapsed.TotalSeconds);
    }
    foreach (var hook in pattern.Program.JitStates.Values) stats = ((TraceCache)hook).Statistics;
    object result = first.Captures.Count > 0 ? first.Captures.Count : first.End + 1;
    Console.WriteLine($"pegjit-{name} {which} {text.Length / best / 1e6:F1} MB/s {best * 1000:F2} ms (result {result})" +
        (mode == JitMode.Off ? "" : $"  [{stats}]"));
}

if (which == "url")
{
    // The equivalent regex, over the same bytes decoded as Latin-1 (one char per byte, like the PEG's view).
    string latin1 = System.Text.Encoding.Latin1.GetString(text);
    foreach (var ro in new[] { System.Text.RegularExpressions.RegexOptions.None, System.Text.RegularExpressions.RegexOptions.Compiled })
    {
        var rx = new System.Text.RegularExpressions.Regex(@"https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9/._~%?=&#-]*)?", ro);
        int count = rx.Count(latin1);
        double bestRx = double.MaxValue;
        for (int i = 0; i < reps; i++)
        {
            var sw = Stopwatch.StartNew();
            rx.Count(latin1);
            bestRx = Math.Min(bestRx, sw.Elapsed.TotalSeconds);
        }
        Console.WriteLine($"regex-{(ro == 0 ? "interpreted" : "compiled")} url {text.Length / bestRx / 1e6:F1} MB/s {bestRx * 1000:F2} ms (result {count})");
    }
}

// LPeg compiles the very same re text.
string patternFile = Path.GetTempFileName();
File.WriteAllText(patternFile, QuickPatterns.Text(which));
var lua = Process.Start(new ProcessStartInfo("lua5.4", [Path.Combine(AppContext.BaseDirectory, "quick_lpeg.lua"), which, patternFile, path, reps.ToString()]) { RedirectStandardOutput = true })!;
Console.Write(lua.StandardOutput.ReadToEnd());
lua.WaitForExit();
File.Delete(patternFile);
return 0;

/// <summary>The same re text the Lua script compiles.</summary>
internal static class QuickPatterns
{
    public static string Text(string which) => which switch
    {
        "url" => "( {'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?} / . )*",
        "json" => """
            json <- S value S !.
            value <- object / array / string / number / 'true' / 'false' / 'null'
            object <- '{' S (member (S ',' S member)*)? S '}'
            member <- string S ':' S value
            array <- '[' S (value (S ',' S value)*)? S ']'
            string <- '"' ([^"\] / '\' .)* '"'
            number <- '-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
            S <- %s*
            """,
        _ => throw new ArgumentException("unknown pattern " + which),
    };
}
