// The ripgrep conventions (--column, --json, recursive walks with .gitignore/.ignore, globs, --hidden, --max-depth)
// against rg 13 on the same files, every engine; grep's --include/--exclude against grep -r.
using System.Text.RegularExpressions;
using Xunit;

namespace Pegrep.Tests;

/// <summary>
/// A git repository fixture: nested .gitignore files with negation and directory-only rules, an .ignore file, hidden
/// files and directories, .git/info/exclude, and a directory above the root with its own .ignore.
/// </summary>
public sealed class IgnoreTree : IDisposable
{
    private readonly TempDir _dir = new();

    public IgnoreTree()
    {
        Outer = _dir.Path;
        _dir.File(".ignore", "outer-ignored.txt\n");                 // above the repository: still read (as rg)
        Root = Path.Combine(_dir.Path, "repo");
        Directory.CreateDirectory(Path.Combine(Root, ".git", "info"));
        string[] files =
        [
            "a.txt", "b.log", "keep.log", "build/out.txt", "src/build", "src/main.c", "src/util.h", "src/gen/x.c",
            "src/deep/deeper/z.txt", "docs/readme.md", "docs/notes.tmp", ".hidden.txt", ".config/settings.txt",
            "outer-ignored.txt", "local.txt", "src/local.txt", "excluded.txt", "sub/only.txt", "sub/skip.md",
        ];
        foreach (string f in files) _dir.File(Path.Combine("repo", f), $"needle in {f}\n");
        _dir.File("repo/.gitignore", "*.log\n!keep.log\nbuild/\n/local.txt\n*.tmp\n");
        _dir.File("repo/src/.gitignore", "gen/\n!*.tmp\n");
        _dir.File("repo/docs/.gitignore", "!notes.tmp\n");
        _dir.File("repo/sub/.ignore", "*.md\n");
        _dir.File("repo/.git/info/exclude", "excluded.txt\n");
        _dir.File("repo/.git/HEAD", "ref: refs/heads/main\n");
    }

    public string Outer { get; }
    public string Root { get; }

    public void Dispose() => _dir.Dispose();
}

public class RipgrepComparisonTests(IgnoreTree tree) : IClassFixture<IgnoreTree>
{
    private const string Text = "foo bar\nfoobar\nx foo_bar\nbar-foo\nnothing\n  foo  foo\n";

    [Theory]
    [InlineData("--column")]
    [InlineData("--column -o")]
    [InlineData("--column -b")]
    [InlineData("--column -C1")]
    [InlineData("--column -i")]
    public void ColumnAsRipgrep(string flags)
    {
        using var dir = new TempDir();
        string file = dir.File("t.txt", Text + "FOO\n");
        Compare.Same("rg", [.. flags.Split(' '), "foo", file], [.. flags.Split(' '), "'foo'", file]);
    }

    // Captures are PegJit's extra field; rg's messages are compared with it taken out and the times zeroed.
    // bytes_printed counts pegrep's own bytes (the captures too), so it is zeroed as well.
    private static string WithoutCaptures(string json) =>
        JsonTimes.Zero(Regex.Replace(Regex.Replace(json, ",\"captures\":\\[[^\\]]*\\]", ""), "\"bytes_printed\":[0-9]+", "\"bytes_printed\":0"));

    [Theory]
    [InlineData("", "'foo'", "foo")]
    [InlineData("-C1", "'foo'", "foo")]
    [InlineData("-v", "'foo'", "foo")]
    [InlineData("-i", "'FOO'", "FOO")]
    [InlineData("-A1", "'bar'", "bar")]   // (not with -m: rg goes on selecting in the trailing context, pegrep follows grep)
    [InlineData("", "'zzz'", "zzz")]
    public void JsonAsRipgrep(string flags, string peg, string regex)
    {
        using var dir = new TempDir();
        string a = dir.File("a.txt", Text), b = dir.File("b.txt", "caf\u00e9 foo\n\tfoo \"q\" \\ end\n");
        string[] f = flags.Length == 0 ? [] : flags.Split(' ');
        // -j1: rg prints the files in the order given when it searches one at a time.
        Compare.Same("rg", ["-j1", "--json", .. f, regex, a, b], ["--json", .. f, peg, a, b], WithoutCaptures);
    }

