// One test (or a few) per flag of pegrep, run in-process.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

public class FlagTests
{
    private const string Input = "alpha 1\nbeta 22\ngamma\nalpha beta 333\n";
    private static readonly string Url = "'http' 's'? '://' [a-z.]+";

    [Fact]
    public void PatternOperandSelectsLinesWhereItMatchesSomewhere()
    {
        var r = Pegrep.RunWithInput(Input, "'beta'");
        Assert.Equal(0, r.Status);
        Assert.Equal(["beta 22", "alpha beta 333"], r.Lines);
    }

    [Fact]
    public void ReadmeCommandPrintsNumberedUrls()
    {
        var r = Pegrep.Run("-o", "-n", Url, Pegrep.Sample);
        Assert.Equal(0, r.Status);
        Assert.Contains("6:https://newsletter.riverside", r.Lines);
        Assert.All(r.Lines, l => Assert.Matches("^[0-9]+:https?://[a-z.]+$", l));
    }

    [Fact]
    public void RegexpOptionMayRepeatAndMakesEveryOperandAFile()
    {
        using var dir = new TempDir();
        string file = dir.File("a.txt", Input);
        var r = Pegrep.Run("-e", "'gamma'", "-e", "[0-9]+ !.", file);
        Assert.Equal(["alpha 1", "beta 22", "gamma", "alpha beta 333"], r.Lines);
        var single = Pegrep.Run("-e", "'gamma'", file);
        Assert.Equal(["gamma"], single.Lines);
    }

    [Fact]
    public void FileOptionReadsAWholeGrammar()
    {
        using var dir = new TempDir();
        string grammar = dir.File("g.peg", "line <- word (' ' word)*\nword <- 'alpha' / 'beta'\n");
        var r = Pegrep.RunWithInput(Input, "-x", "--grammar", grammar);
        Assert.Empty(r.Lines);   // no input line consists of alpha/beta words only
        var found = Pegrep.RunWithInput("alpha beta\nbeta gamma\n", "-x", "--grammar", grammar);
        Assert.Equal(["alpha beta"], found.Lines);
    }

    [Fact]
    public void MultilineMatchesMaySpanLines()
    {
        const string text = "one\nBEGIN\nx\nEND\ntwo\n";
        var r = Pegrep.RunWithInput(text, "-U", "'BEGIN' (!'END' .)* 'END'");
        Assert.Equal(["BEGIN", "x", "END"], r.Lines);
        var lineMode = Pegrep.RunWithInput(text, "'BEGIN' (!'END' .)* 'END'");
        Assert.Equal(1, lineMode.Status);
        var only = Pegrep.RunWithInput(text, "-U", "-o", "'BEGIN' (!'END' .)* 'END'");
        Assert.Equal("BEGIN\nx\nEND\n", only.Out);
        Assert.Equal(["3"], Pegrep.RunWithInput(text, "-U", "-c", "'BEGIN' (!'END' .)* 'END'").Lines);
        Assert.Equal(["one", "two"], Pegrep.RunWithInput(text, "-U", "-v", "'BEGIN' (!'END' .)* 'END'").Lines);
        Assert.Equal(["2:BEGIN", "3:x", "4:END"], Pegrep.RunWithInput(text, "-U", "-n", "'BEGIN' (!'END' .)* 'END'").Lines);
    }

    [Fact]
    public void LineRegexpAnchorsAtStartAndRequiresTheEnd()
    {
        var r = Pegrep.RunWithInput(Input, "-x", "[a-z]+");
        Assert.Equal(["gamma"], r.Lines);
        // Each alternative must reach the end by itself: 'alpha' matches first but stops short.
        var alt = Pegrep.RunWithInput(Input, "-x", "-e", "'alpha'", "-e", "'alpha 1'");
        Assert.Equal(["alpha 1"], alt.Lines);
        var whole = Pegrep.RunWithInput("ab\ncd", "-U", "-x", "'ab\ncd'");
        Assert.Equal(["ab", "cd"], whole.Lines);
    }

