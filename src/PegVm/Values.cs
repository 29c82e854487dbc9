// Capture values a C# caller reads: tables, multiple values, and the function shapes captures call.
using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PegJit;

/// <summary>
/// A capture table (<c>Ct</c>): a list part (anonymous values, in order) and a named part (named groups).
/// Like a Lua table, a list slot may hold null.
/// </summary>
public sealed class PegTable : IReadOnlyList<object?>
{
    /// <summary>An empty table.</summary>
    public PegTable() { }

    // Each part is made at its first use: a parse builds many tables, and most use only one part (an array its list,
    // an object its names). The named part starts as a short array of pairs searched in order, filled from the front
    // (a null key ends it): a parsed document's objects have a few keys each, and a dictionary costs three objects
    // (itself, buckets, entries) that every collection then marks and copies. Past SmallNamed entries, or once a
    // caller takes Named, it is a dictionary. One field holds either form, so that a list-only table (an array) is no
    // bigger than one with a list and a dictionary field.
    private const int SmallNamed = 8;
    private List<object?>? _list;
    private object? _named;   // null, KeyValuePair<string, object?>[] or Dictionary<string, object?>

    /// <summary>The list part, index 0 for LPeg's <c>t[1]</c> (made here if the table has none yet: to read without
    /// making one, use the table itself, a read-only list).</summary>
    public List<object?> List => _list ??= new();
    /// <summary>Named entries (named groups, or keys a fold function set) as a dictionary, made here if the table has
    /// none yet. To read or write without making one, use <see cref="NamedCount"/>, <see cref="NamedEntries"/>,
    /// <see cref="Set"/> and the string indexer.</summary>
    public Dictionary<string, object?> Named => _named as Dictionary<string, object?> ?? ToDictionary();
    /// <summary>How many named entries the table has; reading it makes no part.</summary>
    public int NamedCount => _named is Dictionary<string, object?> d ? d.Count : PairCount(_named as KeyValuePair<string, object?>[]);
    /// <summary>The named entries, in the order they were first set (while no entry has been removed), without making
    /// a dictionary.</summary>
    public NamedEnumerable NamedEntries => new(this);

    /// <summary>Sets named entry <paramref name="name"/>; null removes it, as assigning nil does in Lua.</summary>
    /// <param name="name">The key.</param>
    /// <param name="value">The value, or null to remove the entry.</param>
    public void Set(string name, object? value)
    {
        if (_named is Dictionary<string, object?> d)
        {
            if (value is null) d.Remove(name);
            else d[name] = value;
            return;
        }
        var pairs = _named as KeyValuePair<string, object?>[];
        int i = PairIndex(pairs, name);
        if (i >= 0)
        {
            if (value is not null) { pairs![i] = new(name, value); return; }
            int count = PairCount(pairs);
            Array.Copy(pairs!, i + 1, pairs!, i, count - 1 - i);
            pairs![count - 1] = default;
            return;
        }
        if (value is null) return;
        int n = PairCount(pairs);
        if (n == SmallNamed) { ToDictionary()[name] = value; return; }
        if (pairs is null || n == pairs.Length) _named = pairs = Grown(pairs);
        pairs[n] = new(name, value);
    }

    private static KeyValuePair<string, object?>[] Grown(KeyValuePair<string, object?>[]? pairs)
    {
        Array.Resize(ref pairs, pairs is null ? 2 : pairs.Length * 2);
        return pairs;
    }

    private static int PairCount(KeyValuePair<string, object?>[]? pairs)
    {
        if (pairs is null) return 0;
        int n = 0;
        while (n < pairs.Length && pairs[n].Key is not null) n++;
        return n;
    }

    private static int PairIndex(KeyValuePair<string, object?>[]? pairs, string name)
    {
        if (pairs is null) return -1;
        for (int i = 0; i < pairs.Length && pairs[i].Key is { } key; i++)
            if (string.Equals(key, name, StringComparison.Ordinal)) return i;
        return -1;
    }

    private bool TryGetNamed(string name, out object? value)
    {
        if (_named is Dictionary<string, object?> d) return d.TryGetValue(name, out value);
        var pairs = _named as KeyValuePair<string, object?>[];
        int i = PairIndex(pairs, name);
        value = i >= 0 ? pairs![i].Value : null;
        return i >= 0;
    }

    // The named part from here on: a dictionary holding the pairs so far, in their order.
    private Dictionary<string, object?> ToDictionary()
    {
        var pairs = _named as KeyValuePair<string, object?>[];
        int n = PairCount(pairs);
        var d = new Dictionary<string, object?>(n, StringComparer.Ordinal);
        for (int i = 0; i < n; i++) d.Add(pairs![i].Key, pairs[i].Value);
        _named = d;
        return d;
    }

