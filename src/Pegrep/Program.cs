// Process entry: the console's streams -> Cli.Run, whose result is the exit status.
using Microsoft.Win32.SafeHandles;
using Pegrep;

// A native build hands a search the JIT pays for to the JIT-capable build beside it (see Handoff); an unparsable command
// line is left to Cli.Run, which reports it.
if (TryHandoff(args) is { } handedOff) return handedOff;

using var stdin = StandardStreams.OpenStdin();
using var stdout = StandardStreams.OpenStdout();
try
{
    return Cli.Run(args, stdin, stdout, Console.Error, stdoutIsTerminal: !Console.IsOutputRedirected);
}
catch (Exception e)
{
    // A bug: still grep's status for an error, and one line saying what went wrong (no stack trace).
    Console.Error.WriteLine($"pegrep: internal error: {e.GetType().Name}: {e.Message}");
    return 2;
}

static int? TryHandoff(string[] args)
{
    try
    {
        return Handoff.Target(Options.Parse(args)) is { } build ? Handoff.Run(build, args) : null;
    }
    catch (UsageException)
    {
        return null;
    }
}

/// <summary>Standard input and output as the search reads and writes them.</summary>
internal static class StandardStreams
{
    /// <summary>
    /// Standard input; a stream whose reads fail with "Bad file descriptor" when the process was started with descriptor
    /// 0 closed (<c>pegrep PATTERN &lt;&amp;-</c>). The runtime then opens its own pipe as descriptor 0 (the lowest free one)
    /// and keeps its write end, so reading it would wait forever: on Linux such a pipe is recognized by its write end
    /// being open in this very process (grep reports the closed descriptor and exits 2).
    /// </summary>
    public static Stream OpenStdin() => StdinIsOwnPipe() ? new ClosedStream() : Console.OpenStandardInput();

    private static bool StdinIsOwnPipe()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            string? stdin = new FileInfo("/proc/self/fd/0").LinkTarget;
            if (stdin is null || !stdin.StartsWith("pipe:", StringComparison.Ordinal)) return false;
            foreach (var fd in new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos())
                if (fd.Name != "0" && fd.LinkTarget == stdin && IsWriteEnd(fd.Name)) return true;
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // /proc/self/fdinfo/N's "flags:" line holds the open flags in octal; O_WRONLY is 01.
    private static bool IsWriteEnd(string fd)
    {
        foreach (string line in File.ReadLines($"/proc/self/fdinfo/{fd}"))
            if (line.StartsWith("flags:", StringComparison.Ordinal))
                return (Convert.ToInt32(line[6..].Trim(), 8) & 3) == 1;
        return false;
    }

    /// <summary>
    /// The console stream swallows EPIPE, so `pegrep ... | head` would search to the end writing into nothing: on a
    /// pipe or terminal, a FileStream over descriptor 1 reports the closed pipe and the search stops. A regular file
    /// keeps the console stream, whose write(2) moves the shared offset (a FileStream writes at its own position,
    /// and would overwrite what others sharing the descriptor wrote, e.g. `(pegrep ...; echo) > log`).
    /// </summary>
    public static Stream OpenStdout()
    {
        if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
        try
        {
            var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
            if (!stream.CanSeek) return stream;
            stream.Dispose();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // Descriptor 1 is closed or not writable: the console stream reports that at the first write.
        }
        return Console.OpenStandardOutput();
    }

    /// <summary>A closed descriptor: every read fails as read(2) does on one.</summary>
    private sealed class ClosedStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("Bad file descriptor");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
