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
/// code), so the two overlap on a machine's second core. The file is read in chunks at their offsets, and a search
/// that asks for it before the read is done reads the chunks left alongside (the page faults of a fresh array are most
/// of the cost, and two threads take them at once). Only one file, and only a large one: a small file reads in less
/// time than a hop to another thread costs, and reading many ahead would hold them all in memory. A file that changes
/// length meanwhile is read again from its start, as <see cref="WholeFile.Read"/> reads it. Failures are those of the
/// read the search would have made, raised where it would have made it.
/// </summary>
internal sealed class ReadAhead
{
    /// <summary>Files smaller than this are read when their search starts.</summary>
    public const long MinBytes = 1 << 20;

    /// <summary>What one thread reads at a time.</summary>
    private const int ChunkBytes = 2 << 20;

    private readonly string _path;
    private readonly Task<byte[]> _read;
    private Chunks? _chunks;   // set once the file is open and its array allocated
    private int _taken;

    private ReadAhead(string path)
    {
        _path = path;
        _read = Task.Run(Read);
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

    /// <summary>The bytes of <paramref name="path"/> if they are the ones read ahead (once); null otherwise. Reads the
    /// chunks not yet taken, then waits for the rest. Throws what the read threw.</summary>
    public byte[]? Take(string path)
    {
        if (path != _path || Interlocked.Exchange(ref _taken, 1) != 0) return null;
        Volatile.Read(ref _chunks)?.ReadSome();
        return _read.GetAwaiter().GetResult();   // the read's own exception, not an AggregateException
    }

    private byte[] Read()
    {
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(file);
        if (length < MinBytes || length > Array.MaxLength) return WholeFile.Read(_path);   // changed since it was looked at
        var chunks = new Chunks(file, GC.AllocateUninitializedArray<byte>((int)length));
        Volatile.Write(ref _chunks, chunks);
        chunks.ReadSome();
        chunks.WaitAll();
        var probe = new byte[1];
        bool same = !chunks.Short && RandomAccess.Read(file, probe, length) == 0;
        return same ? chunks.Data : WholeFile.Read(_path);
    }

    /// <summary>A file's chunks, taken in order by whichever thread asks next.</summary>
    private sealed class Chunks(Microsoft.Win32.SafeHandles.SafeFileHandle file, byte[] data)
    {
        private readonly int _count = (int)((data.LongLength + ChunkBytes - 1) / ChunkBytes);
        private int _next, _done;
        private Exception? _failure;

        public byte[] Data => data;

        /// <summary>Some chunk ended before its end: the file shrank.</summary>
        public bool Short { get; private set; }

        /// <summary>Reads chunks until none is left to take; a failure is kept for <see cref="WaitAll"/>.</summary>
        public void ReadSome()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next) - 1) < _count)
            {
                try
                {
                    long at = (long)i * ChunkBytes;
                    var span = data.AsSpan((int)at, (int)Math.Min(ChunkBytes, data.LongLength - at));
                    int filled = 0, read;
                    while (filled < span.Length && (read = RandomAccess.Read(file, span[filled..], at + filled)) > 0) filled += read;
                    if (filled < span.Length) Short = true;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    Interlocked.CompareExchange(ref _failure, e, null);
                }
                finally
                {
                    Interlocked.Increment(ref _done);
                }
            }
        }

        /// <summary>Waits for the chunks other threads took; throws the first failure.</summary>
        public void WaitAll()
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _done) < _count) spin.SpinOnce();
            if (_failure is { } e) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
        }
    }
}
