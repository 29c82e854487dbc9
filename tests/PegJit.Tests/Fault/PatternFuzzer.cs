// A seeded generator of malformed and mutated re texts, and the rule for what compiling one may do: succeed, or throw
// a PegException subtype. Shared by the fast fault test and the long fault suite (tests/FaultSuite).
using System.Diagnostics;
using System.Text;
using PegJit.Tracer;

namespace PegJit.Tests.Fault;

public sealed class PatternFuzzer(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Well-formed texts the mutations start from: every construct of re, small.</summary>
    public static readonly string[] Seeds =
    [
        "'a'", "[a-z]+", ".", "'a' / 'b'", "{'x'}", "{| {:k: [a-z]+ :} |}", "S <- 'a' S / ''", "(%d+ -> tonumber)?",
        "'a'^3", "'a'^-2", "'a'^+2", "&'a' !'b' .", "{~ ('a' -> 'b' / .)* ~}", "%s* {%w+} %s*", "[^%nx]*", "=name",
        "{:name: 'a' :} =name", "'a' => f", "{} 'x' {}", "S <- A B  A <- 'a'  B <- 'b'", "('a' 'x'?)* '!'",
        "\"str\" 'str'", "[]-a]", "%{n}", "'a' -> '%1'", "'a' ~> f", "'a' >> f", "{# x #}", "'\\n'", "( ( 'a' ) )",
    ];

    private static readonly string[] Tokens =
    [
        "'a'", "\"b\"", "[a-z]", "[^x]", ".", "%d", "%a", "%nl", "^-1000", "^+5", "^2", "^1000000", "^-8000", "+", "*", "?",
        "(", ")", "{", "}", "{|", "|}", "{:", ":}", "{~", "~}", "<-", "/", "!", "&", "=x", "{:x:", "->", "=>", "~>", ">>",
        "''", "{}", " ", "\n", "S <- ", " A ", "0", "9", "%", "'", "\"", "[", "]", "-", "{#", "#}", "--", "<", ">", "\\",
    ];

    /// <summary>The next text: a seed or earlier text mutated a few times, or random tokens.</summary>
    public string Next()
    {
        if (_random.Next(8) == 0) return RandomTokens(_random.Next(1, 24));
        var sb = new StringBuilder(Seeds[_random.Next(Seeds.Length)]);
        for (int m = _random.Next(1, 6); m > 0; m--) Mutate(sb);
        return sb.ToString();
    }

    private string RandomTokens(int count)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < count; i++) sb.Append(Tokens[_random.Next(Tokens.Length)]);
        return sb.ToString();
    }

    private void Mutate(StringBuilder sb)
    {
        int at = _random.Next(sb.Length + 1);
        switch (_random.Next(6))
        {
            case 0: sb.Insert(at, Tokens[_random.Next(Tokens.Length)]); break;
            case 1 when sb.Length > 0: sb.Remove(Math.Min(at, sb.Length - 1), Math.Min(_random.Next(1, 4), sb.Length - Math.Min(at, sb.Length - 1))); break;
            case 2 when sb.Length > 0:
            {
                int from = _random.Next(sb.Length), len = Math.Min(_random.Next(1, 12), sb.Length - from);
                sb.Insert(at, sb.ToString(from, len));
                break;
            }
            case 3: sb.Insert(at, (char)_random.Next(0, 256)); break;
            case 4: sb.Append(string.Concat(Enumerable.Repeat(Tokens[_random.Next(Tokens.Length)], _random.Next(2, 40)))); break;
            default: sb.Insert(at, Seeds[_random.Next(Seeds.Length)]); break;
        }
    }

    /// <summary>What compiling and matching one text did.</summary>
    public enum Outcome { Compiled, SyntaxError, GrammarError, LimitError, OtherPegError, Undocumented }

    /// <summary>The functions and patterns the seeds name.</summary>
    public static readonly IReadOnlyDictionary<string, object?> Defs = new Dictionary<string, object?>
    {
        ["tonumber"] = (CaptureFunction)(v => v.Length > 0 ? v[0] : null),
        ["f"] = (CaptureFunction)(v => v.Length > 0 ? v[0] : null),
        ["n"] = Pattern.P("n"),
    };

    private static readonly string[] Subjects = ["", "a", "abc", "aaab!", "x = 1\n", "{\"k\": [1, 2]}", new string('a', 300) + "!"];

    /// <summary>
    /// Compiles <paramref name="text"/>, then matches and searches a few subjects with <paramref name="jit"/>. Returns
    /// the outcome, the compile time, and for an undocumented exception its description.
    /// </summary>
    public static (Outcome Outcome, TimeSpan Compile, string? Detail) Run(string text, TracerOptions jit)
    {
        var sw = Stopwatch.StartNew();
        Pattern p;
        try
        {
            p = Re.Compile(text, Defs);
            _ = p.Program;
        }
        catch (Exception e) { return (Classify(e), sw.Elapsed, Describe(e)); }
        var compile = sw.Elapsed;
        var options = new MatchOptions { Jit = jit, Timeout = TimeSpan.FromSeconds(2) };
        foreach (var s in Subjects)
        {
            try
            {
                Peg.Match(p, s, options: options);
                Peg.Find(p, s, options: options);
                Peg.Count(p, s, options: options);
            }
            // Capture errors and limits are a match's documented failures; cancellation is the deadline.
            catch (Exception e) when (e is PegException or OperationCanceledException) { }
            catch (Exception e) { return (Outcome.Undocumented, compile, "match: " + Describe(e)); }
        }
        return (Outcome.Compiled, compile, null);
    }

    private static Outcome Classify(Exception e) => e switch
    {
        PegSyntaxException => Outcome.SyntaxError,
        PegGrammarException => Outcome.GrammarError,
        PegLimitException => Outcome.LimitError,
        PegException => Outcome.OtherPegError,
        _ => Outcome.Undocumented,
    };

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message.Split('\n')[0]}";
}

/// <summary>Trees nested many levels deep, one kind of node at each level (a level is one application of the construct).</summary>
public static class DeepPatterns
{
    public static readonly string[] Kinds = ["choice", "not", "and", "optional", "repetition", "capture", "table", "sequence", "behind-choice", "grammar"];

    public static Pattern Nest(string kind, int levels)
    {
        Pattern p = Pattern.P("a");
        for (int i = 0; i < levels; i++)
            p = kind switch
            {
                "choice" => p + Pattern.P("cd"),
                "not" => -p,
                "and" => p.And(),
                "optional" => (Pattern.P("b") * p) ^ -1,
                "repetition" => (Pattern.P("b") * p) ^ 0,
                "capture" => Pattern.C(p),
                "table" => Pattern.Ct(p),
                "sequence" => p * Pattern.P("x"),
                "behind-choice" => Pattern.P("y") * (p + Pattern.B(Pattern.P("z"))),
                "grammar" => Pattern.Grammar(("S", Pattern.P("x") * p)),
                _ => throw new ArgumentException(kind),
            };
        return p;
    }
}