    /// <summary>The list value at <paramref name="index"/> (0-based).</summary>
    /// <param name="index">The list index, from 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The list part has no such index.</exception>
    public object? this[int index] => _list is { } list ? list[index] : throw new ArgumentOutOfRangeException(nameof(index), index, "The table's list part is empty.");
    /// <summary>The named value, or null when absent.</summary>
    /// <param name="name">The key (a named group's name).</param>
    public object? this[string name] => TryGetNamed(name, out var v) ? v : null;
    /// <summary>Length of the list part.</summary>
    public int Count => _list?.Count ?? 0;
    /// <inheritdoc/>
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>?)_list ?? []).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    /// <summary>List value <paramref name="index"/> as a <typeparamref name="T"/>, converted as <c>MatchResult.Get</c> converts
    /// captures (text between string and byte[], numbers between numeric types when the value fits exactly).</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="index">The list index, from 0.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The list part has no such index.</exception>
    /// <exception cref="InvalidCastException">The value does not convert to <typeparamref name="T"/>.</exception>
    public T Get<T>(int index)
    {
        if (index < 0 || index >= Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"The table's list part has {Count} values.");
        return ValueConvert.To<T>(_list![index], out var t) ? t : throw ValueConvert.CastError<T>($"value {index}", _list[index]);
    }

    /// <summary>Named value <paramref name="name"/> as a <typeparamref name="T"/>, converted as <see cref="Get{T}(int)"/>.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="name">The key (a named group's name).</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="KeyNotFoundException">No entry of that name.</exception>
    /// <exception cref="InvalidCastException">The value does not convert to <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        if (!TryGetNamed(name, out var v)) throw new KeyNotFoundException($"The table has no entry '{name}'.");
        return ValueConvert.To<T>(v, out var t) ? t : throw ValueConvert.CastError<T>($"entry '{name}'", v);
    }

    /// <summary>Named value <paramref name="name"/> as a <typeparamref name="T"/>, if present and convertible.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="name">The key.</param>
    /// <param name="value">The converted value, or the default when the method returns false.</param>
    /// <returns>Whether the entry exists and converts.</returns>
    public bool TryGet<T>(string name, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T value)
    {
        value = default;
        return TryGetNamed(name, out var v) && ValueConvert.To(v, out value);
    }

    /// <summary>List value <paramref name="index"/> as text (a byte capture decoded as UTF-8).</summary>
    /// <param name="index">The list index, from 0.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The list part has no such index.</exception>
    /// <exception cref="InvalidCastException">The value is not text.</exception>
    public string GetString(int index) => Get<string>(index);

    /// <inheritdoc/>
    public override string ToString() => Values.Show(this);

    /// <summary>A table's named entries, enumerated without allocating (see <see cref="NamedEntries"/>).</summary>
    public readonly struct NamedEnumerable : IEnumerable<KeyValuePair<string, object?>>
    {
        private readonly PegTable _table;
        internal NamedEnumerable(PegTable table) => _table = table;
        /// <summary>An enumerator over the entries.</summary>
        /// <returns>The enumerator.</returns>
        public NamedEnumerator GetEnumerator() => new(_table);
        IEnumerator<KeyValuePair<string, object?>> IEnumerable<KeyValuePair<string, object?>>.GetEnumerator() => GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Enumerates a table's named entries: its pairs in order, or its dictionary's entries.</summary>
    public struct NamedEnumerator : IEnumerator<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[]? _pairs;
        private readonly int _count;
        private int _index;
        private Dictionary<string, object?>.Enumerator _entries;
        private readonly bool _dictionary;

        internal NamedEnumerator(PegTable t)
        {
            _pairs = t._named as KeyValuePair<string, object?>[];
            _count = PairCount(_pairs);
            _index = -1;
            _dictionary = t._named is Dictionary<string, object?>;
            if (_dictionary) _entries = ((Dictionary<string, object?>)t._named!).GetEnumerator();
        }

        /// <inheritdoc/>
        public readonly KeyValuePair<string, object?> Current => _dictionary ? _entries.Current : _pairs![_index];
        readonly object IEnumerator.Current => Current;
        /// <inheritdoc/>
        public bool MoveNext() => _dictionary ? _entries.MoveNext() : ++_index < _count;
        /// <inheritdoc/>
        public void Reset() => throw new NotSupportedException();
        /// <inheritdoc/>
        public readonly void Dispose() { }
    }
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

    /// <summary>Several values, for a capture function that returns more than one (LPeg's multiple returns).</summary>
    /// <param name="items">The values, in order (copied).</param>
    /// <returns>The values; <see cref="None"/> when there are none.</returns>
    public static Values Of(params object?[] items) => items.Length == 0 ? None : new((object?[])items.Clone());

    /// <summary>A readable rendering of a capture value (tables as <c>{1, 2, name = 3}</c>).</summary>
    /// <param name="v">A capture value.</param>
    /// <returns>null as <c>nil</c>; strings and byte arrays quoted (a byte array one character a byte, as Lua prints
    /// it); numbers in the invariant culture; a table in braces, its list part then its <c>name = value</c> entries;
    /// <see cref="Values"/> separated by commas.</returns>
    public static string Show(object? v) => v switch
    {
        null => "nil",
        bool b => b ? "true" : "false",
        string s => "\"" + s + "\"",
        byte[] bytes => "\"" + System.Text.Encoding.Latin1.GetString(bytes) + "\"",
        PegTable t => "{" + string.Join(", ", t.Select(Show).Concat(t.NamedEntries.Select(kv => kv.Key + " = " + Show(kv.Value)))) + "}",
        Values vs => string.Join(", ", vs.Items.Select(Show)),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };
}

