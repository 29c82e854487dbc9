// The line prefilter: its analysis alone, and line mode with it against re.find run on every line by itself.
using System.Text;
using PegJit;
using Xunit;

namespace Pegrep.Tests;

public class PrefilterTests
{
    [Theory]
    [InlineData("'http' 's'? '://' [a-z.]+", "http")]
    [InlineData("'EUR'", "EUR")]
    [InlineData("'a' [0-9]", "a")]
    [InlineData("[0-9]+ ' EUR'", "")]
    [InlineData("'laser' / 'Laser'", "")]
    [InlineData("'a'? 'b'", "")]
    public void LiteralPrefixIsTheRunOfCharsAtTheEntry(string pattern, string prefix)
    {
        Assert.Equal(prefix, Encoding.Latin1.GetString(Prefilter.LiteralPrefix(Re.Compile(pattern).Program)));
    }

    [Theory]
    [InlineData(".*")]
    [InlineData("!.")]
    [InlineData("'a'?")]
    [InlineData("''")]
    [InlineData(".")]
    [InlineData("'a'* 'b'?")]
    public void PatternsThatMayMatchAnywhereHaveNoPrefilter(string pattern)
    {
        Assert.Null(Prefilter.For(Re.Compile(pattern)));
    }

    [Fact]
    public void TheLiteralIsSearchedWhenItHasTwoBytesOrMore()
    {
        Assert.Equal("http", Encoding.Latin1.GetString(Prefilter.For(Re.Compile("'http' 's'? '://'"))!.Literal));
        Assert.True(Prefilter.For(Re.Compile("'a' [0-9]"))!.Literal.IsEmpty);
        Assert.Equal(4, Prefilter.For(Re.Compile("'ab' [0-9]"))!.IndexIn("xa1 ab ab2"u8));
        Assert.Equal(2, Prefilter.For(Re.Compile("[ab] [0-9]"))!.IndexIn("xyb"u8));
        Assert.Equal(-1, Prefilter.For(Re.Compile("[ab] [0-9]"))!.IndexIn("xyz"u8));
    }

    [Fact]
    public void NewlinesNeverBeginAMatchWithinALine()
    {
        // A line holds no '\n': the literal stops before one, and '\n' leaves the first bytes.
        Assert.Equal("ab", Encoding.Latin1.GetString(Prefilter.For(Re.Compile("'ab' %nl 'c'"))!.Literal));
        Assert.Equal(-1, Prefilter.For(Re.Compile("%nl 'a'"))!.IndexIn("x\na\n"u8));
        Assert.Equal(3, Prefilter.For(Re.Compile("[^x]"))!.IndexIn("xx\ny"u8));
    }

    // Inputs with what the block search must get right: lines holding a first byte (or the literal) but no match,
    // matches at a line's start and end, empty lines, CRLF, a last line without a newline, no input at all.
    public static readonly string[] Inputs =
    [
        "",
        "\n",
        "\n\n\n",
        "http\n",
        "http://a.b\nxhttp://a.b\r\nhttp\r\n\r\nhttps://z\n",
        "no newline at the end http://q",
        "hhhh\nhttphttp\nhttp:/\nhttps:/x\n\nhttp://\nhttp://a",
        "ab\nba\n\nb\na",
        "a\r\n\r\nb a \r\nab\r\n",
        RandomText(new Random(3), 300, "hts:/ab.\r "),
        RandomText(new Random(5), 300, "hhttpp:/ab\r"),
    ];

    public static readonly string[] Patterns =
    [
        "'http' 's'? '://' [a-z.]+",
        "'http' 's'? '://'",
        "'a'",
        "[ab]+ !.",
        "'b' / 'ab'",
        "%s !.",
        "'ab' %nl",
        "%nl",
        "!'a' .",
        "&'a' 'a' 'b'",
        "{'h'} 't'",
        "'h' 'tt'? 'p'",
        ".*",
        "!.",
        "'a'?",
        "''",
    ];

