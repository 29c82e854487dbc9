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
    private readonly byte _a0, _a1, _a2, _b0, _b1, _b2;

    /// <summary>Creates the search for sets <paramref name="set1"/> at <paramref name="d1"/> and <paramref name="set2"/> at <paramref name="d2"/>.</summary>
    public PairSearch(Charset set1, int d1, Charset set2, int d2)
    {
        if (set1.Count is < 1 or > MaxSetSize || set2.Count is < 1 or > MaxSetSize || d1 == d2) throw new ArgumentException("two small sets at two distances");
        D1 = d1;
        D2 = d2;
        (_a0, _a1, _a2) = Three(set1.ToBytes());
        (_b0, _b1, _b2) = Three(set2.ToBytes());
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
    public int IndexFrom<T>(ReadOnlySpan<byte> s, int from, T check) where T : struct, ICheck
    {
        int far = Math.Max(D1, D2);
        int last = s.Length - 1 - far;   // the last start whose farther byte is inside the subject
        int c = from;
        ref byte s0 = ref MemoryMarshal.GetReference(s);
        if (Vector256.IsHardwareAccelerated)
        {
            var a0 = Vector256.Create(_a0); var a1 = Vector256.Create(_a1); var a2 = Vector256.Create(_a2);
            var b0 = Vector256.Create(_b0); var b1 = Vector256.Create(_b1); var b2 = Vector256.Create(_b2);
            for (; c + Vector256<byte>.Count - 1 <= last; c += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref s0, (nuint)(c + D1));
                var w = Vector256.LoadUnsafe(ref s0, (nuint)(c + D2));
                var hit = (Vector256.Equals(v, a0) | Vector256.Equals(v, a1) | Vector256.Equals(v, a2))
                          & (Vector256.Equals(w, b0) | Vector256.Equals(w, b1) | Vector256.Equals(w, b2));
                if (hit != Vector256<byte>.Zero && First(s, c, hit.ExtractMostSignificantBits(), check) is int found and >= 0) return found;
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var a0 = Vector128.Create(_a0); var a1 = Vector128.Create(_a1); var a2 = Vector128.Create(_a2);
            var b0 = Vector128.Create(_b0); var b1 = Vector128.Create(_b1); var b2 = Vector128.Create(_b2);
            for (; c + Vector128<byte>.Count - 1 <= last; c += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref s0, (nuint)(c + D1));
                var w = Vector128.LoadUnsafe(ref s0, (nuint)(c + D2));
                var hit = (Vector128.Equals(v, a0) | Vector128.Equals(v, a1) | Vector128.Equals(v, a2))
                          & (Vector128.Equals(w, b0) | Vector128.Equals(w, b1) | Vector128.Equals(w, b2));
                if (hit != Vector128<byte>.Zero && First(s, c, hit.ExtractMostSignificantBits(), check) is int found and >= 0) return found;
            }
        }
        for (; c <= last; c++)
            if (In(s[c + D1], _a0, _a1, _a2) && In(s[c + D2], _b0, _b1, _b2) && check.Holds(s, c)) return c;
        return -1;
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
