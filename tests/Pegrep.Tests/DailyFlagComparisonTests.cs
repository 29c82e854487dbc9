// The daily flags (-i -w -F -f -A -B -C -m -b -z -Z, binary notices) against GNU grep on the same files, every engine.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

/// <summary>Files shared by the comparisons: words in mixed case, with digits, underscores and punctuation.</summary>
public sealed class WordFiles : IDisposable
{
    private readonly TempDir _dir = new();

    public WordFiles()
    {
        var rng = new Random(5);
        string[] words = ["alpha", "Beta", "GAMMA", "delta", "foo", "foo_bar", "bar-foo", "x1", "needle", "Needle", "NEEDLE", "nEeDlE",
                          "needles", "(needle)", "caf\u00e9", "CAF\u00c9", "foobar", "ab", "AB", "abab"];
        var sb = new StringBuilder();
        for (int i = 0; i < 400; i++)
        {
            for (int w = rng.Next(0, 6); w > 0; w--) sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(4) == 0 ? ", " : " ");
            sb.Append('\n');
        }
        Words = _dir.File("words.txt", sb.ToString());
        Numbers = _dir.File("numbers.txt", string.Concat(Enumerable.Range(1, 60).Select(i => $"{i}\n")));
        Patterns = _dir.File("patterns.txt", "'needle'\n[0-9]+\n");
        FixedStrings = _dir.File("fixed.txt", "foo\nfoo_bar\nAB\n");
        Empty = _dir.File("empty.txt", "");
        EmptyLine = _dir.File("emptyline.txt", "\n");
        Nul = _dir.File("nul.dat", [.. "one\0two needle\nthree\0needle four\0five"u8]);
        Binary = _dir.File("bin.dat", [.. "text needle\nbin\0ary\nneedle again\n"u8]);
    }

    public string Words { get; }
    public string Numbers { get; }
    public string Patterns { get; }
    public string FixedStrings { get; }
    public string Empty { get; }
    public string EmptyLine { get; }
    public string Nul { get; }
    public string Binary { get; }

    public void Dispose() => _dir.Dispose();
}

public class DailyFlagComparisonTests(WordFiles files) : IClassFixture<WordFiles>
{
    // (pegrep flags and pattern, grep flags and pattern): the file operands are added by each test.
    public static TheoryData<string, string> CaseFolding => new()
    {
        { "-i|'needle'", "-i|needle" },
        { "-i -o|'NEEDLE'", "-i -o|needle" },
        { "-i -c|[a-c]+", "-i -c|[a-c]\\+" },
        { "-i -o|[A-C]+", "-i -o|[A-C]\\+" },
        { "-i -o|[^a-z ,]+", "-i -o|[^a-z ,]\\+" },
        { "-i -n|{:w: [a-z]+ :} ' ' =w", "-i -n|\\([a-z]\\+\\) \\1" },
        { "-i -o|'caf'", "-i -o|caf" },
        // Non-ASCII letters do not fold (grep in the C locale does the same).
        { "-i -o|'caf\u00e9'", "-i -o|caf\u00e9" },
        { "-i -v -c|'ab'", "-i -v -c|ab" },
    };

    public static TheoryData<string, string> Words => new()
    {
        { "-w|'foo'", "-w|foo" },
        { "-w -o|'foo'", "-w -o|foo" },
        { "-w -c|'bar'", "-w -c|bar" },
        { "-w -o|[a-z]+", "-w -o|[a-z]\\+" },
        { "-w -c|[a-z]*", "-w -c|[a-z]*" },
        { "-w -o -n|'needle'", "-w -o -n|needle" },
        { "-w -i -o|'needle'", "-w -i -o|needle" },
        { "-w -o|'x1'", "-w -o|x1" },
        { "-w -o|'foo_bar'", "-w -o|foo_bar" },
        { "-w -o|'(' [a-z]+ ')'", "-w -o|([a-z]\\+)" },
        // grep retries a shorter match at the same start: 'ab' then 'a'... PEG gives that as ordered alternatives.
        { "-w -o|'foobar' / 'foo'", "-w -o|foo\\|foobar" },
        { "-w -o|'abab' / 'ab'", "-w -o|ab\\|abab" },
        { "-w -v -c|'needle'", "-w -v -c|needle" },
        { "-w -x -c|'ab'", "-w -x -c|ab" },   // -x wins over -w
    };

