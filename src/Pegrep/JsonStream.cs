// Matches, context lines and per-file counts -> ripgrep's JSON messages (begin, match, context, end, summary) as bytes.
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using PegJit;

namespace Pegrep;

/// <summary>
/// Writes ripgrep's <c>--json</c> messages with its field names, one JSON object a line. Text that is valid UTF-8 is
/// written as <c>{"text": ...}</c> (escaping only quotes, backslashes and control characters, as ripgrep does);
/// other bytes as <c>{"bytes": BASE64}</c>. Each submatch carries PegJit's capture values under <c>"captures"</c>:
/// strings as JSON strings (or <c>{"bytes": BASE64}</c>), numbers, booleans, null, and tables as objects.
/// </summary>
internal static class JsonStream
{
    /// <summary>A line's matches within it, with each match's capture values.</summary>
    public readonly record struct Submatch(int Start, int End, IReadOnlyList<object?> Captures);

    public static void Begin(JsonBuffer b, ReadOnlySpan<byte> path)
    {
        b.Raw("{\"type\":\"begin\",\"data\":{\"path\":"u8);
        b.Data(path);
        b.Raw("}}\n"u8);
    }

    /// <summary>A "match" (selected) or "context" line: <paramref name="line"/> with its terminator.</summary>
    public static void Line(JsonBuffer b, bool match, ReadOnlySpan<byte> path, ReadOnlySpan<byte> line, long number, long offset,
        ReadOnlySpan<Submatch> submatches)
    {
        b.Raw(match ? "{\"type\":\"match\",\"data\":{\"path\":"u8 : "{\"type\":\"context\",\"data\":{\"path\":"u8);
        b.Data(path);
        b.Raw(",\"lines\":"u8);
        b.Data(line);
        b.Raw(",\"line_number\":"u8);
        b.Number(number);
        b.Raw(",\"absolute_offset\":"u8);
        b.Number(offset);
        b.Raw(",\"submatches\":["u8);
        for (int i = 0; i < submatches.Length; i++)
        {
            var s = submatches[i];
            if (i > 0) b.Raw(","u8);
            b.Raw("{\"match\":"u8);
            b.Data(line[s.Start..s.End]);
            b.Raw(",\"start\":"u8);
            b.Number(s.Start);
            b.Raw(",\"end\":"u8);
            b.Number(s.End);
            b.Raw(",\"captures\":"u8);
            Values(b, s.Captures);
            b.Raw("}"u8);
        }
        b.Raw("]}}\n"u8);
    }

    /// <summary>The counts of one file or of the run, as ripgrep's "stats" object.</summary>
    public readonly record struct Counts(TimeSpan Elapsed, long Searches, long SearchesWithMatch, long BytesSearched, long BytesPrinted,
        long MatchedLines, long Matches);

    public static void End(JsonBuffer b, ReadOnlySpan<byte> path, Counts counts)
    {
        b.Raw("{\"type\":\"end\",\"data\":{\"path\":"u8);
        b.Data(path);
        b.Raw(",\"binary_offset\":null,\"stats\":"u8);
        Stats(b, counts);
        b.Raw("}}\n"u8);
    }

    // ripgrep orders the summary's keys alphabetically ("data" before "type").
    public static void Summary(JsonBuffer b, TimeSpan total, Counts counts)
    {
        b.Raw("{\"data\":{\"elapsed_total\":"u8);
        Elapsed(b, total, alphabetical: true);
        b.Raw(",\"stats\":"u8);
        Stats(b, counts, alphabetical: true);
        b.Raw("},\"type\":\"summary\"}\n"u8);
    }

    // The "stats" fields in ripgrep's order for "end"; the summary sorts them by key.
    private static readonly string[] StatsKeys = ["elapsed", "searches", "searches_with_match", "bytes_searched", "bytes_printed", "matched_lines", "matches"];
    private static readonly string[] SortedStatsKeys = [.. StatsKeys.Order(StringComparer.Ordinal)];

    private static void Stats(JsonBuffer b, Counts c, bool alphabetical = false)
    {
        var keys = alphabetical ? SortedStatsKeys : StatsKeys;
        for (int i = 0; i < keys.Length; i++)
        {
            b.Raw(i == 0 ? "{\""u8 : ",\""u8);
            b.Ascii(keys[i]);
            b.Raw("\":"u8);
            switch (keys[i])
            {
                case "elapsed": Elapsed(b, c.Elapsed, alphabetical); break;
                case "searches": b.Number(c.Searches); break;
                case "searches_with_match": b.Number(c.SearchesWithMatch); break;
                case "bytes_searched": b.Number(c.BytesSearched); break;
                case "bytes_printed": b.Number(c.BytesPrinted); break;
                case "matched_lines": b.Number(c.MatchedLines); break;
                default: b.Number(c.Matches); break;
            }
        }
        b.Raw("}"u8);
    }

