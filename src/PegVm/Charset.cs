// A set of bytes as 256 bits: the value behind S, R, classes, first sets and Set/TestSet/Span.
using System.Numerics;
using System.Text;

namespace PegJit.Vm;

/// <summary>An immutable set of byte values (256 bits).</summary>
internal readonly struct Charset : IEquatable<Charset>
{
    private readonly ulong _w0, _w1, _w2, _w3;

    private Charset(ulong w0, ulong w1, ulong w2, ulong w3) { _w0 = w0; _w1 = w1; _w2 = w2; _w3 = w3; }

    /// <summary>The empty set.</summary>
    public static Charset Empty => default;
    /// <summary>All 256 bytes.</summary>
    public static Charset Full => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    /// <summary>The set holding one byte.</summary>
    public static Charset Of(byte b) => Range(b, b);

    /// <summary>The set of bytes from <paramref name="lo"/> to <paramref name="hi"/> inclusive (empty when lo &gt; hi).</summary>
    public static Charset Range(int lo, int hi)
    {
        Span<ulong> w = stackalloc ulong[4];
        for (int c = Math.Max(lo, 0); c <= Math.Min(hi, 255); c++) w[c >> 6] |= 1UL << (c & 63);
        return new Charset(w[0], w[1], w[2], w[3]);
    }

    /// <summary>The set of the given bytes.</summary>
    public static Charset OfBytes(ReadOnlySpan<byte> bytes)
    {
        Span<ulong> w = stackalloc ulong[4];
        foreach (byte c in bytes) w[c >> 6] |= 1UL << (c & 63);
        return new Charset(w[0], w[1], w[2], w[3]);
    }

    /// <summary>The set of bytes for which <paramref name="predicate"/> holds.</summary>
    public static Charset Where(Func<int, bool> predicate)
    {
        Span<ulong> w = stackalloc ulong[4];
        for (int c = 0; c < 256; c++) if (predicate(c)) w[c >> 6] |= 1UL << (c & 63);
        return new Charset(w[0], w[1], w[2], w[3]);
    }

    /// <summary>Whether <paramref name="b"/> is in the set.</summary>
    public bool Contains(int b) => ((Word(b >> 6) >> (b & 63)) & 1) != 0;

    /// <summary>The 64-bit word <paramref name="i"/> (0..3) of the bitmap.</summary>
    public ulong Word(int i) => i switch { 0 => _w0, 1 => _w1, 2 => _w2, _ => _w3 };

    /// <summary>Number of bytes in the set.</summary>
    public int Count => BitOperations.PopCount(_w0) + BitOperations.PopCount(_w1) + BitOperations.PopCount(_w2) + BitOperations.PopCount(_w3);

    /// <summary>Whether the set is empty.</summary>
    public bool IsEmpty => (_w0 | _w1 | _w2 | _w3) == 0;
    /// <summary>Whether the set holds every byte.</summary>
    public bool IsFull => (_w0 & _w1 & _w2 & _w3) == ulong.MaxValue;

    /// <summary>The single byte of a one-element set, or -1.</summary>
    public int SingleByte => Count == 1 ? First : -1;

    /// <summary>The smallest byte in the set, or -1 when empty.</summary>
    public int First
    {
        get
        {
            for (int i = 0; i < 4; i++)
                if (Word(i) != 0) return (i << 6) + BitOperations.TrailingZeroCount(Word(i));
            return -1;
        }
    }

    /// <summary>The bytes in the set, ascending.</summary>
    public byte[] ToBytes()
    {
        var r = new byte[Count];
        int k = 0;
        for (int c = 0; c < 256; c++) if (Contains(c)) r[k++] = (byte)c;
        return r;
    }

    /// <summary>The sets' bitmaps, four 64-bit words each, for branch-free membership tests
    /// (<c>(bits[4 * set + (b &gt;&gt; 6)] &gt;&gt; (b &amp; 63)) &amp; 1</c>).</summary>
    // An array, not IReadOnlyList: the interface over an array of structs is generic code (SZArrayHelper over Charset)
    // that no ReadyToRun image holds, compiled at run time at a process's first program.
    public static ulong[] Bitmaps(Charset[] sets)
    {
        var bits = new ulong[sets.Length * 4];
        for (int i = 0; i < sets.Length; i++)
            for (int w = 0; w < 4; w++) bits[i * 4 + w] = sets[i].Word(w);
        return bits;
    }

    /// <summary>Set union.</summary>
    public static Charset operator |(Charset a, Charset b) => new(a._w0 | b._w0, a._w1 | b._w1, a._w2 | b._w2, a._w3 | b._w3);
    /// <summary>Set intersection.</summary>
    public static Charset operator &(Charset a, Charset b) => new(a._w0 & b._w0, a._w1 & b._w1, a._w2 & b._w2, a._w3 & b._w3);
    /// <summary>Set complement.</summary>
    public static Charset operator ~(Charset a) => new(~a._w0, ~a._w1, ~a._w2, ~a._w3);
    /// <summary>Set difference.</summary>
    public static Charset operator -(Charset a, Charset b) => a & ~b;
    /// <summary>Set equality.</summary>
    public static bool operator ==(Charset a, Charset b) => a.Equals(b);
    /// <summary>Set inequality.</summary>
    public static bool operator !=(Charset a, Charset b) => !a.Equals(b);

    /// <summary>Whether every byte of this set is in <paramref name="other"/>.</summary>
    public bool IsSubsetOf(Charset other) => (this - other).IsEmpty;
    /// <summary>Whether the two sets share no byte.</summary>
    public bool IsDisjoint(Charset other) => (this & other).IsEmpty;

    /// <inheritdoc/>
    public bool Equals(Charset other) => _w0 == other._w0 && _w1 == other._w1 && _w2 == other._w2 && _w3 == other._w3;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Charset c && Equals(c);
    /// <inheritdoc/>
    // Not HashCode.Combine: its generic code over four ulongs was compiled at run time at each process's first pattern.
    public override int GetHashCode()
    {
        ulong h = _w0 * 0x9E3779B97F4A7C15UL ^ _w1 * 0xC2B2AE3D27D4EB4FUL ^ _w2 * 0x165667B19E3779F9UL ^ _w3 * 0xD6E8FEB86659FD93UL;
        return (int)(h ^ h >> 32);
    }

    /// <summary>The set's first member at or after <paramref name="from"/>, -1 when there is none; <paramref name="last"/>
    /// is the last byte of its run of consecutive members. The one walk over a set's ranges:
    /// <c>for (int lo = set.NextRun(0, out int hi); lo >= 0; lo = set.NextRun(hi + 1, out hi))</c>.</summary>
    public int NextRun(int from, out int last)
    {
        int c = from;
        while (c < 256 && !Contains(c)) c++;
        last = c;
        if (c >= 256) return -1;
        while (last < 255 && Contains(last + 1)) last++;
        return c;
    }

    /// <summary>Ranges in LPeg's dump style, e.g. <c>[(30-39)(61)]</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("[");
        for (int lo = NextRun(0, out int hi); lo >= 0; lo = NextRun(hi + 1, out hi))
            sb.Append(lo == hi ? $"({lo:x2})" : $"({lo:x2}-{hi:x2})");
        return sb.Append(']').ToString();
    }
}
