// A path -> the file's bytes in one array, as -U searches them; the run's first such file read while the pattern compiles.
namespace Pegrep;

/// <summary>Whole inputs for -U.</summary>
internal static class WholeFile
{
    /// <summary>
    /// A regular file is read into one array of its length: growing a MemoryStream by doubling and copying it out
    /// cost a 40 MB file about 100 ms of copies and page faults. FIFOs and devices have no length and are read as
    /// streams; a file that grows while it is read is read on to its end.
    /// </summary>
    public static byte[] Read(string path)
    {
        using var file = Open(path);
        if (!file.CanSeek || file.Length == 0) return ReadStream(file, []);
        var data = GC.AllocateUninitializedArray<byte>((int)Math.Min(file.Length, Array.MaxLength));
        int filled = 0, read;
        while (filled < data.Length && (read = file.Read(data, filled, data.Length - filled)) > 0) filled += read;
        if (filled < data.Length) return data[..filled];
        var probe = new byte[1];
        if (file.Read(probe) == 0) return data;
        return ReadStream(file, [.. data, .. probe]);
    }

    /// <summary>The rest of a stream after the bytes already read.</summary>
    public static byte[] ReadStream(Stream stream, byte[] head)
    {
        using var buffer = new MemoryStream();
        buffer.Write(head);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Unbuffered: the readers read whole blocks themselves.</summary>
    public static FileStream Open(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
}

/// <summary>
/// With -U, the first file operand is read on a pool thread from the moment the command line is parsed, while the main
/// thread compiles the pattern: reading 40 MB costs about 30 ms, nearly all of it in the kernel (copies and page
/// faults), and compiling a grammar in a fresh process as long (the runtime loading and compiling the compiler's
/// code), so the two overlap on a machine's second core. Only one file, and only a large one: a small file reads in
/// less time than a hop to another thread costs, and reading many ahead would hold them all in memory.
/// Failures are those of the read the search would have made, raised where it would have made it.
/// </summary>
internal sealed class ReadAhead
{
    /// <summary>Files smaller than this are read when their search starts.</summary>
    public const long MinBytes = 1 << 20;

    private readonly string _path;
    private readonly Task<byte[]> _read;
    private int _taken;

    private ReadAhead(string path)
    {
        _path = path;
        _read = Task.Run(() => WholeFile.Read(path));
    }

    /// <summary>Starts reading <paramref name="path"/> (a -U run's first file operand) when it is a regular file of at
    /// least <see cref="MinBytes"/>; null otherwise.</summary>
    public static ReadAhead? Start(string? path)
    {
        if (path is null or "-") return null;
        try
        {
            var info = new FileInfo(path);   // a directory, FIFO or device is not Exists or has no length
            return info.Exists && info.Length >= MinBytes ? new ReadAhead(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;   // the search reports what is wrong with the operand
        }
    }

    /// <summary>The bytes of <paramref name="path"/> if they are the ones read ahead (once); null otherwise. Throws
    /// what the read threw.</summary>
    public byte[]? Take(string path)
    {
        if (path != _path || Interlocked.Exchange(ref _taken, 1) != 0) return null;
        return _read.GetAwaiter().GetResult();   // the read's own exception, not an AggregateException
    }
}
