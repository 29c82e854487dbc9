// Selected and context lines and matches of one file -> output bytes: prefixes and markers, colors, -o, --json, counts.
using System.Buffers.Text;
using System.Text;
using PegJit;

namespace Pegrep;

/// <summary>grep's default colors (GREP_COLORS ms=01;31:fn=35:ln=32:se=36), each closed with an erase-line.</summary>
internal static class Sgr
{
    public static ReadOnlySpan<byte> Match => "\e[01;31m\e[K"u8;
    public static ReadOnlySpan<byte> FileName => "\e[35m\e[K"u8;
    public static ReadOnlySpan<byte> LineNumber => "\e[32m\e[K"u8;
    public static ReadOnlySpan<byte> Separator => "\e[36m\e[K"u8;
    public static ReadOnlySpan<byte> End => "\e[m\e[K"u8;
}

/// <summary>
/// Formats the output of one file into a buffer handed to <see cref="OrderedOutput"/> in 64 KiB pieces.
/// Lines are written as the bytes they are, each ended with a newline (also a last line that had none).
/// </summary>
internal sealed class Printer
{
    private const int FlushAt = 64 * 1024;

    private readonly Settings _settings;
    private readonly OrderedOutput _output;
    private readonly int _slot;
    private readonly string _name;
    private readonly byte[] _nameBytes;
    private readonly byte[] _jsonPath;   // ripgrep names standard input "<stdin>" in its messages
    private readonly bool _showName;
    private readonly JsonBuffer _json = new();
    private readonly byte[]? _separator;
    private bool _jsonBegun;
    private byte[] _buffer = new byte[4096];
    private int _length;
    private bool _handedOn;   // this file's printer has given the output some bytes

    public Printer(Settings settings, OrderedOutput output, int slot, string name, bool showName)
    {
        _settings = settings;
        _output = output;
        _slot = slot;
        _name = name;
        _nameBytes = Encoding.UTF8.GetBytes(name);
        _jsonPath = name == Input.StdinName ? "<stdin>"u8.ToArray() : _nameBytes;
        _showName = showName;
        _separator = SeparatorLine(settings);
    }

    /// <summary>
    /// A selected line (<paramref name="selected"/>) or a context line: prefixes, then the line (selected ones with their
    /// matches highlighted when colors are on), then the line terminator. <paramref name="column"/> is the 1-based column
    /// of the first match, for --column (0 on context lines).
    /// </summary>
    public void Line(bool selected, long lineNumber, long offset, int column, ReadOnlySpan<byte> line, Matcher? highlight)
    {
        Prefix(selected, lineNumber, column, offset);
        if (highlight is null) Write(line);
        else Highlighted(line, highlight);
        WriteEol();
        MaybeFlush();
    }

    /// <summary>A selected line of -U with the parts of matches on it highlighted (ranges are offsets in the input).</summary>
    public void LineWithRanges(long lineNumber, long offset, ReadOnlySpan<byte> line, int lineOffset, ReadOnlySpan<(int Start, int End)> matches)
    {
        Prefix(true, lineNumber, 0, offset);
        int written = 0;
        foreach (var (start, end) in matches)
        {
            int s = Math.Clamp(start - lineOffset, 0, line.Length), e = Math.Clamp(end - lineOffset, 0, line.Length);
            if (e <= s || s < written) continue;
            Write(line[written..s]);
            Colored(Sgr.Match, line[s..e]);
            written = e;
        }
        Write(line[written..]);
        WriteEol();
        MaybeFlush();
    }

    /// <summary>One match for -o: its line's number, its own 1-based column and byte offset.</summary>
    public void OnlyMatch(long lineNumber, int column, long offset, ReadOnlySpan<byte> text)
    {
        Prefix(true, lineNumber, column, offset);
        if (_settings.Color) Colored(Sgr.Match, text);
        else Write(text);
        WriteEol();
        MaybeFlush();
    }

    /// <summary>
    /// A selected ("match") or context line as ripgrep's JSON message, the line with its terminator when it has one;
    /// the file's "begin" message comes first.
    /// </summary>
    public void Json(bool selected, long lineNumber, long offset, ReadOnlySpan<byte> lineWithEnd, ReadOnlySpan<JsonStream.Submatch> submatches)
    {
        BeginJson();
        _json.Clear();
        JsonStream.Line(_json, selected, _jsonPath, lineWithEnd, lineNumber, offset, submatches);
        WriteJson();
        MaybeFlush();
    }

    /// <summary>The file's "end" message (only after a "begin"), with its counts.</summary>
    public void EndJson(JsonStream.Counts counts)
    {
        if (!_jsonBegun) return;
        _json.Clear();
        JsonStream.End(_json, _jsonPath, counts with { BytesPrinted = BytesPrinted });
        WriteJson();
    }

    /// <summary>The JSON bytes written for this file so far (ripgrep's bytes_printed).</summary>
    public long BytesPrinted { get; private set; }

    /// <summary>Whether any JSON message was written for the file (it had a selected line).</summary>
    public bool JsonBegun => _jsonBegun;

