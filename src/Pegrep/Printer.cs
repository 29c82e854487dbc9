// Selected lines and matches of one file -> output bytes: name and number prefixes, colors, -o, --json, counts.
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
    private readonly bool _showName;
    private byte[] _buffer = new byte[4096];
    private int _length;

    public Printer(Settings settings, OrderedOutput output, int slot, string name, bool showName)
    {
        _settings = settings;
        _output = output;
        _slot = slot;
        _name = name;
        _nameBytes = Encoding.UTF8.GetBytes(name);
        _showName = showName;
    }

    /// <summary>A selected line, with its matches highlighted when colors are on.</summary>
    public void Line(long lineNumber, ReadOnlySpan<byte> line, Matcher? highlight)
    {
        Prefix(lineNumber);
        if (highlight is null) Write(line);
        else Highlighted(line, highlight);
        Write("\n"u8);
        MaybeFlush();
    }

    /// <summary>A selected line of -U with the parts of matches on it highlighted (ranges are offsets in the input).</summary>
    public void LineWithRanges(long lineNumber, ReadOnlySpan<byte> line, int lineOffset, ReadOnlySpan<(int Start, int End)> matches)
    {
        Prefix(lineNumber);
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
        Write("\n"u8);
        MaybeFlush();
    }

    /// <summary>One match for -o.</summary>
    public void OnlyMatch(long lineNumber, ReadOnlySpan<byte> text)
    {
        Prefix(lineNumber);
        if (_settings.Color) Colored(Sgr.Match, text);
        else Write(text);
        Write("\n"u8);
        MaybeFlush();
    }

    /// <summary>
    /// One match as a JSON object: the file, the 1-based line, the 0-based byte offset in the file, the matched
    /// text and the capture values, strings as byte strings (one character U+0000..U+00FF per byte).
    /// </summary>
    public void Json(long lineNumber, long offset, ReadOnlySpan<byte> text, IReadOnlyList<object?> captures)
    {
        Write("{\"file\":"u8);
        WriteText(JsonText.Quote(_name));
        Write(",\"line\":"u8);
        WriteNumber(lineNumber);
        Write(",\"offset\":"u8);
        WriteNumber(offset);
        Write(",\"text\":"u8);
        WriteText(LpegJson.EncodeByteString(text));
        Write(",\"captures\":"u8);
        WriteText(LpegJson.EncodeValues(captures));
        Write("}\n"u8);
        MaybeFlush();
    }

    /// <summary>The count line of -c / --count-matches.</summary>
    public void Count(long count)
    {
        if (_showName) { Name(); Separator(); }
        WriteNumber(count);
        Write("\n"u8);
    }

    /// <summary>The file name alone (-l, -L).</summary>
    public void FileName()
    {
        Name();
        Write("\n"u8);
    }

    /// <summary>The line printed instead of the lines of a binary file.</summary>
    public void BinaryMatches()
    {
        Write("Binary file "u8);
        Write(_nameBytes);
        Write(" matches\n"u8);
    }

    /// <summary>Hands what is buffered to the output.</summary>
    public void Flush()
    {
        if (_length == 0) return;
        _output.Write(_slot, _buffer.AsSpan(0, _length));
        _length = 0;
    }

    private void Prefix(long lineNumber)
    {
        if (_showName) { Name(); Separator(); }
        if (_settings.LineNumbers)
        {
            if (_settings.Color) Write(Sgr.LineNumber);
            WriteNumber(lineNumber);
            if (_settings.Color) Write(Sgr.End);
            Separator();
        }
    }

    private void Name()
    {
        if (_settings.Color) Colored(Sgr.FileName, _nameBytes);
        else Write(_nameBytes);
    }

    private void Separator()
    {
        if (_settings.Color) Colored(Sgr.Separator, ":"u8);
        else Write(":"u8);
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

    private void WriteText(string ascii)
    {
        Reserve(Encoding.UTF8.GetMaxByteCount(ascii.Length));
        _length += Encoding.UTF8.GetBytes(ascii, _buffer.AsSpan(_length));
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

/// <summary>JSON string literals for text that is not a byte string (file names).</summary>
internal static class JsonText
{
    /// <summary><paramref name="s"/> as a JSON string literal: quotes, backslashes and control characters escaped.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (char c in s)
        {
            if (c == '"' || c == '\\') sb.Append('\\').Append(c);
            else if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }
}
