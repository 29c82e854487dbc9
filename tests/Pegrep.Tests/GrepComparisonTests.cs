// pegrep against grep -E over the bundled sample, on patterns that say the same thing in both syntaxes.
using Xunit;

namespace Pegrep.Tests;

public class GrepComparisonTests
{
    // (re pattern, ERE pattern): translated by hand. PEG repetition is greedy and never gives back, so each pair
    // is written where that agrees with leftmost-longest (what follows a loop cannot start inside it).
    public static readonly (string Peg, string Ere)[] Pairs =
    [
        ("'EUR'", "EUR"),
        ("'laser' / 'Laser'", "laser|Laser"),
        ("[0-9]", "[0-9]"),
        ("'http' 's'? '://'", "https?://"),
        ("'http' 's'? '://' [a-z.]+", "https?://[a-z.]+"),
        ("[A-Z][A-Z]+", "[A-Z][A-Z]+"),
        ("[0-9]+ ' EUR'", "[0-9]+ EUR"),
        ("[a-z.]+ '@' [a-z.-]+", "[a-z.]+@[a-z.-]+"),
        ("'(' [0-9]+ ')'", "\\([0-9]+\\)"),
        ("' ' [0-9][0-9][0-9][0-9] ' '", " [0-9]{4} "),
        ("'==' / 'FOR SALE'", "==|FOR SALE"),
        ("[0-9]+ '.' [0-9][0-9]", "[0-9]+\\.[0-9]{2}"),
        ("[^a-zA-Z0-9 ]", "[^a-zA-Z0-9 ]"),
        // Lines with the first bytes, or the literal prefix, and no match; matches at a line's start and end.
        ("'http://x'", "http://x"),
        ("'https:' [a-z]", "https:[a-z]"),
        ("'Sunday'", "Sunday"),
        ("'.' !.", "\\.$"),
        // Patterns that may match anywhere, the empty string too: every line is matched.
        ("!.", "$"),
        (".*", ".*"),
        ("'a'?", "a?"),
    ];

    public static readonly string[][] FlagSets =
        [[], ["-n"], ["-c"], ["-o"], ["-v"], ["-o", "-n"], ["-l"], ["-H", "-n"], ["-v", "-n"], ["-v", "-c"], ["-x"]];

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (peg, ere) in Pairs)
            foreach (var flags in FlagSets)
                data.Add(peg, ere, string.Join(' ', flags));
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SameOutputAsGrep(string peg, string ere, string flags) => AssertAsGrep(peg, ere, flags, Pegrep.Sample);

    // Empty lines, CRLF lines, lines with the literal prefix and no match, a last line without a newline.
    private const string Awkward =
        "http://a.b\n\nxhttps://c.d/e.\r\n\r\nhttp:/ https:x\nhttp\n.\nSunday.\r\nhttps://f.g";

    public static TheoryData<string, string, string> AwkwardCases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (peg, ere) in Pairs.Where(p => p.Ere is "https?://[a-z.]+" or "https:[a-z]" or "\\.$" or "$" or "a?"))
            foreach (var flags in FlagSets)
                data.Add(peg, ere, string.Join(' ', flags));
        return data;
    }

    [Theory]
    [MemberData(nameof(AwkwardCases))]
    public void SameOutputAsGrepOnAwkwardLines(string peg, string ere, string flags)
    {
        using var dir = new TempDir();
        AssertAsGrep(peg, ere, flags, dir.File("awkward.txt", Awkward));
    }

    // Every engine against one grep run: jit compiles each loop the first time it is reached, so even the sample's
    // short lines run compiled code.
    private static void AssertAsGrep(string peg, string ere, string flags, string file)
    {
        string[] flagList = flags.Length == 0 ? [] : flags.Split(' ');
        var grep = External.Run("grep", [.. flagList, "-E", "-e", ere, file]);
        foreach (var engine in new[] { "interp", "jit", "auto" })
        {
            var ours = Pegrep.Run(["--engine", engine, .. flagList, peg, file]);
            Assert.Equal((engine, grep.Status, grep.Out), (engine, ours.Status, ours.Out));
        }
    }

    [Theory]
    [InlineData("'== ' (!' ==' .)+ ' =='", "== .+ ==")]
    [InlineData("[A-Za-z]+ ':'", "[A-Za-z]+:")]
    [InlineData("'-' ' ' .*", "- .*")]
    public void WholeLinesAsGrepX(string peg, string ere)
    {
        var ours = Pegrep.Run("-x", "-n", peg, Pegrep.Sample);
        var grep = External.Run("grep", ["-x", "-n", "-E", "-e", ere, Pegrep.Sample]);
        Assert.Equal(grep.Out, ours.Out);
    }

    [Fact]
    public void CountsOfSeveralFilesAsGrep()
    {
        var ours = Pegrep.Run("-c", "'EUR'", Pegrep.Sample, Pegrep.Sample);
        var grep = External.Run("grep", ["-c", "EUR", Pegrep.Sample, Pegrep.Sample]);
        Assert.Equal(grep.Out, ours.Out);
    }
}
