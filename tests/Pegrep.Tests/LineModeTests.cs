// Line mode is re.find on each line by itself, however the input is cut into blocks.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

public class LineModeTests
{
    [Fact]
    public void PatternsSeeOnlyTheirLine()
    {
        const string text = "ab\ncd\n\nef";
        // !. is the end of the line, not of the input.
        Assert.Equal(["ab", "cd", "", "ef"], Pegrep.RunWithInput(text, "!.").Lines);
        Assert.Equal(["ab", "cd", "", "ef"], Pegrep.RunWithInput(text, ".*").Lines);
        Assert.Equal(["cd"], Pegrep.RunWithInput(text, "'d' !.").Lines);
        // A match cannot run past the end of its line.
        Assert.Equal(1, Pegrep.RunWithInput(text, "'b' %nl").Status);
        Assert.Equal(1, Pegrep.RunWithInput(text, "'b' .").Status);
        Assert.Equal("\n", Pegrep.RunWithInput(text, "-x", "''").Out);
        // With -U the same patterns see the whole input.
        Assert.Equal(["ab"], Pegrep.RunWithInput(text, "-U", "'b' %nl").Lines);
        Assert.Equal(["ef"], Pegrep.RunWithInput(text, "-U", "'f' !.").Lines);
    }

    [Fact]
    public void LastLineWithoutNewlineIsPrintedWithOne()
    {
        Assert.Equal("ef\n", Pegrep.RunWithInput("ab\nef", "'e'").Out);
    }

    [Fact]
    public void LinesAcrossBlockBoundariesAreWhole()
    {
        // 3 MiB of numbered lines of varied length: many lines straddle the 1 MiB block boundaries.
        var sb = new StringBuilder();
        var rng = new Random(7);
        int n = 0;
        while (sb.Length < 3 << 20) sb.Append("line ").Append(++n).Append(' ').Append('x', rng.Next(0, 300)).Append(" end\n");
        string text = sb.ToString();
        var r = Pegrep.RunWithInput(text, "-c", "'line ' [0-9]+ ' ' 'x'* ' end' !.");
        Assert.Equal([n.ToString()], r.Lines);
        var numbered = Pegrep.RunWithInput(text, "-n", "-o", "'line ' [0-9]+ ' '");
        Assert.Equal(n, numbered.Lines.Length);
        Assert.All(numbered.Lines.Select((l, i) => (l, i)), p => Assert.Equal($"{p.i + 1}:line {p.i + 1} ", p.l));
    }

    [Fact]
    public void AHugeLineGrowsTheBuffer()
    {
        string huge = new string('a', 3 << 20) + "needle" + new string('b', 1000);
        var r = Pegrep.RunWithInput("first\n" + huge + "\nlast\n", "-n", "-o", "'needle' 'b'+");
        Assert.Equal(["2:needle" + new string('b', 1000)], r.Lines);
        Assert.Equal(["3"], Pegrep.RunWithInput("first\n" + huge + "\nlast\n", "-c", ".").Lines);
    }

    [Fact]
    public void JsonOffsetsAreOffsetsInTheFile()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 30000; i++) sb.Append("row ").Append(i).Append(i % 1000 == 0 ? " mark\n" : "\n");
        string text = sb.ToString();
        var r = Pegrep.RunWithInput(text, "--json", "'mark'");
        var matches = r.Lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "match").ToList();
        Assert.Equal(30, matches.Count);
        foreach (var m in matches)
        {
            var data = m.GetProperty("data");
            long offset = data.GetProperty("absolute_offset").GetInt64() + data.GetProperty("submatches")[0].GetProperty("start").GetInt32();
            Assert.Equal("mark", text.Substring((int)offset, 4));
        }
    }

    [Fact]
    public void BlockReaderHandsOutWholeLinesFromATricklingStream()
    {
        var rng = new Random(11);
        var bytes = new byte[(3 << 20) + 12345];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = rng.Next(40) == 0 ? (byte)'\n' : (byte)'a';
        using var reader = new BlockReader(new TricklingStream(bytes, rng));
        var seen = new MemoryStream();
        long expectedOffset = 0;
        while (true)
        {
            var block = reader.Next();
            if (block.IsEmpty) break;
            Assert.Equal(expectedOffset, reader.BlockOffset);
            expectedOffset += block.Length;
            seen.Write(block);
            if (seen.Length < bytes.Length) Assert.Equal((byte)'\n', block[^1]);
        }
        Assert.Equal(bytes, seen.ToArray());
    }

    // Returns short, random-length reads, as a pipe does.
    private sealed class TricklingStream(byte[] data, Random rng) : Stream
    {
        private int _pos;
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, rng.Next(1, 70000)), data.Length - _pos);
            Array.Copy(data, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _pos; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
