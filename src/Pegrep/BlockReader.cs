// A stream -> blocks of whole lines, one buffer at a time; a line cut by a block's end is carried into the next.
using System.Buffers;

namespace Pegrep;

/// <summary>
/// Reads a stream in blocks (1 MiB) and hands out the complete lines of each block, so that memory stays flat
/// however large the input. The partial line at a block's end moves to the front of the buffer and is completed
/// by the next read; a single line longer than the buffer grows it, doubling, up to the largest array .NET allows
/// (<see cref="Array.MaxLength"/>, just under 2 GiB), beyond which a line is an error of its file. Streams are read as
/// streams (pipes, FIFOs, character devices): nothing here seeks.
/// </summary>
internal sealed class BlockReader : IDisposable
{
    /// <summary>The size of one block, and the most a line-mode search holds of a file (unless one line is longer).</summary>
    public const int BlockSize = 1 << 20;

    private readonly Stream _stream;
    private readonly byte _eol;
    private readonly int _maxLength;
    private byte[] _buffer;
    private int _start;   // where the unconsumed bytes begin
    private int _end;     // where they end
    private int _scanned; // bytes before it (from _start) are known to hold no newline
    private long _consumed;
    private bool _eof;

    /// <param name="stream">The input.</param>
    /// <param name="lengthHint">The input's length when known (a regular file), else -1.</param>
    /// <param name="eol">The byte that ends lines.</param>
    /// <param name="blockSize">The block size (tests make it small).</param>
    /// <param name="maxLength">The largest buffer, so the longest line (tests make it small).</param>
    public BlockReader(Stream stream, long lengthHint = -1, byte eol = (byte)'\n', int blockSize = BlockSize, int maxLength = -1)
    {
        _stream = stream;
        _eol = eol;
        _maxLength = maxLength < 0 ? Array.MaxLength : maxLength;
        // A small file needs no more than its length (+1 to see the end without a second buffer).
        int size = lengthHint >= 0 && lengthHint < blockSize ? (int)lengthHint + 1 : blockSize;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(size, _maxLength));
    }

    /// <summary>The offset in the stream of the block last returned.</summary>
    public long BlockOffset { get; private set; }

    /// <summary>
    /// The next block of whole lines (each ended by '\n', except a last line without one at the end of input);
    /// empty at the end of input. The span is valid until the next call.
    /// </summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public ReadOnlySpan<byte> Next()
    {
        Compact();
        while (true)
        {
            int newline = _buffer.AsSpan(_scanned, _end - _scanned).LastIndexOf(_eol);
            if (newline >= 0) return Take(_scanned + newline + 1);
            _scanned = _end;
            if (_eof) return Take(_end);
            if (_end == _buffer.Length) Grow();
            Fill();
        }
    }

    /// <summary>
    /// Up to <paramref name="count"/> bytes at the start of the input, without consuming them: what one read
    /// returns (as grep looks at its first buffer), so a slow pipe is not waited on.
    /// </summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public ReadOnlySpan<byte> Peek(int count)
    {
        if (_end == _start && !_eof) Fill();
        return _buffer.AsSpan(_start, Math.Min(count, _end - _start));
    }

    // Hands out [_start, end); what follows it holds no newline (end is after the last one read, or the end).
    private ReadOnlySpan<byte> Take(int end)
    {
        var block = _buffer.AsSpan(_start, end - _start);
        BlockOffset = _consumed;
        _consumed += end - _start;
        _start = end;
        _scanned = _end;
        return block;
    }

    // Moves the carried-over partial line to the front of the buffer.
    private void Compact()
    {
        if (_start == 0) return;
        _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
        _end -= _start;
        _scanned -= _start;
        _start = 0;
    }

    private void Fill()
    {
        int n = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (n == 0) _eof = true;
        else _end += n;
    }

    // Doubles the buffer (a line is longer than it), up to the largest array; a longer line cannot be one span.
    private void Grow()
    {
        if (_buffer.Length >= _maxLength)
            throw new IOException($"a line is longer than {_maxLength} bytes, the longest that can be searched");
        var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * _buffer.Length, _maxLength));
        _buffer.AsSpan(_start, _end - _start).CopyTo(bigger);
        _end -= _start;
        _scanned -= _start;
        _start = 0;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