    private void BeginJson()
    {
        if (_jsonBegun) return;
        _jsonBegun = true;
        _json.Clear();
        JsonStream.Begin(_json, _jsonPath);
        WriteJson();
    }

    private void WriteJson()
    {
        Write(_json.Written);
        BytesPrinted += _json.Length;
    }

    /// <summary>The separator between context groups (when there is one), printed only after some earlier output.</summary>
    public void GroupSeparator()
    {
        if (_separator is null) return;
        // Once this file has output, the separator is due for sure and joins the buffer (a write of its own per group
        // made -C2 one system call a line); before that, only the output knows whether an earlier file printed.
        if (_handedOn || _length > 0)
        {
            Write(_separator);
            MaybeFlush();
            return;
        }
        _output.Separator(_slot, _separator);
    }

    // The group separator's line, colored when colors are on; null with --no-group-separator.
    private static byte[]? SeparatorLine(Settings settings)
    {
        if (settings.GroupSeparator is not { } separator) return null;
        var bytes = new List<byte>();
        if (settings.Color) bytes.AddRange(Sgr.Separator.ToArray());
        bytes.AddRange(Encoding.UTF8.GetBytes(separator));
        if (settings.Color) bytes.AddRange(Sgr.End.ToArray());
        bytes.Add((byte)'\n');
        return [.. bytes];
    }

    /// <summary>The count line of -c / --count-matches.</summary>
    public void Count(long count)
    {
        if (_showName) { Name(); NameEnd(":"u8); }
        WriteNumber(count);
        Write("\n"u8);
    }

    /// <summary>The file name alone (-l, -L), ended by a newline (a NUL with -Z).</summary>
    public void FileName()
    {
        Name();
        Write(_settings.NullAfterName ? "\0"u8 : "\n"u8);
    }

    /// <summary>grep 3.8's notice, on standard error in order with the output, instead of a binary file's lines.</summary>
    public void BinaryMatches()
    {
        Flush();
        _output.Notice(_slot, $"pegrep: {_name}: binary file matches");
    }

    /// <summary>Hands what is buffered to the output.</summary>
    public void Flush()
    {
        if (_length == 0) return;
        _output.Write(_slot, _buffer.AsSpan(0, _length));
        _length = 0;
        _handedOn = true;
    }

    // name, line number, column, byte offset: each followed by ':' on selected lines, '-' on context lines (grep's and
    // ripgrep's markers); -Z puts a NUL after the name instead.
    private void Prefix(bool selected, long lineNumber, int column, long offset)
    {
        var separator = selected ? ":"u8 : "-"u8;
        if (_showName) { Name(); NameEnd(separator); }
        if (_settings.LineNumbers) Field(Sgr.LineNumber, lineNumber, separator);
        if (_settings.Column && column > 0) Field(default, column, separator);
        if (_settings.ByteOffset) Field(default, offset, separator);
    }

    private void Field(ReadOnlySpan<byte> sgr, long value, ReadOnlySpan<byte> separator)
    {
        bool color = _settings.Color && !sgr.IsEmpty;
        if (color) Write(sgr);
        WriteNumber(value);
        if (color) Write(Sgr.End);
        Separator(separator);
    }

    private void Name()
    {
        if (_settings.Color) Colored(Sgr.FileName, _nameBytes);
        else Write(_nameBytes);
    }

    private void NameEnd(ReadOnlySpan<byte> separator)
    {
        if (_settings.NullAfterName) Write("\0"u8);
        else Separator(separator);
    }

    private void Separator(ReadOnlySpan<byte> separator)
    {
        if (_settings.Color) Colored(Sgr.Separator, separator);
        else Write(separator);
    }

    private void WriteEol()
    {
        Reserve(1);
        _buffer[_length++] = _settings.Eol;
    }

    // Every non-empty match of the line in the match color, the rest as it is.
    private void Highlighted(ReadOnlySpan<byte> line, Matcher matcher)
    {
        int written = 0, pos = 0;
        while (pos <= line.Length)
        {
            var m = matcher.Next(line, pos);
            if (!m.Success) break;
            if (m.End > m.Start)
            {
                Write(line[written..m.Start]);
                Colored(Sgr.Match, line[m.Start..m.End]);
                written = m.End;
            }
            pos = m.End > m.Start ? m.End : m.Start + 1;
        }
        Write(line[written..]);
    }

    private void Colored(ReadOnlySpan<byte> sgr, ReadOnlySpan<byte> text)
    {
        Write(sgr);
        Write(text);
        Write(Sgr.End);
    }

    private void WriteNumber(long n)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(n, _buffer.AsSpan(_length), out int written);
        _length += written;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    // Grows the buffer up to the flush size; past it, hands the buffer on first (a huge line may grow it more).
    private void Reserve(int n)
    {
        if (_length + n <= _buffer.Length) return;
        if (_length + n <= FlushAt)
        {
            Array.Resize(ref _buffer, FlushAt);
            return;
        }
        Flush();
        if (n > _buffer.Length) Array.Resize(ref _buffer, n);
    }

    private void MaybeFlush()
    {
        if (_length >= FlushAt) Flush();
    }
}