/// <summary>The conversions of the typed capture readers (<c>MatchResult.Get</c>, <see cref="PegTable.Get{T}(int)"/>).</summary>
internal static class ValueConvert
{
    /// <summary>Converts a capture value: the value itself, text between string and byte[] (UTF-8), numbers between
    /// numeric types when the value fits exactly (1.5 is no int).</summary>
    public static bool To<T>(object? v, [MaybeNullWhen(false)] out T value)
    {
        switch (v)
        {
            case T t: value = t; return true;
            case byte[] b when typeof(T) == typeof(string): value = (T)(object)System.Text.Encoding.UTF8.GetString(b); return true;
            case string s when typeof(T) == typeof(byte[]): value = (T)(object)System.Text.Encoding.UTF8.GetBytes(s); return true;
            case IConvertible c when IsNumber(v) && IsNumber(typeof(T)) && !LosesFraction(v, typeof(T)):
                try
                {
                    value = (T)System.Convert.ChangeType(c, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
                    return true;
                }
                catch (OverflowException) { break; }
        }
        value = default;
        return false;
    }

    private static bool IsNumber(object v) => IsNumber(v.GetType());

    private static bool IsNumber(Type t) => t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float)
        || t == typeof(decimal) || t == typeof(short) || t == typeof(byte) || t == typeof(uint) || t == typeof(ulong);

    private static bool LosesFraction(object v, Type to) =>
        to != typeof(double) && to != typeof(float) && to != typeof(decimal) && v switch
        {
            double d => Math.Truncate(d) != d,
            float f => MathF.Truncate(f) != f,
            decimal m => decimal.Truncate(m) != m,
            _ => false,
        };

    /// <summary>The error of a value that does not convert.</summary>
    public static InvalidCastException CastError<T>(string what, object? v) =>
        new($"The {what} is {(v is null ? "null" : v.GetType().Name)}, not {typeof(T).Name}.");
}

/// <summary>A capture function (<c>p / f</c>, <c>Cf</c>, <c>p % f</c>): receives the values, returns one value or <see cref="Values"/>.</summary>
/// <param name="args">The values of the capture's nested captures (or the matched text when there are none); for
/// <c>Cf</c> and <c>%</c>, the accumulated value first.</param>
/// <returns>The capture's value; <see cref="Values"/> for several or none.</returns>
public delegate object? CaptureFunction(object?[] args);

/// <summary>A capture function that reads its values where they are (<c>p / f</c>, <c>Cf</c>, <c>p % f</c>; re's
/// <c>-&gt;</c>, <c>~&gt;</c>, <c>&gt;&gt;</c>): called exactly as a <see cref="CaptureFunction"/> is, but its values are a span
/// over the evaluator's value stack, so a call makes no array. A parse that calls a function for every number or
/// member makes that much less garbage.</summary>
/// <param name="args">The values, as <see cref="CaptureFunction"/> receives them. Valid only during the call: copy what
/// must outlive it.</param>
/// <returns>The capture's value; <see cref="Values"/> for several or none.</returns>
public delegate object? SpanCaptureFunction(ReadOnlySpan<object?> args);

/// <summary>A capture function of the matched text (<c>p / f</c>, re's <c>p -&gt; name</c>): receives the bytes
/// <c>p</c> matched, as UTF-8 whatever the subject's type, without making a string of them; <c>p</c>'s own captures
/// give no values. In LPeg's terms it is <c>(p / 0) / f</c>, whose function receives the whole match. For conversions
/// such as <c>double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)</c>.</summary>
/// <param name="text">The matched bytes. Valid only during the call.</param>
/// <returns>The capture's value; <see cref="Values"/> for several or none.</returns>
public delegate object? Utf8CaptureFunction(ReadOnlySpan<byte> text);

/// <summary>
/// A match-time function (<c>Cmt</c>): receives the whole subject (a <c>string</c> or <c>byte[]</c>, as matched),
/// the current position (in the caller's units), and the nested capture values. Return false or null to fail,
/// true to succeed here, an int for a new position (not before the current one, not past the end), or
/// <see cref="Values"/> whose first item is one of those and whose other items become captures.
/// </summary>
/// <param name="subject">The whole subject: a <c>string</c> for a string match, a <c>byte[]</c> for bytes.</param>
/// <param name="position">The current position, in the caller's units and position base.</param>
/// <param name="captures">The values of the nested captures, evaluated now.</param>
/// <returns>false or null to fail; true to go on at <paramref name="position"/>; an int for the position to go on at;
/// or <see cref="Values"/> as described.</returns>
public delegate object? MatchTimeFunction(object subject, int position, object?[] captures);

/// <summary>
/// A match-time function of the library's own (re's <c>=name</c>): it sees the subject's bytes and byte positions
/// whatever the caller's units, and returns the new byte position or -1 to fail. It adds no captures.
/// </summary>
internal delegate int RawMatchTimeFunction(ReadOnlySpan<byte> subject, int bytePos, object?[] captures);
