// Edge cases of the flags: -U regions, the oracle's runtime errors, patterns the parser could mistake for syntax.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

public class MoreTests
{
    [Fact]
    public void PatternsLookingLikeDirectivesOrResponseFilesAreOperands()
    {
        Assert.Equal(["b2"], Pegrep.RunWithInput("a\nb2\n", "[0-9]").Lines);
        Assert.Equal(["x@y"], Pegrep.RunWithInput("x@y\nz\n", "[@]").Lines);
        Assert.Equal(["-x"], Pegrep.RunWithInput("-x\ny\n", "--", "'-'").Lines);
    }

    [Fact]
    public void MultilineRegionsMergeAndNumberEachLine()
    {
        const string text = "a1\nb\nc2 d3\ne\nf4";
        var r = Pegrep.RunWithInput(text, "-U", "-n", "[0-9] (%nl / !.)");
        Assert.Equal(["1:a1", "3:c2 d3", "5:f4"], r.Lines);
        var all = Pegrep.RunWithInput(text, "-U", "-c", "[0-9]");
        Assert.Equal(["3"], all.Lines);
        var matches = Pegrep.RunWithInput(text, "-U", "--count-matches", "[0-9]");
        Assert.Equal(["4"], matches.Lines);
        var json = Pegrep.RunWithInput(text, "-U", "--json", "'2' ' ' {'d'}");
        Assert.Equal("""{"type":"match","data":{"path":{"text":"<stdin>"},"lines":{"text":"c2 d3\n"},"line_number":3,"absolute_offset":5,"submatches":[{"match":{"text":"2 d"},"start":1,"end":4,"captures":["d"]}]}}""", json.Lines[1]);
    }

    [Fact]
    public void MultilineEmptyMatchAtTheEndSelectsNoLine()
    {
        Assert.Equal(1, Pegrep.RunWithInput("ab\n", "-U", "'z' / !.").Status);
        Assert.Equal(["ab"], Pegrep.RunWithInput("ab", "-U", "!.").Lines);
        Assert.Equal(1, Pegrep.RunWithInput("", "-U", "''").Status);
    }

    [Fact]
    public void MultilineColorsThePartsOfAMatchOnEachLine()
    {
        var (_, output) = Pegrep.RunBytes("xa\nbx\n"u8.ToArray(), "-U", "--color=always", "'a' %nl 'b'");
        Assert.Equal("x\e[01;31m\e[Ka\e[m\e[K\n\e[01;31m\e[Kb\e[m\e[Kx\n", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void OnlyMatchingColorsTheMatch()
    {
        var (_, output) = Pegrep.RunBytes("x 12\n"u8.ToArray(), "-o", "--color=always", "[0-9]+");
        Assert.Equal("\e[01;31m\e[K12\e[m\e[K\n", Encoding.UTF8.GetString(output));
    }

    [Fact]
    public void InvertedJsonPrintsTheSelectedLines()
    {
        var r = Pegrep.RunWithInput("a\nb\n", "-v", "--json", "'a'");
        Assert.Equal("""{"type":"match","data":{"path":{"text":"<stdin>"},"lines":{"text":"b\n"},"line_number":2,"absolute_offset":2,"submatches":[]}}""", r.Lines[1]);
    }

    [Fact]
    public void LinesKeepTheirBytes()
    {
        byte[] data = [0xC3, 0xA9, 0x20, 0xFF, 0x0D, 0x0A, 0x41, 0x0A];
        var (status, output) = Pegrep.RunBytes(data, "'\u00e9'");   // é as UTF-8 bytes
        Assert.Equal(0, status);
        Assert.Equal(data[..6], output);
    }

    [Fact]
    public void OracleModePrintsRuntimeErrorsAndGoesOn()
    {
        using var dir = new TempDir();
        string pattern = dir.File("p.peg", "{'a'} / =missing\n");
        string subjects = dir.File("s.jsonl", "\"a\"\n\n\"b\"\n\"\\u00ffa\"\n");
        var r = Pegrep.Run("--lpeg-json", "--grammar", pattern, subjects);
        Assert.Equal(0, r.Status);
        Assert.Equal(3, r.Lines.Length);
        Assert.Equal("[\"a\"]", r.Lines[0]);
        Assert.StartsWith("{\"runtime_error\": \"", r.Lines[1]);
        Assert.StartsWith("{\"runtime_error\": \"", r.Lines[2]);
    }

    [Fact]
    public void OracleModeUsesOneBasedPositionsAndRawPatternBytes()
    {
        using var dir = new TempDir();
        string pattern = dir.File("p.peg", Encoding.Latin1.GetBytes("'a'+ {} '\u00ff'"));   // a raw 0xFF byte
        string subjects = dir.File("s.jsonl", "\"aa\\u00ff\"\n\"b\"\n");
        var r = Pegrep.Run("--lpeg-json", "--grammar", pattern, subjects);
        Assert.Equal(["[3]", "null"], r.Lines);
        var plain = Pegrep.Run("--lpeg-json", "-e", "'a'*", subjects);
        Assert.Equal(["[3]", "[1]"], plain.Lines);
    }

    [Fact]
    public void OracleModeRejectsBadPatternsAndBadSubjects()
    {
        using var dir = new TempDir();
        string bad = dir.File("bad.peg", "'a\n");
        string good = dir.File("good.peg", "'a'\n");
        string subjects = dir.File("s.jsonl", "\"a\"\nnot json\n");
        var r = Pegrep.Run("--lpeg-json", "--grammar", bad, subjects);
        Assert.Equal(2, r.Status);
        Assert.Contains("^", r.Err);
        var s = Pegrep.Run("--lpeg-json", "--grammar", good, subjects);
        Assert.Equal(2, s.Status);
        Assert.Equal(["[2]"], s.Lines);
        Assert.Contains(":2:", s.Err);
    }
}