    [Fact]
    public void InvertMatchSelectsTheOtherLines()
    {
        var r = Pegrep.RunWithInput(Input, "-v", "[0-9]");
        Assert.Equal(["gamma"], r.Lines);
    }

    [Fact]
    public void OnlyMatchingPrintsEachNonEmptyMatch()
    {
        var r = Pegrep.RunWithInput(Input, "-o", "[0-9]+");
        Assert.Equal(["1", "22", "333"], r.Lines);
        var empty = Pegrep.RunWithInput(Input, "-o", "[0-9]*");
        Assert.Equal(["1", "22", "333"], empty.Lines);
        Assert.Equal(0, empty.Status);
    }

    [Fact]
    public void CountCountsSelectedLines()
    {
        Assert.Equal(["2"], Pegrep.RunWithInput(Input, "-c", "'alpha'").Lines);
        Assert.Equal(["0"], Pegrep.RunWithInput(Input, "-c", "'zeta'").Lines);
        Assert.Equal(1, Pegrep.RunWithInput(Input, "-c", "'zeta'").Status);
    }

    [Fact]
    public void CountMatchesCountsNonEmptyMatches()
    {
        Assert.Equal(["3"], Pegrep.RunWithInput(Input, "--count-matches", "'a' [lm]").Lines);
        Assert.Equal(["3"], Pegrep.RunWithInput(Input, "--count-matches", "[0-9]+").Lines);
    }

    [Fact]
    public void LineNumberPrefixesNumbers()
    {
        Assert.Equal(["2:beta 22", "4:alpha beta 333"], Pegrep.RunWithInput(Input, "-n", "'beta'").Lines);
    }

    [Fact]
    public void FileNamesShownForSeveralFilesOrWithH()
    {
        using var dir = new TempDir();
        string a = dir.File("a.txt", "x1\n"), b = dir.File("b.txt", "x2\n");
        Assert.Equal([$"{a}:x1", $"{b}:x2"], Pegrep.Run("'x'", a, b).Lines);
        Assert.Equal(["x1"], Pegrep.Run("'x'", a).Lines);
        Assert.Equal([$"{a}:x1"], Pegrep.Run("-H", "'x'", a).Lines);
        Assert.Equal(["(standard input):x"], Pegrep.RunWithInput("x\n", "-H", "'x'").Lines);
    }

    [Fact]
    public void NoFilenameHidesNames()
    {
        using var dir = new TempDir();
        string a = dir.File("a.txt", "x1\n"), b = dir.File("b.txt", "x2\n");
        Assert.Equal(["x1", "x2"], Pegrep.Run("-h", "'x'", a, b).Lines);
        Assert.Equal(["x1", "x2"], Pegrep.Run("--no-filename", "'x'", a, b).Lines);
    }

    [Fact]
    public void FilesWithMatchesListsNames()
    {
        using var dir = new TempDir();
        string a = dir.File("a.txt", "x1\nx2\n"), b = dir.File("b.txt", "y\n");
        var r = Pegrep.Run("-l", "'x'", a, b);
        Assert.Equal([a], r.Lines);
        Assert.Equal(0, r.Status);
    }

    [Fact]
    public void FilesWithoutMatchListsTheOthers()
    {
        using var dir = new TempDir();
        string a = dir.File("a.txt", "x1\n"), b = dir.File("b.txt", "y\n");
        var r = Pegrep.Run("-L", "'x'", a, b);
        Assert.Equal([b], r.Lines);
        Assert.Equal(0, r.Status);   // as grep 3.5+: the status says whether a line was selected
        Assert.Equal(1, Pegrep.Run("-L", "'z'", a).Status);
    }

    [Fact]
    public void QuietPrintsNothingAndExitsZeroOnAMatchEvenAfterAnError()
    {
        var r = Pegrep.RunWithInput(Input, "-q", "'beta'");
        Assert.Equal((0, ""), (r.Status, r.Out));
        Assert.Equal(1, Pegrep.RunWithInput(Input, "-q", "'zeta'").Status);
        var withError = Pegrep.Run("-q", "'EUR'", "/nonexistent/pegrep", Pegrep.Sample);
        Assert.Equal(0, withError.Status);
    }

