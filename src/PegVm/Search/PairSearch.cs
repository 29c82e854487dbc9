// Two small byte sets at fixed distances -> the first position where both hold, by vector compares.
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PegJit.Vm;

/// <summary>
/// Finds the first start c at which s[c + D1] is in set 1 and s[c + D2] in set 2, each set of at most
/// <see cref="MaxSetSize"/> bytes: 32 (or 16) starts a step, two loads and a few compares each. Two rare bytes at a
/// distance make far fewer false candidates than one, and than a literal's first and last byte when those are common
/// (the quotes around a JSON key); this is the search of .NET Regex's fixed-distance sets, for bytes.
/// </summary>
internal sealed class PairSearch
{
    /// <summary>Most bytes in either set.</summary>
    public const int MaxSetSize = 3;

    /// <summary>Distances of the two sets from the start (D1 &lt; D2 or D1 &gt; D2; never equal).</summary>
    public int D1 { get; }
    /// <inheritdoc cref="D1"/>
    public int D2 { get; }
    private readonly bool _single;   // both sets hold one byte each
    private readonly Singles _singles;   // the set tests, their broadcasts made once
    private readonly Triples _triples;

    /// <summary>Creates the search for sets <paramref name="set1"/> at <paramref name="d1"/> and <paramref name="set2"/> at <paramref name="d2"/>.</summary>
    public PairSearch(Charset set1, int d1, Charset set2, int d2)
    {
        if (set1.Count is < 1 or > MaxSetSize || set2.Count is < 1 or > MaxSetSize || d1 == d2) throw new ArgumentException("two small sets at two distances");
        D1 = d1;
        D2 = d2;
        var (a0, a1, a2) = Three(set1.ToBytes());
        var (b0, b1, b2) = Three(set2.ToBytes());
        _single = set1.Count == 1 && set2.Count == 1;
        _singles = new Singles(a0, b0);
        _triples = new Triples(a0, a1, a2, b0, b1, b2);
    }

    // A set as three bytes, repeating the last when it has fewer (a repeated compare changes nothing).
    private static (byte, byte, byte) Three(byte[] b) => (b[0], b[Math.Min(1, b.Length - 1)], b[^1]);

    /// <summary>What else a start must satisfy: checked on each start both sets allow, inside the vector loop.</summary>
    public interface ICheck
    {
        /// <summary>Whether start <paramref name="c"/> of <paramref name="s"/> is a candidate.</summary>
        bool Holds(ReadOnlySpan<byte> s, int c);
    }

    /// <summary>
    /// The first start at or after <paramref name="from"/> where both sets hold and <paramref name="check"/> too, or -1.
    /// Starts that fail the check are skipped within the block of 32 the compares found them in, so common pairs (the
    /// letters of a case-folded word) do not cost a new search each.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int IndexFrom<T>(ReadOnlySpan<byte> s, int from, T check) where T : struct, ICheck =>
        _single ? IndexFrom(s, from, check, in _singles) : IndexFrom(s, from, check, in _triples);

    // One loop for both set shapes: a plain literal's bytes are single-byte sets, tested with one compare each instead
    // of three (the loop is bound by those compares).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the pair search's vector loop: see SearchFacts.Next
    private int IndexFrom<T, TSets>(ReadOnlySpan<byte> s, int from, T check, in TSets sets) where T : struct, ICheck where TSets : struct, ISets
    {
        int far = Math.Max(D1, D2);
        int last = s.Length - 1 - far;   // the last start whose farther byte is inside the subject
        int c = from;
        ref byte s0 = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated)
        {
            for (; c + Vector256<byte>.Count - 1 <= last; c += Vector256<byte>.Count)
            {
                var hit = sets.Hit(Vector256.LoadUnsafe(ref s0, (nuint)(c + D1)), Vector256.LoadUnsafe(ref s0, (nuint)(c + D2)));
                if (hit != Vector256<byte>.Zero && First(s, c, hit.ExtractMostSignificantBits(), check) is int found and >= 0) return found;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // Two blocks of 16 a step: one branch for 32 starts, as the 256-bit loop has.
            for (; c + 2 * Vector128<byte>.Count - 1 <= last; c += 2 * Vector128<byte>.Count)
            {
                var low = sets.Hit(Vector128.LoadUnsafe(ref s0, (nuint)(c + D1)), Vector128.LoadUnsafe(ref s0, (nuint)(c + D2)));
                var high = sets.Hit(Vector128.LoadUnsafe(ref s0, (nuint)(c + D1 + 16)), Vector128.LoadUnsafe(ref s0, (nuint)(c + D2 + 16)));
                if ((low | high) == Vector128<byte>.Zero) continue;
                uint bits = low.ExtractMostSignificantBits() | (high.ExtractMostSignificantBits() << 16);
                if (First(s, c, bits, check) is int found and >= 0) return found;
            }
            for (; c + Vector128<byte>.Count - 1 <= last; c += Vector128<byte>.Count)
            {
                var hit = sets.Hit(Vector128.LoadUnsafe(ref s0, (nuint)(c + D1)), Vector128.LoadUnsafe(ref s0, (nuint)(c + D2)));
                if (hit != Vector128<byte>.Zero && First(s, c, hit.ExtractMostSignificantBits(), check) is int found and >= 0) return found;
            }
        }
        for (; c <= last; c++)
            if (sets.Hit(s[c + D1], s[c + D2]) && check.Holds(s, c)) return c;
        return -1;
    }

