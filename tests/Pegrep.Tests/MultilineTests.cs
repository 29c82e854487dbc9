// -U on long lines with many matches: the line cursor alone, the bytes a whole search scans, and output against a reference.
using System.Text;
using PegJit;
using Xunit;

namespace Pegrep.Tests;

public class MultilineTests
{
    [Fact]
    public void TheCursorAnswersAsAScanFromScratchWould()
    {
        var rng = new Random(23);
        for (int round = 0; round < 50; round++)
        {
            var data = RandomBytes(rng, rng.Next(0, 300), "ab\n");
            var cursor = new LineCursor(data);
            // Left to right, some positions asked more than once, as a search asks them.
            var positions = Enumerable.Range(0, 40).Select(_ => rng.Next(0, data.Length + 1)).Order().ToList();
            foreach (int pos in positions)
            {
                Assert.Equal(NaiveStart(data, pos), cursor.LineStart(pos));
                Assert.Equal(NaiveEnd(data, pos), cursor.LineEnd(pos));
                Assert.Equal(NaiveNumber(data, pos), cursor.LineNumber(pos));
            }
        }
    }

    [Fact]
    public void TheCursorAnswersPositionsBehindWhatItKnows()
    {
        var data = "ab\ncdef\n\ngh"u8.ToArray();
        var cursor = new LineCursor(data);
        Assert.Equal(9, cursor.LineStart(10));
        Assert.Equal(11, cursor.LineEnd(10));
        Assert.Equal(3, cursor.LineStart(5));
        Assert.Equal(7, cursor.LineEnd(4));
        Assert.Equal(0, cursor.LineStart(1));
        Assert.Equal(2, cursor.LineEnd(0));
        Assert.Equal(4, cursor.LineNumber(10));
        Assert.Equal(2, cursor.LineNumber(3));
    }

    [Fact]
    public void TheCursorScansEachByteOfALongLineABoundedNumberOfTimes()
    {
        // One line of 1,000,000 bytes, asked about at every other byte: a rescan to the line's start and end from each
        // position would examine about 5 * 10^11 bytes.
        const int length = 1_000_000;
        var data = new byte[length + 1];
        data.AsSpan(0, length).Fill((byte)'a');
        data[length] = (byte)'\n';
        var cursor = new LineCursor(data);
        for (int pos = 0; pos < length; pos += 2)
        {
            Assert.Equal(0, cursor.LineStart(pos));
            Assert.Equal(length, cursor.LineEnd(pos + 1));
            Assert.Equal(1, cursor.LineNumber(pos));
        }
        Assert.True(cursor.Scanned <= 3L * data.Length, $"scanned {cursor.Scanned} bytes of {data.Length}");
    }

    public static TheoryData<string, string, bool, bool> SearchShapes() => new()
    {
        // pattern, output, -n, color
        { "'a'", "Count", false, false },
        { "'a'", "OnlyMatching", true, false },
        { "'a'", "Lines", true, true },
        { "'a'", "Json", false, false },
        { "'a'", "CountMatches", false, false },
        // One region of 100,000 lines, each touched by two matches: coloring looks at each match a bounded number of times.
        { "%nl 'a'", "Lines", true, true },
        { "'b' / %nl", "Lines", false, true },
    };

    [Theory]
    [MemberData(nameof(SearchShapes))]
    public void ASearchScansLinearlyHoweverManyMatchesALineHolds(string pattern, string mode, bool numbers, bool color)
    {
        // 200,000 matches of 'a' on one line of 400,000 bytes, then 100,000 short lines.
        var text = Repeat("ab", 200_000) + "\n" + Repeat("ab\n", 100_000);
        var data = Encoding.ASCII.GetBytes(text);
        var settings = new Settings { Multiline = true, Mode = Enum.Parse<OutputMode>(mode), LineNumbers = numbers, Color = color };
        var matcher = new Matcher([Re.Compile(pattern)], wholeSubject: false, word: false, new MatchOptions());
        matcher.Prepare();
        var output = new OrderedOutput(Stream.Null, TextWriter.Null, () => { });
        var printer = new Printer(settings, output, output.Open(), "(standard input)", showName: false);
        var search = new MultilineSearch(new RunState(settings, matcher), printer);
        Assert.True(search.Search(data, skipBinary: false));
        Assert.True(search.LineBytesScanned <= 6L * data.Length, $"scanned {search.LineBytesScanned} bytes of {data.Length}");
        Assert.True(search.RangesVisited <= 2L * 400_000, $"visited {search.RangesVisited} match ranges");
    }