    public static readonly string[] FlagSets =
        ["", "-n", "-c", "-v", "-v -n", "-v -c", "-o", "-o -n", "--count-matches", "-x", "-x -v", "-x -n", "-l", "-q"];

    public static TheoryData<string> PatternCases() => [.. Patterns];

    [Theory]
    [MemberData(nameof(PatternCases))]
    public void LineModeIsFindOnEveryLine(string pattern)
    {
        foreach (var input in Inputs)
            foreach (var flags in FlagSets)
                AssertAsReference(input, pattern, flags);
    }

    [Fact]
    public void LineModeIsFindOnEveryLineAcrossBlocks()
    {
        // More than 3 MiB: candidate lines straddle the 1 MiB block boundaries.
        var rng = new Random(17);
        var sb = new StringBuilder();
        while (sb.Length < 3 << 20)
        {
            sb.Append(rng.Next(4) switch { 0 => "http://x.y ", 1 => "https:/ ", 2 => "h", _ => "" });
            sb.Append('a', rng.Next(0, 200)).Append(rng.Next(8) == 0 ? "\r\n" : "\n");
        }
        string text = sb.ToString();
        foreach (var flags in new[] { "-c", "-n", "-v -c", "-o -n" })
            AssertAsReference(text, "'http' 's'? '://' [a-z.]+", flags);
        AssertAsReference(text, "'a' !.", "-c");
    }

    private static void AssertAsReference(string input, string pattern, string flags)
    {
        string[] flagList = flags.Length == 0 ? [] : flags.Split(' ');
        var expected = Reference(input, Re.Compile(pattern), flagList);
        var actual = Pegrep.RunWithInput(input, [.. flagList, pattern]);
        Assert.True(expected.Out == actual.Out && expected.Status == actual.Status,
            $"pattern {pattern}, flags '{flags}', input \"{input[..Math.Min(80, input.Length)].ReplaceLineEndings("\\n")}\": " +
            $"expected status {expected.Status} and\n{expected.Out}\nbut got status {actual.Status} and\n{actual.Out}");
    }

    // Line mode as it reads: each line (split at '\n', a last one without it included) is matched by itself.
    private static (int Status, string Out) Reference(string input, Pattern pattern, string[] flags)
    {
        bool invert = flags.Contains("-v"), numbers = flags.Contains("-n"), whole = flags.Contains("-x");
        var anchored = pattern * -Pattern.P(1);
        var lines = input.Split('\n').ToList();
        if (lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var output = new StringBuilder();
        int selected = 0, matches = 0;
        for (int i = 0; i < lines.Count; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(lines[i]);
            bool match = whole ? Peg.Match(anchored, bytes).Success : Peg.Find(pattern, bytes).Success;
            if (match == invert) continue;
            selected++;
            string prefix = numbers ? $"{i + 1}:" : "";
            if (flags.Contains("-o") || flags.Contains("--count-matches"))
            {
                if (invert) continue;
                for (int pos = 0; pos <= bytes.Length;)
                {
                    var m = whole ? (pos == 0 ? Peg.Match(anchored, bytes) : MatchResult.Failure) : Peg.Find(pattern, bytes, pos);
                    if (!m.Success) break;
                    if (m.End > m.Start)
                    {
                        matches++;
                        output.Append(prefix).Append(lines[i], m.Start, m.End - m.Start).Append('\n');
                    }
                    pos = m.End > m.Start ? m.End : m.Start + 1;
                }
            }
            else output.Append(prefix).Append(lines[i]).Append('\n');
        }
        int status = selected > 0 ? 0 : 1;
        if (flags.Contains("-c")) return (status, $"{selected}\n");
        if (flags.Contains("--count-matches")) return (status, $"{(invert ? selected : matches)}\n");
        if (flags.Contains("-l")) return (status, selected > 0 ? "(standard input)\n" : "");
        if (flags.Contains("-q")) return (status, "");
        return (status, output.ToString());
    }

    private static string RandomText(Random rng, int length, string alphabet)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < length; i++) sb.Append(rng.Next(6) == 0 ? '\n' : alphabet[rng.Next(alphabet.Length)]);
        return sb.ToString();
    }
}
