// Capture values a C# caller reads: tables, multiple values, and the function shapes captures call.
using System.Collections;

namespace PegJit;

/// <summary>
/// A capture table (<c>Ct</c>): a list part (anonymous values, in order) and a named part (named groups).
/// Like a Lua table, a list slot may hold null.
/// </summary>
public sealed class PegTable : IReadOnlyList<object?>
{
    /// <summary>The list part, index 0 for LPeg's <c>t[1]</c>.</summary>
    public List<object?> List { get; } = new();
    /// <summary>Named entries (named groups, or keys a fold function set).</summary>
    public Dictionary<string, object?> Named { get; } = new(StringComparer.Ordinal);

    /// <summary>The list value at <paramref name="index"/> (0-based).</summary>
    public object? this[int index] => List[index];
    /// <summary>The named value, or null when absent.</summary>
    public object? this[string name] => Named.TryGetValue(name, out var v) ? v : null;
    /// <summary>Length of the list part.</summary>
    public int Count => List.Count;
    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => List.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    /// <inheritdoc/>
    public override string ToString() => Values.Show(this);
}

/// <summary>
/// Zero or more values where LPeg has a Lua multiple return: <c>Cc(a, b)</c>, or a function capture that
/// returns several values (or none).
/// </summary>
public sealed class Values
{
    /// <summary>No values at all (a function that returns nothing).</summary>
    public static Values None { get; } = new(Array.Empty<object?>());

    /// <summary>The values, in order.</summary>
    public IReadOnlyList<object?> Items { get; }

    private Values(object?[] items) => Items = items;

    /// <summary>Several values.</summary>
    public static Values Of(params object?[] items) => items.Length == 0 ? None : new((object?[])items.Clone());

    /// <summary>A readable rendering of a capture value (tables as <c>{1, 2, name = 3}</c>).</summary>
    public static string Show(object? v) => v switch
    {
        null => "nil",
        bool b => b ? "true" : "false",
        string s => "\"" + s + "\"",
        byte[] bytes => "\"" + System.Text.Encoding.Latin1.GetString(bytes) + "\"",
        PegTable t => "{" + string.Join(", ", t.List.Select(Show).Concat(t.Named.Select(kv => kv.Key + " = " + Show(kv.Value)))) + "}",
        Values vs => string.Join(", ", vs.Items.Select(Show)),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>A capture function (<c>p / f</c>, <c>Cf</c>, <c>p % f</c>): receives the values, returns one value or <see cref="Values"/>.</summary>
public delegate object? CaptureFunction(object?[] args);

/// <summary>
/// A match-time function (<c>Cmt</c>): receives the whole subject (a <c>string</c> or <c>byte[]</c>, as matched),
/// the current position (in the caller's units), and the nested capture values. Return false or null to fail,
/// true to succeed here, an int for a new position (not before the current one, not past the end), or
/// <see cref="Values"/> whose first item is one of those and whose other items become captures.
/// </summary>
public delegate object? MatchTimeFunction(object subject, int position, object?[] captures);

/// <summary>
/// A match-time function of the library's own (re's <c>=name</c>): it sees the subject's bytes and byte positions
/// whatever the caller's units, and returns the new byte position or -1 to fail. It adds no captures.
/// </summary>
internal delegate int RawMatchTimeFunction(ReadOnlySpan<byte> subject, int bytePos, object?[] captures);