    // Long lines with many matches, matches across lines, empty matches, a last line without a newline.
    public static readonly string[] Inputs =
    [
        Repeat("ab", 5000) + "\nxyz\n" + Repeat("a b ", 3000),
        Repeat("a\n", 3000) + "a",
        Repeat("b", 7000) + "\n\n" + Repeat("ba\nab", 1000) + "\n",
    ];

    public static TheoryData<string> Patterns() =>
        ["'a'", "'ab'", "[ab]+", "%nl 'a'", "'b' %nl", "'a' / %nl", "'x'?", "'b' !.", "'zz'",
        // A match-time back reference: the batched search must run it as a search one match at a time does.
        "{:q: [ab] :} =q"];

    public static readonly string[][] FlagSets =
        [["-c"], ["-n"], ["-o", "-n"], ["--count-matches"], ["-v", "-n"], ["-v", "-c"], ["--color=always", "-n"]];

    [Theory]
    [MemberData(nameof(Patterns))]
    public void LongLinesWithManyMatchesPrintAsTheReferenceDoes(string pattern)
    {
        foreach (var input in Inputs)
            foreach (var flags in FlagSets)
            {
                var expected = Reference(input, Re.Compile(pattern), flags);
                var (status, output) = Pegrep.RunBytes(Encoding.ASCII.GetBytes(input), ["-U", .. flags, pattern]);
                var actual = (status, Encoding.ASCII.GetString(output));
                Assert.True(expected == actual, $"pattern {pattern}, flags {string.Join(' ', flags)}: expected status {expected.Status} and " +
                    $"{Show(expected.Out)} but got status {actual.status} and {Show(actual.Item2)}");
            }
    }

    // -U as it reads: every match of the whole input, left to right (one byte on after an empty one); a line is
    // selected when a match touches it (an empty match at the very end, after a last '\n', touches none).
    private static (int Status, string Out) Reference(string input, Pattern pattern, string[] flags)
    {
        var data = Encoding.ASCII.GetBytes(input);
        var lineStarts = new List<int> { 0 };
        for (int i = 0; i < data.Length; i++)
            if (data[i] == '\n' && i + 1 < data.Length) lineStarts.Add(i + 1);
        if (data.Length == 0) lineStarts.Clear();
        int LineOf(int pos) => lineStarts.FindLastIndex(s => s <= pos);
        var touched = new bool[lineStarts.Count];
        var matches = new List<(int Start, int End)>();
        for (int pos = 0; pos <= data.Length;)
        {
            var m = Peg.Find(pattern, data, pos);
            if (!m.Success) break;
            matches.Add((m.Start, m.End));
            pos = m.End > m.Start ? m.End : m.Start + 1;
            if (m.Start == data.Length && (data.Length == 0 || data[^1] == '\n')) continue;
            for (int l = LineOf(m.Start); l <= LineOf(m.End > m.Start ? m.End - 1 : m.Start); l++) touched[l] = true;
        }
        bool invert = flags.Contains("-v"), numbers = flags.Contains("-n"), color = flags.Contains("--color=always");
        var selected = Enumerable.Range(0, lineStarts.Count).Where(l => touched[l] != invert).ToList();
        int status = selected.Count > 0 ? 0 : 1;
        if (flags.Contains("-c")) return (status, $"{selected.Count}\n");
        var nonEmpty = matches.Where(m => m.End > m.Start).ToList();
        if (flags.Contains("--count-matches")) return (status, $"{nonEmpty.Count}\n");
        var sb = new StringBuilder();
        string Prefix(int line) => numbers ? (color ? $"\e[32m\e[K{line + 1}\e[m\e[K\e[36m\e[K:\e[m\e[K" : $"{line + 1}:") : "";
        if (flags.Contains("-o"))
        {
            foreach (var m in nonEmpty) sb.Append(Prefix(LineOf(m.Start))).Append(input, m.Start, m.End - m.Start).Append('\n');
            return (status, sb.ToString());
        }
        foreach (int l in selected)
        {
            int start = lineStarts[l], end = input.IndexOf('\n', start) is var n and >= 0 ? n : input.Length;
            sb.Append(Prefix(l));
            int written = start;
            if (color && !invert)
                foreach (var (ms, me) in nonEmpty)
                {
                    int s = Math.Clamp(ms, start, end), e = Math.Clamp(me, start, end);
                    if (e <= s || s < written) continue;
                    sb.Append(input, written, s - written).Append("\e[01;31m\e[K").Append(input, s, e - s).Append("\e[m\e[K");
                    written = e;
                }
            sb.Append(input, written, end - written).Append('\n');
        }
        return (status, sb.ToString());
    }

