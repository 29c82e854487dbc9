// Positions in a whole input, asked left to right -> their line's start, end and number, each byte scanned once.
namespace Pegrep;

/// <summary>
/// The lines of a whole input (-U) as a search moves through it: the start, the end and the 1-based number of the
/// line holding a position. Positions are asked in nondecreasing order (the matches of a search, then the lines they
/// touch), and each answer goes on from what the last one learnt, so the bytes between are scanned once however many
/// matches a line holds. (Scanning from every match back to its line's start and on to its end is quadratic in the
/// length of a line holding many matches.) A position behind what is known is answered by scanning only the part not
/// yet known.
/// </summary>
internal sealed class LineCursor
{
    private readonly byte[] _data;
    private readonly byte _eol;
    private int _startAt;            // [_lineStart, _startAt] holds no '\n' but maybe at _startAt: one line's start is known
    private int _lineStart;
    private int _endFrom, _lineEnd;  // [_endFrom, _lineEnd) holds no '\n'; _lineEnd is one, or the input's end
    private int _countedTo;          // line numbers are counted up to this byte
    private long _lineNumber = 1;    // the number of the line holding _countedTo

    public LineCursor(byte[] data, byte eol = (byte)'\n')
    {
        _data = data;
        _eol = eol;
        _endFrom = _lineEnd = -1;
    }

    /// <summary>Bytes examined so far, for tests: a linear search examines each a bounded number of times.</summary>
    public long Scanned { get; private set; }

    /// <summary>The start of the line holding <paramref name="pos"/> (0..length).</summary>
    public int LineStart(int pos)
    {
        if (pos >= _startAt)
        {
            // A '\n' at _startAt ends the known line: the scan includes it.
            int from = _startAt, i = Scan(from, pos - from, backward: true);
            if (i >= 0) _lineStart = from + i + 1;
            _startAt = pos;
            return _lineStart;
        }
        if (pos >= _lineStart) return _lineStart;
        int back = Scan(0, pos, backward: true);   // out of order: not expected of a search, still right
        return back + 1;
    }

    /// <summary>The end of the line holding <paramref name="pos"/>: its '\n', or the input's length.</summary>
    public int LineEnd(int pos)
    {
        if (pos >= _endFrom && pos <= _lineEnd) return _lineEnd;
        if (pos < _endFrom)
        {
            // Behind the known stretch: only the bytes up to it are new.
            int i = Scan(pos, _endFrom - pos, backward: false);
            if (i >= 0) return pos + i;
            _endFrom = pos;
            return _lineEnd;
        }
        int n = Scan(pos, _data.Length - pos, backward: false);
        _endFrom = pos;
        _lineEnd = n < 0 ? _data.Length : pos + n;
        return _lineEnd;
    }

    /// <summary>The 1-based number of the line holding <paramref name="pos"/>.</summary>
    public long LineNumber(int pos)
    {
        if (pos < _countedTo)
        {
            Scanned += _countedTo - pos;
            return _lineNumber - _data.AsSpan(pos, _countedTo - pos).Count(_eol);
        }
        Scanned += pos - _countedTo;
        _lineNumber += _data.AsSpan(_countedTo, pos - _countedTo).Count(_eol);
        _countedTo = pos;
        return _lineNumber;
    }

    // The offset of the last (backward) or first '\n' in _data[from..from+length), or -1; every byte looked at counts.
    private int Scan(int from, int length, bool backward)
    {
        var span = _data.AsSpan(from, length);
        int i = backward ? span.LastIndexOf(_eol) : span.IndexOf(_eol);
        Scanned += i < 0 ? length : backward ? length - i : i + 1;
        return i;
    }
}