    public static TheoryData<string, string> FixedStrings => new()
    {
        { "-F|needle", "-F|needle" },
        { "-F -o|(needle)", "-F -o|(needle)" },
        { "-F -o -e foo -e foo_bar|", "-F -o -e foo -e foo_bar|" },
        { "-F -o -e AB -e abab -e ab|", "-F -o -e AB -e abab -e ab|" },
        { "-F -i -o|nEEDLE", "-F -i -o|nEEDLE" },
        { "-F -w -o|foo", "-F -w -o|foo" },
        { "-F -x -c|ab ", "-F -x -c|ab " },
        { "-F -c|", "-F -c|" },
        { "-F -o -e foo|", "-F -o -e foo|" },
    };

    public static TheoryData<string, string> Context => new()
    {
        { "-n -C2|'needle ' !.", "-n -C2|needle $" },
        { "-A1|'GAMMA'", "-A1|GAMMA" },
        { "-B3 -n|'GAMMA'", "-B3 -n|GAMMA" },
        { "-n -A1 -B2|'x1'", "-n -A1 -B2|x1" },
        { "-3 -n|'delta'", "-3 -n|delta" },
        { "-C1 -v -n|'e'", "-C1 -v -n|e" },
        { "-C1 -o -n|'foo'", "-C1 -o -n|foo" },
        { "-C1 -c|'foo'", "-C1 -c|foo" },
        { "-m3 -A2 -n|'needle'", "-m3 -A2 -n|needle" },
        { "-m2 -B1 -n|'Beta'", "-m2 -B1 -n|Beta" },
        { "-b -n -C1|'GAMMA'", "-b -n -C1|GAMMA" },
        { "-C1 --group-separator=XX|'GAMMA'", "-C1 --group-separator=XX|GAMMA" },
        { "-C1 --no-group-separator|'GAMMA'", "-C1 --no-group-separator|GAMMA" },
        { "-C 100 -c|'zzz'", "-C 100 -c|zzz" },
    };

    public static TheoryData<string, string> Counts => new()
    {
        { "-m1|'needle'", "-m1|needle" },
        { "-m2 -c|'needle'", "-m2 -c|needle" },
        { "-m0 -c|'needle'", "-m0 -c|needle" },
        { "-m0|'needle'", "-m0|needle" },
        { "-m3 -v -n|'needle'", "-m3 -v -n|needle" },
        { "-m3 -c -v|'needle'", "-m3 -c -v|needle" },
        { "-m1 -o|'needle' / 'Needle'", "-m1 -o|needle\\|Needle" },
        { "-m1 -l|'needle'", "-m1 -l|needle" },
        { "-b|'GAMMA'", "-b|GAMMA" },
        { "-b -o|'needle'", "-b -o|needle" },
        { "-b -o -n -H|'foo'", "-b -o -n -H|foo" },
    };

    [Theory]
    [MemberData(nameof(CaseFolding))]
    [MemberData(nameof(Words))]
    [MemberData(nameof(FixedStrings))]
    [MemberData(nameof(Context))]
    [MemberData(nameof(Counts))]
    public void SameAsGrepOnOneFile(string ours, string theirs) => AsGrep(ours, theirs, [files.Words]);

    [Theory]
    [MemberData(nameof(Context))]
    [MemberData(nameof(Counts))]
    public void SameAsGrepOnTwoFiles(string ours, string theirs) => AsGrep(ours, theirs, [files.Words, files.Numbers]);