    [Fact]
    public void JsonBytesThatAreNotUtf8AsRipgrep()
    {
        using var dir = new TempDir();
        string file = dir.File("latin1.txt", [(byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)' ', (byte)'f', (byte)'o', (byte)'o', (byte)'\n']);
        Compare.Same("rg", ["--json", "foo", file], ["--json", "'foo'", file], WithoutCaptures);
    }

    [Fact]
    public void JsonCarriesCapturesOnEachSubmatch()
    {
        var r = Pegrep.RunWithInput("k=v x=1\n", "--json", "{[a-z]+} '=' {[a-z0-9]+}");
        Assert.Contains("\"submatches\":[{\"match\":{\"text\":\"k=v\"},\"start\":0,\"end\":3,\"captures\":[\"k\",\"v\"]},"
                        + "{\"match\":{\"text\":\"x=1\"},\"start\":4,\"end\":7,\"captures\":[\"x\",\"1\"]}]", r.Out);
    }

    // rg's order of files is its own: both lists are sorted before comparing.
    private static string Sorted(string output) => string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

    [Theory]
    [InlineData("")]
    [InlineData("--hidden")]
    [InlineData("--no-ignore")]
    [InlineData("--no-ignore --hidden")]
    [InlineData("--max-depth 1")]
    [InlineData("--max-depth 2")]
    [InlineData("--max-depth 0")]
    [InlineData("-g *.txt")]
    [InlineData("-g !src")]
    [InlineData("-g !*.txt")]
    [InlineData("-g *.log")]
    [InlineData("-g **/deeper/*")]
    [InlineData("-g *.c -g !main.c")]
    [InlineData("--type c")]
    [InlineData("--type-not markdown")]
    public void RecursiveWalkAsRipgrep(string flags)
    {
        string[] f = flags.Length == 0 ? [] : flags.Split(' ');
        Compare.Same("rg", ["-l", .. f, "needle", tree.Root], ["-r", "-l", .. f, "'needle'", tree.Root], Sorted);
    }

    // Without an operand the current directory is walked, names print without "./", and a glob with a '/' is anchored
    // there (rg anchors globs at the current directory; pegrep at the directory searched, which is the same here).
    [Theory]
    [InlineData("src", "")]
    [InlineData("", "-g src/*.c")]
    [InlineData("", "-g src/** -g !*.h")]
    public void TheCurrentDirectoryIsWalkedWithNamesAsRipgrepPrintsThem(string below, string flags)
    {
        string dir = Path.Combine(tree.Root, below);
        string quoted = string.Concat(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(f => $" '{f}'"));
        var rg = External.Bash($"cd '{dir}' && rg -l{quoted} needle");
        var ours = External.Bash($"cd '{dir}' && '{External.PegrepExecutable}' -r -l{quoted} \"'needle'\"");
        Assert.Equal((rg.Status, Sorted(rg.Out)), (ours.Status, Sorted(ours.Out)));
        Assert.NotEqual("", ours.Out);
    }

    [Fact]
    public void OperandsNamedOnTheCommandLineAreSearchedEvenWhenIgnored()
    {
        string ignored = Path.Combine(tree.Root, "b.log");
        Compare.Same("rg", ["-l", "needle", ignored], ["-r", "-l", "'needle'", ignored]);
    }

    [Theory]
    [InlineData("--include=*.txt")]
    [InlineData("--exclude=*.txt")]
    [InlineData("--include=*.c --include=*.h")]
    [InlineData("--exclude-dir=src")]
    [InlineData("--exclude-dir=.git --include=*.log")]
    public void IncludeAndExcludeAsGrep(string flags)
    {
        // grep -r knows no ignore files and searches hidden files: --no-ignore --hidden is the same walk.
        string[] f = flags.Split(' ');
        Compare.Same("grep", ["-r", "-l", .. f, "needle", tree.Root], ["-r", "-l", "--no-ignore", "--hidden", .. f, "'needle'", tree.Root], Sorted);
    }

    [Fact]
    public void IncludeAppliesToOperandsAsGrep()
    {
        string a = Path.Combine(tree.Root, "a.txt"), c = Path.Combine(tree.Root, "src", "main.c");
        Compare.Same("grep", ["-l", "--include=*.c", "needle", a, c], ["-l", "--include=*.c", "'needle'", a, c]);
    }
}