    [Fact]
    public void RecursiveWalksDirectoriesSkippingHiddenAndBinaryFiles()
    {
        using var dir = new TempDir();
        dir.File("a.txt", "needle 1\n");
        dir.File("sub/b.txt", "needle 2\n");
        dir.File(".hidden/c.txt", "needle 3\n");
        dir.File(".d.txt", "needle 4\n");
        dir.File("e.bin", [.. "needle 5\0"u8]);
        var r = Pegrep.Run("-r", "'needle'", dir.Path);
        Assert.Equal([$"{dir.Path}/a.txt:needle 1", $"{dir.Path}/sub/b.txt:needle 2"], r.Lines);
        var single = Pegrep.Run("-r", "'needle'", Path.Combine(dir.Path, "a.txt"));
        Assert.Equal(["needle 1"], single.Lines);
        var text = Pegrep.Run("-r", "-a", "-c", "'needle'", dir.Path);
        Assert.Contains($"{dir.Path}/e.bin:1", text.Lines);
    }

    [Fact]
    public void NoMessagesSuppressesFileErrorsButNotTheStatus()
    {
        var r = Pegrep.Run("-s", "'EUR'", "/nonexistent/pegrep", Pegrep.Sample);
        Assert.Equal(2, r.Status);
        Assert.Equal("", r.Err);
        Assert.NotEmpty(r.Lines);
    }

    [Fact]
    public void BinaryFilesPrintOneLineUnlessText()
    {
        byte[] data = [.. "text line\nbin\0ary needle\nneedle again\n"u8];
        // As grep 3.8: a notice on standard error instead of the lines, and the status of a match.
        var r = Pegrep.RunWithInput(data, "'needle'");
        Assert.Equal((0, ""), (r.Status, r.Out));
        Assert.Equal("pegrep: (standard input): binary file matches\n", r.Err);
        var (_, text) = Pegrep.RunBytes(data, "-a", "'needle'");
        Assert.Equal([.. "bin\0ary needle\nneedle again\n"u8], text);
        var (_, count) = Pegrep.RunBytes(data, "-c", "'needle'");
        Assert.Equal("2\n", Encoding.UTF8.GetString(count));
    }

    [Fact]
    public void ColorAlwaysUsesGrepsEscapes()
    {
        var (_, output) = Pegrep.RunBytes("x 12 y 3\n"u8.ToArray(), "--color=always", "-n", "-H", "[0-9]+");
        string expected = "\e[35m\e[K(standard input)\e[m\e[K\e[36m\e[K:\e[m\e[K\e[32m\e[K1\e[m\e[K\e[36m\e[K:\e[m\e[K" +
                          "x \e[01;31m\e[K12\e[m\e[K y \e[01;31m\e[K3\e[m\e[K\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(output));
        var (_, never) = Pegrep.RunBytes("x 12\n"u8.ToArray(), "--color=never", "[0-9]+");
        Assert.Equal("x 12\n", Encoding.UTF8.GetString(never));
        // auto: not a terminal here, so no colors
        var (_, auto) = Pegrep.RunBytes("x 12\n"u8.ToArray(), "--color=auto", "[0-9]+");
        Assert.Equal("x 12\n", Encoding.UTF8.GetString(auto));
        Assert.Equal(2, Pegrep.Run("--color=sometimes", "'x'").Status);
    }

