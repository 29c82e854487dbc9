// The line prefilter: its analysis alone, and line mode with it against re.find run on every line by itself.
using System.Text;
using PegJit;
using Xunit;

namespace Pegrep.Tests;

public class PrefilterTests
{
    [Theory]
    [InlineData(".*")]
    [InlineData("!.")]
    [InlineData("'a'?")]
    [InlineData("''")]
    [InlineData(".")]
    [InlineData("'a'* 'b'?")]
    [InlineData("!'a' .")]
    public void PatternsThatMayMatchAnywhereHaveNoPrefilter(string pattern)
    {
        Assert.Null(Prefilter.For(Re.Compile(pattern)));
    }

    [Fact]
    public void AStartLimitCountsFromEachLineSoItHasNoPrefilter()
    {
        // !B(1) 'abc': a match begins only at the subject's start, which is each line's start, not only the block's.
        var pattern = -Pattern.B(Pattern.P(1)) * "abc";
        Assert.NotEqual(PegJit.Vm.SearchFacts.Unbounded, pattern.SearchFacts.StartLimit);
        Assert.Null(Prefilter.For(pattern));
    }

    [Theory]
    // A leading literal: lines holding "http", from there, with room after it for the shortest match (8 bytes).
    [InlineData("'http' 's'? '://'", "xx\nhttp://a\nhtt\nfoo http://b\nfoo http\nhttps", "http://a@0|foo http://b@4")]
    // A literal alternation (sets at fixed distances): the sets' bytes in order, not cut by a line's end.
    [InlineData("'GET' / 'POST' / 'PUT' / 'DELETE'", "a GET b\nnothing\nGE\nT\nxDELETE\nPOT", "a GET b@2|xDELETE@1|POT@0")]
    // A set loop then a literal: only lines with the '@', from the start of the run before it.
    [InlineData("[a-z]+ '@' [a-z]+", "abc\nab@cd\n@x\nxyz\n.q@\n.q@r", "ab@cd@0|.q@r@1")]
    // A required inner literal (every position may begin a match): only lines holding it.
    [InlineData("(!'@' .)* '@' 'x'", "abc\na@b\nq@x\n\n@x", "q@x@0|@x@0")]
    // Fixed-width fields: a date, not one cut by a newline.
    [InlineData("%d%d%d%d '-' %d%d '-' %d%d", "on 2024-01-02.\n2024-01-0\n1\n1999-12-31", "on 2024-01-02.@3|1999-12-31@0")]
    // The shortest match needs five bytes from "ab": a line too short after it is passed over.
    [InlineData("'ab' [0-9] [0-9] [0-9]", "xab12\nab123\nab", "ab123@0")]
    // A span over '\n' walked back across lines: a candidate in an earlier line, then the literal's own line.
    [InlineData("[^@]* '@'", "one\ntwo\nthr@e\nfour", "thr@e@0")]
    [InlineData("'\"' [^\"\\\\]* '\"'", "a \"b\nc\" d\n\"e\"", "a \"b@2|c\" d@1|\"e\"@0")]
    public void CandidateLinesAreThoseTheFactsAllow(string pattern, string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", CandidateLines(Re.Compile(pattern), text)));
    }

    [Fact]
    public void ARequiredLiteralWithANewlineIsNotAskedOfALine()
    {
        // Every match holds "\nq", which no line does; the matcher, not the prefilter, finds that out.
        var prefilter = Prefilter.For(Re.Compile("[a-z]* %nl 'q'"))!;
        Assert.Null(prefilter.Required);
        // Without another fact to search for, such a pattern may begin anywhere: every line is matched.
        Assert.Null(Prefilter.For(Re.Compile("(!%nl .)* %nl 'q'")));
    }

    [Fact]
    public void LinesWithoutTheRequiredLiteralArePassedOver()
    {
        // Every position may begin a match, but only the line holding "@x" can hold one.
        var text = string.Concat(Enumerable.Repeat("a@b\n", 1000)) + "q@x\n";
        Assert.Equal(["q@x@0"], CandidateLines(Re.Compile("(!'@' .)* '@' 'x'"), text));
    }

