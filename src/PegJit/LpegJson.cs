// Capture values and byte strings <-> the JSON text the LPeg oracle speaks, so results compare as strings.
using System.Globalization;
using System.Text;

namespace PegJit;

/// <summary>
/// The JSON encoding shared with the native-LPeg test oracle: results of a match written as text that is
/// identical, character for character, to what the oracle prints for the same values.
/// </summary>
/// <remarks>
/// <para>Byte strings are JSON strings whose characters U+0000..U+00FF stand for bytes. Output is pure ASCII:
/// a byte below 0x20, <c>"</c>, <c>\</c>, or 0x7F and above is written <c>\u00xx</c> (lower-case hex).</para>
/// <para>Values: <c>byte[]</c> as a byte string; <c>string</c> as the byte string of its UTF-8 encoding;
/// <c>int</c>/<c>long</c> as integers; <c>double</c>/<c>float</c> in round-trip form (lower-case <c>e</c>);
/// <c>bool</c>; <c>null</c>; a <see cref="PegTable"/> as an object with keys <c>"1"</c>, <c>"2"</c>, ... for
/// its non-null list slots, then its non-null named entries in ordinal key order. No whitespace.</para>
/// <para>Example: the values <c>["ab", 3, {1 = "x", name = "y"}]</c> encode as
/// <c>["ab",3,{"1":"x","name":"y"}]</c>.</para>
/// </remarks>
internal static class LpegJson
{
    /// <summary>The values a match returned, as a JSON array in the oracle's encoding.</summary>
    /// <exception cref="ArgumentException">A value of a type LPeg captures cannot produce.</exception>
    public static string EncodeValues(IReadOnlyList<object?> values)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < values.Count; i++)
        {
            if (i > 0) sb.Append(',');
            AppendValue(sb, values[i]);
        }
        return sb.Append(']').ToString();
    }

    /// <summary>Bytes as a pure-ASCII JSON string literal (with its quotes), one character per byte.</summary>
    public static string EncodeByteString(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        AppendByteString(sb, bytes);
        return sb.ToString();
    }

    /// <summary>
    /// Parses one JSON string literal (with its quotes) whose characters are all U+0000..U+00FF into the
    /// bytes they stand for.
    /// </summary>
    /// <exception cref="FormatException">Not a single well-formed literal, or a character above U+00FF.</exception>
    public static byte[] DecodeByteString(string jsonStringLiteral)
    {
        string s = jsonStringLiteral.Trim();
        if (s.Length < 2 || s[0] != '"' || s[^1] != '"')
            throw new FormatException("A JSON string literal must start and end with '\"'.");
        var bytes = new List<byte>(s.Length);
        int i = 1;
        while (i < s.Length - 1)
            bytes.Add(s[i] == '\\' ? DecodeEscape(s, ref i) : DecodePlain(s, ref i));
        if (i != s.Length - 1) throw new FormatException("Text after the closing quote.");
        return bytes.ToArray();
    }

    private static byte DecodePlain(string s, ref int i)
    {
        char c = s[i++];
        if (c == '"') throw new FormatException($"Unescaped '\"' at offset {i - 1}.");
        return ToByte(c, i - 1);
    }

    private static byte DecodeEscape(string s, ref int i)
    {
        if (i + 1 >= s.Length - 1) throw new FormatException($"Dangling '\\' at offset {i}.");
        char e = s[i + 1];
        i += 2;
        return e switch
        {
            '"' => (byte)'"', '\\' => (byte)'\\', '/' => (byte)'/',
            'b' => 8, 'f' => 12, 'n' => 10, 'r' => 13, 't' => 9,
            'u' => DecodeHex(s, ref i),
            _ => throw new FormatException($"Unknown escape '\\{e}' at offset {i - 2}."),
        };
    }

    private static byte DecodeHex(string s, ref int i)
    {
        if (i + 4 > s.Length - 1
            || !int.TryParse(s.AsSpan(i, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
            throw new FormatException($"Bad \\u escape at offset {i - 2}.");
        i += 4;
        return ToByte((char)code, i - 6);
    }

    private static byte ToByte(char c, int offset) =>
        c <= '\u00FF' ? (byte)c : throw new FormatException($"Character U+{(int)c:X4} at offset {offset} is above U+00FF.");

    private static void AppendValue(StringBuilder sb, object? value)
    {
        switch (value)
        {
            case null: sb.Append("null"); break;
            case bool b: sb.Append(b ? "true" : "false"); break;
            case byte[] bytes: AppendByteString(sb, bytes); break;
            case string s: AppendByteString(sb, Encoding.UTF8.GetBytes(s)); break;
            case int n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            case long n: sb.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            case double d: sb.Append(FormatFloat(d)); break;
            case float f: sb.Append(FormatFloat(f)); break;
            case PegTable t: AppendTable(sb, t); break;
            default: throw new ArgumentException($"No JSON encoding for a capture value of type {value.GetType()}.", nameof(value));
        }
    }

    // Keys "1".."n" for the list part first (a null slot is absent, as in a Lua table), then the names.
    private static void AppendTable(StringBuilder sb, PegTable table)
    {
        sb.Append('{');
        bool first = true;
        for (int i = 0; i < table.Count; i++)
            if (table[i] is { } v) AppendEntry(sb, (i + 1).ToString(CultureInfo.InvariantCulture), v, ref first);
        foreach (var (key, value) in table.NamedEntries.OrderBy(e => e.Key, StringComparer.Ordinal))
            if (value is { } v) AppendEntry(sb, key, v, ref first);
        sb.Append('}');
    }

    private static void AppendEntry(StringBuilder sb, string key, object value, ref bool first)
    {
        if (!first) sb.Append(',');
        first = false;
        AppendByteString(sb, Encoding.UTF8.GetBytes(key));
        sb.Append(':');
        AppendValue(sb, value);
    }

    // Round-trip digits, written as the oracle writes them: NaN/Infinity spelled out, lower-case 'e'.
    private static string FormatFloat(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity")
        : d.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    private static void AppendByteString(StringBuilder sb, ReadOnlySpan<byte> bytes)
    {
        sb.Append('"');
        foreach (byte b in bytes)
        {
            if (b < 0x20 || b >= 0x7F || b == '"' || b == '\\')
                sb.Append("\\u00").Append(b.ToString("x2", CultureInfo.InvariantCulture));
            else
                sb.Append((char)b);
        }
        sb.Append('"');
    }
}