    [Fact]
    public void JsonIsRipgrepsMessageStreamWithCaptures()
    {
        var r = Pegrep.RunWithInput("ab 12\ncd 345 6\n", "--json", "{[0-9]+} {}");
        Assert.Equal(
        [
            """{"type":"begin","data":{"path":{"text":"<stdin>"}}}""",
            """{"type":"match","data":{"path":{"text":"<stdin>"},"lines":{"text":"ab 12\n"},"line_number":1,"absolute_offset":0,"submatches":[{"match":{"text":"12"},"start":3,"end":5,"captures":["12",5]}]}}""",
            """{"type":"match","data":{"path":{"text":"<stdin>"},"lines":{"text":"cd 345 6\n"},"line_number":2,"absolute_offset":6,"submatches":[{"match":{"text":"345"},"start":3,"end":6,"captures":["345",6]},{"match":{"text":"6"},"start":7,"end":8,"captures":["6",8]}]}}""",
        ], r.Lines[..3]);
        Assert.StartsWith("""{"type":"end","data":{"path":{"text":"<stdin>"},"binary_offset":null,"stats":{"elapsed":{""", r.Lines[3]);
        Assert.EndsWith("\"searches\":1,\"searches_with_match\":1,\"bytes_searched\":15,\"bytes_printed\":" + BytesPrinted(r.Lines[..3]) +
                        ",\"matched_lines\":2,\"matches\":3}}}", r.Lines[3]);
        Assert.StartsWith("""{"data":{"elapsed_total":{""", r.Lines[4]);
        // UTF-8 text as text; other bytes as base64.
        var utf8 = Pegrep.RunWithInput("caf\u00e9\n", "--json", "'caf' ..");
        Assert.Contains("\"lines\":{\"text\":\"café\\n\"}", utf8.Lines[1]);
        var (_, bytes) = Pegrep.RunBytes([(byte)'c', 0xE9, (byte)'\n'], "--json", "'c'");
        Assert.Contains("\"lines\":{\"bytes\":\"Y+kK\"}", Encoding.UTF8.GetString(bytes));
    }

    private static string BytesPrinted(string[] lines) =>
        lines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void EngineAcceptsEveryChoiceWithTheSameResults()
    {
        foreach (var engine in new[] { "interp", "jit", "auto" })
            Assert.Equal(["beta 22", "alpha beta 333"], Pegrep.RunWithInput(Input, "--engine", engine, "'beta'").Lines);
        Assert.Equal(2, Pegrep.RunWithInput(Input, "--engine", "turbo", "'beta'").Status);
    }

    [Fact]
    public void StatsGoToStandardError()
    {
        var r = Pegrep.RunWithInput(Input, "--stats", "'beta'");
        Assert.Equal(2, r.Lines.Length);
        Assert.Matches(@"^pegrep: stats: files 1, bytes 37, lines 4, matched lines 2, elapsed [0-9.]+ ms, [0-9.]+ MB/s\n" +
                       @"pegrep: stats: jit \(pattern\): no JIT activity \(no loop reached 100000 visits\)\n$", r.Err);
    }

    [Fact]
    public void ThreadsKeepArgumentOrder()
    {
        using var dir = new TempDir();
        var files = Enumerable.Range(0, 24)
            .Select(i => dir.File($"f{i:D2}.txt", string.Concat(Enumerable.Repeat($"line of file {i}\n", 200 * (i % 5 + 1)))))
            .ToArray();
        var sequential = Pegrep.Run(["-j", "1", "-n", "'file'", .. files]);
        var parallel = Pegrep.Run(["-j", "8", "-n", "'file'", .. files]);
        Assert.Equal(sequential.Out, parallel.Out);
        Assert.Equal(files.Sum(f => File.ReadAllLines(f).Length), parallel.Lines.Length);
    }

    [Fact]
    public void StdinIsReadWithoutFilesAndForDash()
    {
        Assert.Equal(["gamma"], Pegrep.RunWithInput(Input, "'gamma'").Lines);
        Assert.Equal(["gamma"], Pegrep.RunWithInput(Input, "'gamma'", "-").Lines);
    }

    [Fact]
    public void HelpIsGeneratedFromTheDeclarations()
    {
        var r = Pegrep.Run("--help");
        Assert.Equal(0, r.Status);
        foreach (var flag in new[] { "--multiline", "--line-regexp", "--only-matching", "--count-matches", "--json", "--engine",
                                     "--trace-log", "--stats", "--lpeg-json", "--recursive", "--text", "--color" })
            Assert.Contains(flag, r.Out);
        Assert.Contains("tracing JIT", r.Out);
    }

    [Fact]
    public void BundledShortFlagsWork()
    {
        Assert.Equal(["2:beta", "4:beta"], Pegrep.RunWithInput(Input, "-on", "'beta'").Lines);
    }
}
