// Exit status as grep's: 0 a line selected, 1 none, 2 an error (and the error's message on standard error).
using Xunit;

namespace Pegrep.Tests;

public class ExitStatusTests
{
    [Fact]
    public void ZeroWhenALineIsSelectedOneWhenNone()
    {
        Assert.Equal(0, Pegrep.Run("'EUR'", Pegrep.Sample).Status);
        Assert.Equal(1, Pegrep.Run("'no such words anywhere'", Pegrep.Sample).Status);
        Assert.Equal(1, Pegrep.RunWithInput("", "''").Status);   // no line at all
    }

    [Fact]
    public void BadPatternIsTwoWithPositionAndCaret()
    {
        var r = Pegrep.Run("'http' [a-z", Pegrep.Sample);
        Assert.Equal(2, r.Status);
        Assert.Equal("", r.Out);
        Assert.StartsWith("pegrep: pattern error at line 1, column ", r.Err);
        string[] lines = r.Err.TrimEnd('\n').Split('\n');
        Assert.Equal("'http' [a-z", lines[^2]);
        Assert.Matches(@"^ *\^$", lines[^1]);
    }

    [Fact]
    public void BadPatternFileNamesTheFileAndLine()
    {
        using var dir = new TempDir();
        string grammar = dir.File("g.peg", "a <- 'x'\nb <- ('y'\n");
        var r = Pegrep.Run("--grammar", grammar, Pegrep.Sample);
        Assert.Equal(2, r.Status);
        Assert.StartsWith($"pegrep: {grammar}: pattern error at line 2, column ", r.Err);
        Assert.Contains("^", r.Err);
    }

    [Fact]
    public void GrammarErrorIsTwo()
    {
        var r = Pegrep.Run("a <- a 'x'", Pegrep.Sample);   // left recursive
        Assert.Equal(2, r.Status);
        Assert.StartsWith("pegrep: ", r.Err);
        var undefined = Pegrep.Run("a <- b", Pegrep.Sample);
        Assert.Equal(2, undefined.Status);
    }

    [Fact]
    public void UnreadableFileIsReportedTheOthersSearchedAndTheStatusTwo()
    {
        var r = Pegrep.Run("'treasurer'", "/nonexistent/a.txt", Pegrep.Sample, "/nonexistent/b.txt");
        Assert.Equal(2, r.Status);
        Assert.Equal(3, r.Lines.Length);
        Assert.All(r.Lines, l => Assert.StartsWith(Pegrep.Sample + ":", l));
        Assert.Equal("pegrep: /nonexistent/a.txt: No such file or directory\npegrep: /nonexistent/b.txt: No such file or directory\n", r.Err);
    }

    [Fact]
    public void DirectoryWithoutRecursiveIsAnError()
    {
        using var dir = new TempDir();
        var r = Pegrep.Run("'x'", dir.Path);
        Assert.Equal(2, r.Status);
        Assert.Equal($"pegrep: {dir.Path}: Is a directory\n", r.Err);
    }

    [Fact]
    public void UsageErrorsAreTwo()
    {
        Assert.Equal(2, Pegrep.Run().Status);
        Assert.Equal(2, Pegrep.Run("--no-such-flag", "'x'").Status);
        Assert.Equal(2, Pegrep.Run("-f", "/nonexistent/pattern.peg").Status);
    }

    [Fact]
    public void CaptureErrorOnALineIsTwo()
    {
        // A back reference to a group that never matched is a runtime error of the subject (as in LPeg).
        var r = Pegrep.RunWithInput("abc\n", "'a' =missing");
        Assert.Equal(2, r.Status);
        Assert.Contains("missing", r.Err);
    }

    [Theory]
    [InlineData("-c")]
    [InlineData("-l")]
    [InlineData("-q")]
    [InlineData("-v")]
    [InlineData("")]
    public void ACaptureThatFailsToEvaluateIsTwoInEveryMode(string flag)
    {
        // Modes that only ask whether a line matches still evaluate the captures of a pattern that has them.
        var r = flag.Length == 0 ? Pegrep.RunWithInput("abc\n", "'a' -> '%2'") : Pegrep.RunWithInput("abc\n", flag, "'a' -> '%2'");
        Assert.Equal(2, r.Status);
        Assert.Contains("invalid capture index", r.Err);
    }
}