    // Arguments separated by spaces, with placeholders for the pattern files; grep reads them as extended regexps.
    [Theory]
    [InlineData("-f PATTERNS", "-E -f PATTERNS_ERE")]
    [InlineData("-F -o -f FIXED", "-F -o -f FIXED")]
    [InlineData("-F -i -o -f FIXED", "-F -i -o -f FIXED")]
    // (grep -c with an empty pattern file prints nothing at all; pegrep prints each file's 0, as with any pattern that
    // matches nothing: a documented difference, not compared here.)
    [InlineData("-c -f EMPTYLINE", "-c -f EMPTYLINE")]
    [InlineData("-c -f PATTERNS -e 'GAMMA'", "-E -c -f PATTERNS_ERE -e GAMMA")]
    public void PatternFilesHoldOnePatternALineAsGrep(string ours, string theirs)
    {
        using var dir = new TempDir();
        string ere = dir.File("patterns.ere", "needle\n[0-9]+\n");
        string Resolve(string arg) => arg switch
        {
            "PATTERNS_ERE" => ere,
            "PATTERNS" => files.Patterns,
            "FIXED" => files.FixedStrings,
            "EMPTYLINE" => files.EmptyLine,
            "EMPTY" => files.Empty,
            _ => arg,
        };
        Compare.Same("grep", [.. theirs.Split(' ').Select(Resolve), files.Words], [.. ours.Split(' ').Select(Resolve), files.Words]);
    }

    [Theory]
    [InlineData("-z|'needle'", "-z|needle")]
    [InlineData("-z -n|'two'", "-z -n|two")]
    [InlineData("-z -c|'o'", "-z -c|o")]
    [InlineData("-z -o -b|'needle'", "-z -o -b|needle")]
    [InlineData("-z -v|'needle'", "-z -v|needle")]
    [InlineData("-z -A1 -n|'two'", "-z -A1 -n|two")]
    public void NullDataLinesEndWithNulAsGrep(string ours, string theirs) => AsGrep(ours, theirs, [files.Nul]);

    [Theory]
    [InlineData("-Z -l|'needle'", "-Z -l|needle")]
    [InlineData("-Z -L|'GAMMA'", "-Z -L|GAMMA")]
    [InlineData("-Z -c|'needle'", "-Z -c|needle")]
    [InlineData("-Z -n -C1|'GAMMA'", "-Z -n -C1|GAMMA")]
    public void NullAfterNamesAsGrep(string ours, string theirs) => AsGrep(ours, theirs, [files.Words, files.Numbers]);

    [Theory]
    [InlineData("|'needle'", "|needle")]
    [InlineData("-c|'needle'", "-c|needle")]
    [InlineData("-o|'needle'", "-o|needle")]
    [InlineData("-a|'needle'", "-a|needle")]
    [InlineData("-l|'needle'", "-l|needle")]
    [InlineData("-q|'needle'", "-q|needle")]
    [InlineData("-A1|'text'", "-A1|text")]
    public void BinaryFileNoticesAsGrep(string ours, string theirs) => AsGrep(ours, theirs, [files.Binary, files.Words]);

    [Fact]
    public void ContextAcrossBlockBoundariesAsGrep()
    {
        // Several 1 MiB blocks, a match every 997 lines: some groups straddle the boundaries between blocks.
        using var dir = new TempDir();
        var sb = new StringBuilder();
        for (int i = 0; sb.Length < 3_300_000; i++) sb.Append(i % 997 == 0 ? $"needle {i}\n" : $"line {i} of filler text\n");
        string file = dir.File("big.txt", sb.ToString());
        foreach (string flags in new[] { "-n -B5 -A3", "-c -C2", "-m5 -A4 -n", "-b -C1" })
            Compare.Same("grep", [.. flags.Split(' '), "needle", file], [.. flags.Split(' '), "'needle'", file]);
    }

    // "flags|pattern" -> grep and pegrep arguments with the files after them.
    private static void AsGrep(string ours, string theirs, string[] fileArgs)
    {
        var (oursFlags, oursPattern) = Split(ours);
        var (theirsFlags, theirsPattern) = Split(theirs);
        string[] grepArgs = theirsPattern.Length == 0 && theirsFlags.Contains("-e") ? [.. theirsFlags, .. fileArgs] : [.. theirsFlags, "--", theirsPattern, .. fileArgs];
        string[] pegArgs = oursPattern.Length == 0 && oursFlags.Contains("-e") ? [.. oursFlags, .. fileArgs] : [.. oursFlags, "--", oursPattern, .. fileArgs];
        Compare.Same("grep", grepArgs, pegArgs);
    }

    private static (string[] Flags, string Pattern) Split(string spec)
    {
        int bar = spec.IndexOf('|', StringComparison.Ordinal);
        string flags = spec[..bar];
        return (flags.Length == 0 ? [] : flags.Split(' '), spec[(bar + 1)..]);
    }
}
