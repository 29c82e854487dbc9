// I/O faults of the real process: FIFOs and devices, closed descriptors, a closed pipe, a full disk, lines longer than a
// block; each a one-line message (or none) and grep's status, never a hang or a stack trace.
using System.Text;
using Xunit;

namespace Pegrep.Tests;

public class FaultTests
{
    private static readonly string Exe = External.PegrepExecutable;

    private static void NoStackTrace(string stderr)
    {
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AFifoOperandIsReadAsAStream()
    {
        using var dir = new TempDir();
        string fifo = Path.Combine(dir.Path, "fifo");
        var r = External.Bash($"mkfifo '{fifo}' && (printf 'a\\nb\\na\\n' > '{fifo}' &) && timeout 20 '{Exe}' -c \"'a'\" '{fifo}'");
        Assert.Equal((0, "2\n", ""), (r.Status, r.Out, r.Err));
        var multiline = External.Bash($"(printf 'a\\nb\\n' > '{fifo}' &) && timeout 20 '{Exe}' -U -c \"'a' %nl 'b'\" '{fifo}'");
        Assert.Equal((0, "2\n"), (multiline.Status, multiline.Out));
    }

    [Fact]
    public void ProcessSubstitutionAndCharacterDevicesAreStreams()
    {
        var r = External.Bash($"timeout 20 '{Exe}' -n \"'x'\" <(printf 'a\\nx1\\nx2\\n')");
        Assert.Equal((0, "2:x1\n3:x2\n", ""), (r.Status, r.Out, r.Err));
        var devnull = External.Bash($"timeout 20 '{Exe}' -c \"'x'\" /dev/null");
        Assert.Equal((1, "0\n", ""), (devnull.Status, devnull.Out, devnull.Err));
    }

    [Fact]
    public void ClosedStandardInputIsAnErrorNotAHang()
    {
        var grep = External.Bash("grep a <&-");
        var r = External.Bash($"timeout 20 '{Exe}' \"'a'\" <&-");
        Assert.Equal((2, grep.Err.Replace("grep:", "pegrep:")), (r.Status, r.Err));
        Assert.Equal("pegrep: (standard input): Bad file descriptor\n", r.Err);
        // Files named on the command line are still searched; only the read of standard input fails.
        using var dir = new TempDir();
        string file = dir.File("a.txt", "a\n");
        var mixed = External.Bash($"timeout 20 '{Exe}' -H \"'a'\" '{file}' - <&-");
        Assert.Equal((2, $"{file}:a\n"), (mixed.Status, mixed.Out));
    }

    [Fact]
    public void ClosedStandardOutputIsOneLineAndStatusTwo()
    {
        using var dir = new TempDir();
        string file = dir.File("a.txt", "a\nb\n");
        var grep = External.Bash($"grep a '{file}' >&-");
        var r = External.Bash($"timeout 20 '{Exe}' \"'a'\" '{file}' >&-");
        Assert.Equal((grep.Status, grep.Err.Replace("grep:", "pegrep:")), (r.Status, r.Err));
        Assert.Equal("pegrep: write error: Bad file descriptor\n", r.Err);
    }

    [Fact]
    public void AFullDiskIsAWriteErrorAsGrep()
    {
        if (!File.Exists("/dev/full")) return;   // Linux's device; no other way to fill a disk in a test
        using var dir = new TempDir();
        string file = dir.File("a.txt", string.Concat(Enumerable.Repeat("a line to write\n", 20_000)));
        var grep = External.Bash($"grep a '{file}' > /dev/full");
        var r = External.Bash($"timeout 20 '{Exe}' \"'a'\" '{file}' > /dev/full");
        Assert.Equal((2, grep.Err.Replace("grep:", "pegrep:")), (r.Status, r.Err));
        Assert.Equal("pegrep: write error: No space left on device\n", r.Err);
    }

    [Fact]
    public void AClosedPipeEndsTheRunQuietlyWithGrepsStatus()
    {
        using var dir = new TempDir();
        string file = dir.File("big.txt", string.Concat(Enumerable.Range(0, 300_000).Select(i => $"line {i}\n")));
        // The test host ignores SIGPIPE, and its children inherit that (grep then reports EPIPE and exits 2): grep runs
        // with SIGPIPE's default here, as from a shell, where it dies of the signal and the shell reports 141.
        var grep = External.Bash($"env --default-signal=PIPE grep line '{file}' | head -1 > /dev/null; echo ${{PIPESTATUS[0]}}");
        var r = External.Bash($"timeout 20 '{Exe}' \"'line'\" '{file}' | head -1; echo ${{PIPESTATUS[0]}}");
        Assert.Equal(("line 0\n" + grep.Out, ""), (r.Out, r.Err));
        Assert.Equal("141\n", grep.Out);
    }

    [Fact]
    public void UnknownOptionsAreUsageErrorsInTheRealProcessToo()
    {
        var r = External.Bash($"printf 'beta\\n' | '{Exe}' --ignore-cases \"'beta'\"");
        Assert.Equal(2, r.Status);
        Assert.Equal("", r.Out);
        NoStackTrace(r.Err);
    }

    [Fact]
    public void ALineLongerThanSeveralBlocksIsOneLine()
    {
        // 5 MiB without a newline, in the middle of short lines: the buffer grows past the 1 MiB block.
        string huge = new string('x', 5 << 20) + "needle";
        var r = Pegrep.RunWithInput("a\n" + huge + "\nb needle\n", "-c", "'needle'");
        Assert.Equal(["2"], r.Lines);
        var o = Pegrep.RunWithInput("a\n" + huge + "\nb\n", "-o", "-b", "'needle'");
        Assert.Equal([$"{2 + (5 << 20)}:needle"], o.Lines);
    }

    [Fact]
    public void TheBufferGrowsByDoublingUpToItsLimitThenTheLineIsAnError()
    {
        // Small block and limit stand in for 1 MiB and Array.MaxLength (the real 1 GiB case: manual/long-line.sh).
        byte[] data = Encoding.ASCII.GetBytes("ab\n" + new string('y', 3000) + "\nz");
        using (var reader = new BlockReader(new MemoryStream(data), -1, (byte)'\n', blockSize: 16, maxLength: 8192))
        {
            var lines = new List<int>();
            for (var block = reader.Next(); !block.IsEmpty; block = reader.Next())
                lines.AddRange(Encoding.ASCII.GetString(block).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Length));
            Assert.Equal([2, 3000, 1], lines);
        }
        using var limited = new BlockReader(new MemoryStream(data), -1, (byte)'\n', blockSize: 16, maxLength: 1024);
        Assert.Equal("ab\n", Encoding.ASCII.GetString(limited.Next()));
        var e = Assert.Throws<IOException>(() => limited.Next().Length);
        Assert.Equal("a line is longer than 1024 bytes, the longest that can be searched", e.Message);
    }
}