    private static void Elapsed(JsonBuffer b, TimeSpan t, bool alphabetical)
    {
        long nanos = t.Ticks * 100;
        string human = (nanos / 1e9).ToString("F6", CultureInfo.InvariantCulture) + "s";
        if (alphabetical)
        {
            b.Raw("{\"human\":\""u8);
            b.Ascii(human);
            b.Raw("\",\"nanos\":"u8);
            b.Number(nanos % 1_000_000_000);
            b.Raw(",\"secs\":"u8);
            b.Number(nanos / 1_000_000_000);
        }
        else
        {
            b.Raw("{\"secs\":"u8);
            b.Number(nanos / 1_000_000_000);
            b.Raw(",\"nanos\":"u8);
            b.Number(nanos % 1_000_000_000);
            b.Raw(",\"human\":\""u8);
            b.Ascii(human);
            b.Raw("\""u8);
        }
        b.Raw("}"u8);
    }

    private static void Values(JsonBuffer b, IReadOnlyList<object?> values)
    {
        b.Raw("["u8);
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) b.Raw(","u8);
            Value(b, values[i]);
        }
        b.Raw("]"u8);
    }

    private static void Value(JsonBuffer b, object? value)
    {
        switch (value)
        {
            case null: b.Raw("null"u8); break;
            case bool v: b.Raw(v ? "true"u8 : "false"u8); break;
            case byte[] bytes: b.String(bytes); break;
            case string s: b.String(Encoding.UTF8.GetBytes(s)); break;
            case int n: b.Number(n); break;
            case long n: b.Number(n); break;
            case double d when double.IsFinite(d): b.Ascii(d.ToString("R", CultureInfo.InvariantCulture)); break;
            case double: b.Raw("null"u8); break;   // JSON has no NaN or infinity
            case PegTable t: Table(b, t); break;
            default: b.String(Encoding.UTF8.GetBytes(value.ToString() ?? "")); break;
        }
    }

    // The list part under keys "1".."n" (a null slot absent, as in a Lua table), then the named entries.
    private static void Table(JsonBuffer b, PegTable table)
    {
        b.Raw("{"u8);
        bool first = true;
        for (int i = 0; i < table.Count; i++)
            if (table[i] is { } v) Entry(b, (i + 1).ToString(CultureInfo.InvariantCulture), v, ref first);
        foreach (var (key, value) in table.NamedEntries.OrderBy(e => e.Key, StringComparer.Ordinal))
            if (value is { } v) Entry(b, key, v, ref first);
        b.Raw("}"u8);
    }

    private static void Entry(JsonBuffer b, string key, object value, ref bool first)
    {
        if (!first) b.Raw(","u8);
        first = false;
        b.String(Encoding.UTF8.GetBytes(key));
        b.Raw(":"u8);
        Value(b, value);
    }
}

/// <summary>A growing byte buffer that JSON is written into (the caller hands its bytes on).</summary>
internal sealed class JsonBuffer
{
    private byte[] _bytes = new byte[1024];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> Written => _bytes.AsSpan(0, Length);

    public void Clear() => Length = 0;

    public void Raw(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(_bytes.AsSpan(Length));
        Length += bytes.Length;
    }

    public void Ascii(string s)
    {
        Reserve(s.Length);
        Length += Encoding.ASCII.GetBytes(s, _bytes.AsSpan(Length));
    }

    public void Number(long n)
    {
        Reserve(20);
        Utf8Formatter.TryFormat(n, _bytes.AsSpan(Length), out int written);
        Length += written;
    }

    /// <summary>ripgrep's "arbitrary data": <c>{"text": ...}</c> for valid UTF-8, else <c>{"bytes": BASE64}</c>.</summary>
    public void Data(ReadOnlySpan<byte> data)
    {
        if (Utf8.IsValid(data))
        {
            Raw("{\"text\":"u8);
            Text(data);
        }
        else
        {
            Raw("{\"bytes\":\""u8);
            Reserve(Base64.GetMaxEncodedToUtf8Length(data.Length));
            Base64.EncodeToUtf8(data, _bytes.AsSpan(Length), out _, out int written);
            Length += written;
            Raw("\""u8);
        }
        Raw("}"u8);
    }

    /// <summary>A capture string: a JSON string when valid UTF-8, else <c>{"bytes": BASE64}</c>.</summary>
    public void String(ReadOnlySpan<byte> data)
    {
        if (Utf8.IsValid(data)) Text(data);
        else Data(data);
    }

    // A JSON string of valid UTF-8: quotes, backslashes and control characters escaped, everything else as it is.
    private void Text(ReadOnlySpan<byte> utf8)
    {
        Raw("\""u8);
        int from = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            byte c = utf8[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            Raw(utf8[from..i]);
            Raw(Escape(c));
            from = i + 1;
        }
        Raw(utf8[from..]);
        Raw("\""u8);
    }

    private static ReadOnlySpan<byte> Escape(byte c) => c switch
    {
        (byte)'"' => "\\\""u8,
        (byte)'\\' => "\\\\"u8,
        (byte)'\n' => "\\n"u8,
        (byte)'\r' => "\\r"u8,
        (byte)'\t' => "\\t"u8,
        0x08 => "\\b"u8,
        0x0C => "\\f"u8,
        _ => Encoding.ASCII.GetBytes($"\\u{c:x4}"),
    };

    private void Reserve(int n)
    {
        if (Length + n > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + n));
    }
}