    [Fact]
    public void EveryMatchingLineIsACandidateFromBeforeItsFirstMatch()
    {
        // The routine alone, against re.find on each line: no line that matches is passed over, and no match in it
        // begins before the offset it gives.
        var rng = new Random(11);
        foreach (var pattern in Patterns)
        {
            var compiled = Re.Compile(pattern);
            if (Prefilter.For(compiled) is null) continue;
            foreach (var input in Inputs.Concat(Enumerable.Range(0, 20).Select(_ => RandomText(rng, 400, "ab@x:-09\"=GETPOS htp/\r"))))
            {
                var candidates = CandidateOffsets(compiled, Encoding.UTF8.GetBytes(input));
                var lines = input.Split('\n');
                for (int i = 0; i < lines.Length; i++)
                {
                    var m = Peg.Find(compiled, Encoding.UTF8.GetBytes(lines[i]));
                    if (!m.Success) continue;
                    Assert.True(candidates.TryGetValue(i, out int from) && from <= m.Start,
                        $"pattern {pattern}: line {i} \"{lines[i]}\" matches at {m.Start}, candidate from {(candidates.TryGetValue(i, out int f) ? f : -1)}");
                }
            }
        }
    }

    private static List<string> CandidateLines(Pattern pattern, string text)
    {
        var block = Encoding.UTF8.GetBytes(text);
        var candidates = new LineCandidates(Prefilter.For(pattern)!);
        candidates.NewBlock();
        var lines = new List<string>();
        for (int pos = 0; pos < block.Length && candidates.Next(block, pos, out int start, out int end, out int from); pos = end + 1)
            lines.Add($"{Encoding.UTF8.GetString(block[start..end])}@{from}");
        return lines;
    }

    // Line index -> the offset before which no match begins in it.
    private static Dictionary<int, int> CandidateOffsets(Pattern pattern, byte[] block)
    {
        var candidates = new LineCandidates(Prefilter.For(pattern)!);
        candidates.NewBlock();
        var result = new Dictionary<int, int>();
        int line = 0, counted = 0;
        for (int pos = 0; pos < block.Length && candidates.Next(block, pos, out int start, out int end, out int from); pos = end + 1)
        {
            line += block.AsSpan(counted, start - counted).Count((byte)'\n');
            counted = start;
            Assert.False(result.ContainsKey(line), "a line is handed out twice");
            result[line] = from;
        }
        return result;
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
        "a@b\n@x\nq@x\nab@cd\n@\nx@\n a.b@c-d.e \n@@x\r\n",
        "GET /\nPOS\nxPUTx\nDELETE\nGE\nT\nPOST\r\nDEL\n",
        "2024-01-02\n2024-01-0\n2\n 1999-12-31 \n12-34\n99-99\n0000-00-00x\n",
        "a \"b\nc\" d\n\"e\"\n\"\n\"\"\n\"a\\\"b\"\n",
        "k=1\n=2\nkey=\nab=12 cd=3\nab123\nxab12\nab\n:1\n ab:9\nq\n\nq\n",
        RandomText(new Random(7), 400, "a@x-0:\"=GETPOS"),
        RandomText(new Random(9), 400, "ab@x:09 \\\""),
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
        // Each search fact, and the cases where one must not carry over from the block to its lines.
        "[a-zA-Z0-9._-]+ '@' [a-zA-Z0-9.-]+",
        "[a-z]+ '@' [a-z]+",
        "'GET' / 'POST' / 'PUT' / 'DELETE'",
        "(!'@' .)* '@' 'x'",
        "%d%d%d%d '-' %d%d '-' %d%d",
        "%d%d '-' %d%d",
        "{ [a-z]+ } '=' { [0-9]+ }",
        "[^@]* '@'",
        "'\"' [^\"\\\\]* '\"'",
        "%s* 'ab'",
        "[a-z ]* ':' [0-9]",
        "'ab' [0-9] [0-9] [0-9]",
        ".. 'x'",
        "'x' (. / %nl) 'q'",
        "[a-z]* %nl 'q'",
        "'a' %nl 'b'",
        "'a' !'b'",
        "(!%nl .)* %nl 'q'",
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
            sb.Append(rng.Next(8) switch { 0 or 1 => "http://x.y ", 2 => "https:/ ", 3 => "h", 4 => "ab@cd ", 5 => "q@x", _ => "" });
            sb.Append('a', rng.Next(0, 200)).Append(rng.Next(8) == 0 ? "\r\n" : "\n");
        }
        string text = sb.ToString();
        foreach (var flags in new[] { "-c", "-n", "-v -c", "-o -n" })
            AssertAsReference(text, "'http' 's'? '://' [a-z.]+", flags);
        AssertAsReference(text, "'a' !.", "-c");
        foreach (var pattern in new[] { "[a-z]+ '@' [a-z]+", "(!'@' .)* '@' 'x'", "[^@]* '@'" })
            foreach (var flags in new[] { "-c", "-n", "-v -c" })
                AssertAsReference(text, pattern, flags);
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
