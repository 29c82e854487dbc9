// Span: a position and a charset -> the position after the longest run of bytes in the set.
using System.Buffers;
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>
/// The one implementation of <see cref="Opcode.Span"/>, shared by the interpreter and compiled traces. Most spans in
/// real text are short (a word, a number, the blanks between tokens): the first bytes are tested one by one against
/// the bitmap, and only a longer run is handed to the vectorized <c>IndexOfAnyExcept</c>, whose set-up would cost more
/// than a short run.
/// </summary>
internal static class SpanScan
{
    /// <summary>Bytes tested one by one before the vectorized search takes over.</summary>
    private const int ScalarBytes = 8;

    /// <summary>The position after the run of bytes of set <paramref name="set"/> (bitmaps <paramref name="bits"/>,
    /// search values <paramref name="values"/>) that starts at <paramref name="pos"/>.</summary>
    public static int Run(ReadOnlySpan<byte> s, int pos, ulong[] bits, int set, SearchValues<byte> values)
    {
        int limit = Math.Min(s.Length, pos + ScalarBytes);
        for (; pos < limit; pos++)
            if (!In(bits, set, s[pos])) return pos;
        if (pos == s.Length) return pos;
        int n = s[pos..].IndexOfAnyExcept(values);
        return n < 0 ? s.Length : pos + n;
    }

    /// <summary>Whether byte <paramref name="b"/> is in set <paramref name="set"/> of the bitmaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool In(ulong[] bits, int set, byte b) => ((bits[(set << 2) + (b >> 6)] >> (b & 63)) & 1) != 0;
}
