// The command line parsed strictly, getopt_long's way, and the text made from the flag table (help, man page, completions).
using Xunit;

namespace Pegrep.Tests;

public class OptionTests
{
    private const string Input = "beta\nBeta\n-x\nalpha -x\n";

    [Theory]
    [InlineData("--ignore-cases", "pegrep: unrecognized option '--ignore-cases'")]
    [InlineData("--bogus=1", "pegrep: unrecognized option '--bogus'")]
    [InlineData("-k", "pegrep: invalid option -- 'k'")]
    [InlineData("-ik", "pegrep: invalid option -- 'k'")]
    [InlineData("--no", "pegrep: option '--no' is ambiguous")]
    [InlineData("--count=3", "pegrep: option '--count' doesn't allow an argument")]
    [InlineData("--color=sometimes", "pegrep: invalid argument 'sometimes' for '--color' (valid arguments: , auto, always, never)")]
    [InlineData("-A", "pegrep: invalid context length argument ''beta''")]   // the value is the next argument, whatever it is
    [InlineData("-Ax", "pegrep: invalid context length argument 'x'")]
    [InlineData("-m-1", "pegrep: invalid max count argument '-1'")]
    public void AnUnknownOrIncompleteOptionIsAUsageErrorNeverAPattern(string option, string message)
    {
        // The option comes first, so that with no error it would be taken for the pattern (and print every line).
        var r = Pegrep.RunWithInput(Input, option, "'beta'");
        Assert.Equal((2, ""), (r.Status, r.Out));
        Assert.Equal(message + "\nUsage: pegrep [OPTION]... PATTERN [FILE]...\nTry 'pegrep --help' for more information.\n", r.Err);
    }

    [Theory]
    [InlineData("-F|--|-x", "-F|--|-x")]
    [InlineData("-F -e|-x", "-F -e|-x")]
    [InlineData("-F -n -e -x -e|beta", "-F -n -e -x -e|beta")]
    [InlineData("-in|'beta'", "-in|beta")]
    [InlineData("-icv|'beta'", "-icv|beta")]
    [InlineData("-m1|'beta'", "-m1|beta")]
    [InlineData("--max-count=1 -i|'beta'", "--max-count=1 -i|beta")]
    [InlineData("--max-count 1 -i|'beta'", "--max-count 1 -i|beta")]
    [InlineData("--max-c=1 --ignore-c|'beta'", "--max-c=1 --ignore-c|beta")]   // unique prefixes
    [InlineData("-e'beta' -c|", "-ebeta -c|")]
    public void OptionsParseAsGrepParsesThem(string ours, string theirs)
    {
        using var dir = new TempDir();
        string file = dir.File("in.txt", Input);
        string[] Args(string spec)
        {
            string[] parts = spec.Split('|');
            return [.. parts.Take(parts.Length - 1).SelectMany(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries)),
                    .. parts[^1].Length == 0 ? Array.Empty<string>() : [parts[^1]], file];
        }
        Compare.Same("grep", Args(theirs), Args(ours));
    }

    [Theory]
    [InlineData("-e", "pegrep: option requires an argument -- 'e'")]
    [InlineData("--max-count", "pegrep: option '--max-count' requires an argument")]
    public void AMissingValueIsAUsageError(string option, string message)
    {
        var r = Pegrep.RunWithInput(Input, "'beta'", option);
        Assert.Equal((2, ""), (r.Status, r.Out));
        Assert.StartsWith(message + "\n", r.Err);
    }

    [Fact]
    public void OptionsMayFollowOperandsUntilDoubleDash()
    {
        using var dir = new TempDir();
        string file = dir.File("in.txt", Input);
        Assert.Equal(["1:beta"], Pegrep.Run("'beta'", file, "-n").Lines);
        var r = Pegrep.Run("'beta'", "--", file, "-n");
        Assert.Equal(2, r.Status);
        Assert.Equal("pegrep: -n: No such file or directory\n", r.Err);
    }

    [Fact]
    public void InformationalFlagsPrintAndExitZero()
    {
        Assert.Matches(@"^pegrep [0-9]+\.[0-9]+\.[0-9]+", Pegrep.Run("--version").Out);
        Assert.Equal(Pegrep.Run("--version").Out, Pegrep.Run("-V").Out);
        var types = Pegrep.Run("--type-list");
        Assert.Equal(0, types.Status);
        Assert.Contains("csharp: *.cs, *.csx", types.Lines);
    }

    [Fact]
    public void HelpManPageAndCompletionsNameEveryFlag()
    {
        string help = Pegrep.Run("--help").Out;
        string man = Pegrep.Run("--generate", "man").Out;
        string bash = Pegrep.Run("--generate", "complete-bash").Out;
        string zsh = Pegrep.Run("--generate", "complete-zsh").Out;
        string fish = Pegrep.Run("--generate", "complete-fish").Out;
        Assert.StartsWith(".TH PEGREP 1", man);
        foreach (var flag in Options.Flags)
        {
            Assert.Contains("--" + flag.Long, help);
            Assert.Contains("\\-\\-" + flag.Long.Replace("-", "\\-"), man);
            Assert.Contains("--" + flag.Long, bash);
            Assert.Contains("'--" + flag.Long, zsh);
            Assert.Contains("-l " + flag.Long, fish);
            if (flag.Short != '\0') Assert.Contains($"-{flag.Short}, --{flag.Long}", help);
        }
    }

    [Fact]
    public void TheBashCompletionIsValidBashAndCompletesFlagsAndValues()
    {
        using var dir = new TempDir();
        string script = dir.File("pegrep.bash", Pegrep.Run("--generate", "complete-bash").Out);
        var r = External.Bash($"source '{script}'; COMP_WORDS=(pegrep --engi); COMP_CWORD=1; _pegrep; echo \"${{COMPREPLY[@]}}\"; " +
                              $"COMP_WORDS=(pegrep --engine j); COMP_CWORD=2; _pegrep; echo \"${{COMPREPLY[@]}}\"");
        Assert.Equal((0, "--engine\njit\n"), (r.Status, r.Out));
    }

    [Fact]
    public void ContextWithMultilineIsRefusedRatherThanIgnored()
    {
        var r = Pegrep.RunWithInput("a\n", "-U", "-C1", "'a'");
        Assert.Equal((2, ""), (r.Status, r.Out));
        Assert.StartsWith("pegrep: -A, -B and -C are not supported with -U\n", r.Err);
    }

    [Fact]
    public void AnEmptyPatternFileMatchesNothing()
    {
        using var dir = new TempDir();
        string empty = dir.File("none.txt", "");
        var r = Pegrep.RunWithInput("a\nb\n", "-c", "-f", empty);
        Assert.Equal((1, "0\n"), (r.Status, r.Out));
        // grep prints nothing at all here (the documented difference): the status is the same.
        string file = dir.File("in.txt", "a\nb\n");
        Assert.Equal((1, ""), External.Run("grep", ["-c", "-f", empty, file]) is var g ? (g.Status, g.Out) : default);
        Assert.Equal((0, "2\n"), (Pegrep.RunWithInput("a\nb\n", "-v", "-c", "-f", empty) is var v ? (v.Status, v.Out) : default));
    }

    [Fact]
    public void APatternFileLineWithAnErrorNamesTheFileAndLine()
    {
        using var dir = new TempDir();
        string file = dir.File("p.txt", "'ok'\n'broken\n");
        var r = Pegrep.RunWithInput("a\n", "-f", file);
        Assert.Equal(2, r.Status);
        Assert.StartsWith($"pegrep: {file}:2: pattern error", r.Err);
    }
}