    [Fact]
    public void ALargeFirstFileReadAheadIsSearchedAsTheSameBytesOnStandardInput()
    {
        // Past ReadAhead.MinBytes and a few of its chunks, with matches at the start, inside and on the last line, which
        // has no newline.
        var text = new StringBuilder("needle first\n");
        for (int i = 0; text.Length < 5 * ReadAhead.MinBytes; i++) text.Append(i % 1_000 == 0 ? $"a needle at {i}\n" : $"hay {i}\n");
        text.Append("needle last");
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var dir = Directory.CreateTempSubdirectory("pegrep-read-ahead");
        try
        {
            string big = Path.Combine(dir.FullName, "big.txt"), small = Path.Combine(dir.FullName, "small.txt");
            File.WriteAllBytes(big, bytes);
            File.WriteAllText(small, "a small needle\n");
            var stdin = Pegrep.RunWithInput(bytes, "-U", "-n", "'needle' [a-z ]* [0-9]*");
            Assert.Equal(0, stdin.Status);
            Assert.True(stdin.Lines.Length > 100, $"{stdin.Lines.Length} lines selected");
            Assert.Equal(stdin, Pegrep.Run("-U", "-n", "'needle' [a-z ]* [0-9]*", big));
            // Named twice: only the first search takes the bytes read ahead, the second reads the file itself.
            var twice = Pegrep.Run("-U", "-c", "'needle'", big, big);
            Assert.Equal($"{big}:{stdin.Lines.Length}\n{big}:{stdin.Lines.Length}\n", twice.Out);
            // Read ahead but excluded: never searched, and the next file is.
            var excluded = Pegrep.Run("-U", "-H", "--exclude=big*", "'needle'", big, small);
            Assert.Equal($"{small}:a small needle\n", excluded.Out);
            Assert.Equal(0, excluded.Status);
            // What is read ahead, and what is not: only a large regular file, taken once, by its own path.
            var ahead = ReadAhead.Start(big);
            Assert.NotNull(ahead);
            Assert.Null(ahead.Take(small));
            Assert.Equal(bytes, ahead.Take(big));
            Assert.Null(ahead.Take(big));
            Assert.Null(ReadAhead.Start(small));
            Assert.Null(ReadAhead.Start(dir.FullName));
            Assert.Null(ReadAhead.Start("-"));
            Assert.Null(ReadAhead.Start(null));
            // A file that is gone is reported where its search starts, as one that never was read ahead.
            string gone = Path.Combine(dir.FullName, "gone.txt");
            var missing = Pegrep.Run("-U", "-H", "'needle'", gone, small);
            Assert.Equal((2, $"{small}:a small needle\n"), (missing.Status, missing.Out));
            Assert.Contains("No such file or directory", missing.Err);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));

    private static string Show(string s) => s.Length > 200 ? $"\"{s[..200]}...\" ({s.Length} chars)" : $"\"{s}\"";

    private static byte[] RandomBytes(Random rng, int length, string alphabet) =>
        Enumerable.Range(0, length).Select(_ => (byte)alphabet[rng.Next(alphabet.Length)]).ToArray();

    private static int NaiveStart(byte[] data, int pos) => data.AsSpan(0, pos).LastIndexOf((byte)'\n') + 1;

    private static int NaiveEnd(byte[] data, int pos) => data.AsSpan(pos).IndexOf((byte)'\n') is var n and >= 0 ? pos + n : data.Length;

    private static long NaiveNumber(byte[] data, int pos) => data.AsSpan(0, pos).Count((byte)'\n') + 1;
}
