// The outcome of one match: success, where it began and ended, its capture values, and typed ways to read them.
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace PegJit;

/// <summary>
/// The result of a match. Positions are in the caller's units (bytes for byte input, UTF-16 indices for strings)
/// and in the options' <see cref="PositionBase"/>. A match without captures allocates nothing.
/// </summary>
/// <example>
/// <code>
/// var defs = new Dictionary&lt;string, object?&gt; { ["tonumber"] = (CaptureFunction)(a => int.Parse((string)a[0]!)) };
/// var kv = Re.Compile("{[a-z]+} '=' [0-9]+ -> tonumber", defs);
/// var r = Peg.Match(kv, "width=640");
/// string key = r.GetString(0);
/// int value = r.Get&lt;int&gt;(1);
/// Console.WriteLine($"{key} {value + 1}");   // prints: width 641
/// </code>
/// </example>
public readonly struct MatchResult
{
    private readonly object?[]? _captures;
    private readonly string? _text;        // the subject, when it was a string
    private readonly int _base;
    private readonly IReadOnlyDictionary<string, object?>? _groups;

    internal MatchResult(int start, int end, object?[] captures, string? text, int positionBase, IReadOnlyDictionary<string, object?>? groups)
    {
        Success = true;
        Start = start;
        End = end;
        _captures = captures;
        _text = text;
        _base = positionBase;
        _groups = groups;
    }

    /// <summary>A failed match.</summary>
    public static MatchResult Failure => default;

    /// <summary>Whether the pattern matched.</summary>
    public bool Success { get; }
    /// <summary>Where the match began.</summary>
    public int Start { get; }
    /// <summary>The position just after the match (LPeg's result when there are no captures).</summary>
    public int End { get; }
    /// <summary>Length of the matched text, in the caller's units.</summary>
    public int Length => End - Start;
    /// <summary>The capture values, in order (strings or byte[], positions, constants, <see cref="PegTable"/>s, function results).</summary>
    public IReadOnlyList<object?> Captures => _captures ?? [];
    /// <summary>What LPeg's match returns: the capture values, or the end position when there are none.</summary>
    public IReadOnlyList<object?> Values => Captures.Count > 0 ? Captures : Success ? [End] : [];
    /// <summary>The first capture value (or null).</summary>
    public object? Value => Captures.Count > 0 ? Captures[0] : null;

    /// <summary>
    /// The named groups of the value list (<c>{:name: p :}</c>), each with its first value; empty unless the match
    /// ran with <see cref="MatchOptions.NamedGroups"/>.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Groups => _groups ?? EmptyGroups;

    private static readonly IReadOnlyDictionary<string, object?> EmptyGroups = new Dictionary<string, object?>();

    /// <summary>The matched text, for a match over a string.</summary>
    /// <exception cref="InvalidOperationException">The match failed, or the subject was bytes (slice it with
    /// <see cref="Slice(ReadOnlySpan{byte})"/>).</exception>
    public string Text => TextSpan.ToString();

    /// <summary>The matched text as a span of the subject string, without copying.</summary>
    /// <exception cref="InvalidOperationException">The match failed, or the subject was bytes.</exception>
    public ReadOnlySpan<char> TextSpan
    {
        get
        {
            if (!Success) throw new InvalidOperationException("The match failed: there is no matched text.");
            if (_text is null) throw new InvalidOperationException("The subject was bytes: use Slice(subject) to get the matched bytes.");
            return _text.AsSpan(Start - _base, Length);
        }
    }

    /// <summary>The matched bytes of <paramref name="subject"/>, the byte subject this match ran over.</summary>
    /// <param name="subject">The subject passed to the match.</param>
    /// <returns>The slice [<see cref="Start"/>, <see cref="End"/>) of <paramref name="subject"/>.</returns>
    /// <exception cref="InvalidOperationException">The match failed.</exception>
    public ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> subject)
    {
        if (!Success) throw new InvalidOperationException("The match failed: there is no matched text.");
        return subject.Slice(Start - _base, Length);
    }

    /// <summary>Capture <paramref name="index"/> as text: a string capture as it is, a byte capture decoded as UTF-8.</summary>
    /// <param name="index">The capture's index in <see cref="Captures"/>, from 0.</param>
    /// <returns>The text.</returns>
    /// <exception cref="InvalidOperationException">The match failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no capture <paramref name="index"/>.</exception>
    /// <exception cref="InvalidCastException">The capture is not text (a number, a table, ...).</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var r = Re.Match("key = value", "{%w+} %s* '=' %s* {%w+}");
    /// Console.WriteLine(r.GetString(0) + "/" + r.GetString(1));                    // prints: key/value
    /// var b = Peg.Match(Re.Compile("{%w+}"), "bytes too"u8);
    /// Console.WriteLine($"{b.Captures[0] is byte[]} {b.GetString(0)}");           // prints: True bytes
    /// </code></example>
    public string GetString(int index) => Get<string>(index);

    /// <summary>
    /// Capture <paramref name="index"/> as a <typeparamref name="T"/>: the value itself when it is one; text converted
    /// between <c>string</c> and <c>byte[]</c> (UTF-8); numbers converted between numeric types when the value fits.
    /// </summary>
    /// <typeparam name="T">The type wanted, e.g. <c>string</c>, <c>int</c>, <c>double</c>, <see cref="PegTable"/>.</typeparam>
    /// <param name="index">The capture's index in <see cref="Captures"/>, from 0.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="InvalidOperationException">The match failed.</exception>
    /// <exception cref="ArgumentOutOfRangeException">There is no capture <paramref name="index"/>.</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/> and does not convert to one
    /// (text is not parsed: a <c>"42"</c> capture is no <c>int</c>; convert it in the pattern with a function capture).</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var number = (R("09") ^ 1) / (a => int.Parse((string)a[0]!));
    /// var r = Peg.Match(Cp() * number * Cc(2.0), "640");
    /// Console.WriteLine(r.Get&lt;int&gt;(0));      // prints: 0
    /// Console.WriteLine(r.Get&lt;long&gt;(1));     // prints: 640
    /// Console.WriteLine(r.Get&lt;int&gt;(2));      // prints: 2
    /// Console.WriteLine(r.TryGet&lt;string&gt;(1, out _));   // prints: False
    /// </code></example>
    public T Get<T>(int index)
    {
        var v = At(index);
        return ValueConvert.To<T>(v, out var t) ? t : throw ValueConvert.CastError<T>($"capture {index}", v);
    }

    /// <summary>Capture <paramref name="index"/> as a <typeparamref name="T"/>, as <see cref="Get{T}(int)"/> converts it.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="index">The capture's index, from 0.</param>
    /// <param name="value">The converted value, or the default when the method returns false.</param>
    /// <returns>Whether the match succeeded, has that capture, and the capture converts to <typeparamref name="T"/>.</returns>
    public bool TryGet<T>(int index, [MaybeNullWhen(false)] out T value)
    {
        value = default;
        return Success && index >= 0 && index < Captures.Count && ValueConvert.To(Captures[index], out value);
    }

    /// <summary>The named group <paramref name="name"/> (see <see cref="Groups"/>) as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type wanted.</typeparam>
    /// <param name="name">The group's name.</param>
    /// <returns>The converted value.</returns>
    /// <exception cref="KeyNotFoundException">No group of that name (or the match ran without <see cref="MatchOptions.NamedGroups"/>).</exception>
    /// <exception cref="InvalidCastException">The value does not convert to <typeparamref name="T"/>.</exception>
    public T Get<T>(string name)
    {
        if (!Groups.TryGetValue(name, out var v))
            throw new KeyNotFoundException(_groups is null
                ? $"No group '{name}': named groups are kept only with MatchOptions.NamedGroups = true."
                : $"No group '{name}' in this match.");
        return ValueConvert.To<T>(v, out var t) ? t : throw ValueConvert.CastError<T>($"group '{name}'", v);
    }

    private object? At(int index)
    {
        if (!Success) throw new InvalidOperationException("The match failed: it has no captures.");
        if (index < 0 || index >= Captures.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The match has {Captures.Count} captures.");
        return Captures[index];
    }


    /// <inheritdoc/>
    public override string ToString() =>
        Success ? $"match [{Start}, {End})" + (Captures.Count > 0 ? ": " + PegJit.Values.Show(PegJit.Values.Of([.. Captures])) : "") : "no match";
}