    // The two sets' membership tests, on a byte and on vectors of bytes (all-ones lanes where both hold).
    private interface ISets
    {
        bool Hit(byte x, byte y);
        Vector128<byte> Hit(Vector128<byte> v, Vector128<byte> w);
        Vector256<byte> Hit(Vector256<byte> v, Vector256<byte> w);
    }

    private readonly struct Singles(byte a, byte b) : ISets
    {
        private readonly Vector128<byte> _a128 = Vector128.Create(a), _b128 = Vector128.Create(b);
        private readonly Vector256<byte> _a256 = Vector256.Create(a), _b256 = Vector256.Create(b);
        public bool Hit(byte x, byte y) => x == a && y == b;
        public Vector128<byte> Hit(Vector128<byte> v, Vector128<byte> w) => Vector128.Equals(v, _a128) & Vector128.Equals(w, _b128);
        public Vector256<byte> Hit(Vector256<byte> v, Vector256<byte> w) => Vector256.Equals(v, _a256) & Vector256.Equals(w, _b256);
    }

    private readonly struct Triples(byte a0, byte a1, byte a2, byte b0, byte b1, byte b2) : ISets
    {
        private readonly Vector128<byte> _a0 = Vector128.Create(a0), _a1 = Vector128.Create(a1), _a2 = Vector128.Create(a2);
        private readonly Vector128<byte> _b0 = Vector128.Create(b0), _b1 = Vector128.Create(b1), _b2 = Vector128.Create(b2);
        private readonly Vector256<byte> _c0 = Vector256.Create(a0), _c1 = Vector256.Create(a1), _c2 = Vector256.Create(a2);
        private readonly Vector256<byte> _d0 = Vector256.Create(b0), _d1 = Vector256.Create(b1), _d2 = Vector256.Create(b2);
        public bool Hit(byte x, byte y) => In(x, a0, a1, a2) && In(y, b0, b1, b2);
        public Vector128<byte> Hit(Vector128<byte> v, Vector128<byte> w) =>
            (Vector128.Equals(v, _a0) | Vector128.Equals(v, _a1) | Vector128.Equals(v, _a2))
            & (Vector128.Equals(w, _b0) | Vector128.Equals(w, _b1) | Vector128.Equals(w, _b2));
        public Vector256<byte> Hit(Vector256<byte> v, Vector256<byte> w) =>
            (Vector256.Equals(v, _c0) | Vector256.Equals(v, _c1) | Vector256.Equals(v, _c2))
            & (Vector256.Equals(w, _d0) | Vector256.Equals(w, _d1) | Vector256.Equals(w, _d2));
    }

    // The first start of a block (bit i: start c + i) that passes the check, or -1.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int First<T>(ReadOnlySpan<byte> s, int c, uint bits, T check) where T : struct, ICheck
    {
        for (; bits != 0; bits &= bits - 1)
        {
            int start = c + BitOperations.TrailingZeroCount(bits);
            if (check.Holds(s, start)) return start;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool In(byte x, byte p, byte q, byte r) => x == p || x == q || x == r;
}
