// Span: a position and a charset -> the position after the longest run of bytes in the set.
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PegJit.Vm;

/// <summary>
/// The implementation of <see cref="Opcode.Span"/>: <see cref="Run"/> for the interpreter, <see cref="Over"/> for
/// compiled traces, both over the same vector code. Most spans in real text are short (a word, a number, the blanks
/// between tokens): the interpreter tests the first bytes one by one against the bitmap, and only a longer run goes to
/// vectors; traces, which test the first byte inline, go to vectors at once.
/// </summary>
internal static class SpanScan
{
    /// <summary>Bytes tested one by one before vectors take over.</summary>
    private const int ScalarBytes = 8;

    /// <summary>The position after the run of bytes of set <paramref name="set"/> (bitmaps <paramref name="bits"/>,
    /// vector form <paramref name="runs"/>) that starts at <paramref name="pos"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // optimized from the first call, as the trace helpers are
    public static int Run(ReadOnlySpan<byte> s, int pos, ulong[] bits, int set, ByteRuns runs) =>
        EndsWithin(s, ref pos, bits, set) ? pos : Rest(s, pos, bits, set, runs);

    /// <summary>The position after the run of bytes of <paramref name="runs"/> that starts at <paramref name="pos"/>,
    /// vectors first: what compiled traces call (a Span after its first byte, which the trace tests inline, and a byte
    /// loop's path span, a set that has no bitmap in the program).</summary>
    /// <remarks>One vector compare usually finishes the run (a line's indentation, a string's body), where testing
    /// bytes one by one first mispredicts its exit: json-40m's steady run with the JIT went 71-77 -> 64-71 ms. The
    /// interpreter keeps <see cref="Run"/>, which was slower this way (29 -> 34 ms on json-5m). The framework's search
    /// values ran path spans unoptimized for a process's first few hundred milliseconds (json-40m's first in-process
    /// run: 358 against 176 ms), so they are left to sets of more ranges, after bytes tested one by one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]   // see PegJit.Tracer.TraceRuntime
    public static int Over(ReadOnlySpan<byte> s, int pos, ByteRuns runs) =>
        runs.Values is not null && EndsWithin(s, ref pos, runs.Bits, 0) ? pos : Rest(s, pos, runs.Bits, 0, runs);

    // Up to ScalarBytes bytes tested one by one: true when the run ends among them (pos is then its end).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsWithin(ReadOnlySpan<byte> s, ref int pos, ulong[] bits, int set)
    {
        int limit = Math.Min(s.Length, pos + ScalarBytes);
        for (; pos < limit; pos++)
            if (!In(bits, set, s[pos])) return true;
        return pos == s.Length;
    }

    // The rest of a run from pos: the framework's search values for a set of many ranges, else the range vectors and
    // the bytes after the last whole vector one by one.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Rest(ReadOnlySpan<byte> s, int pos, ulong[] bits, int set, ByteRuns runs)
    {
        if (runs.Values is { } values)
        {
            int n = s[pos..].IndexOfAnyExcept(values);
            return n < 0 ? s.Length : pos + n;
        }
        pos = ByRanges(s, pos, runs);
        for (; pos < s.Length; pos++)
            if (!In(bits, set, s[pos])) return pos;
        return pos;
    }

    // Whole vectors of set bytes, 32 or 16 at a time: a byte is in the set when it lies in one of the ranges, each
    // tested as one unsigned compare (b - low <= width). Returns where the first vector holding a byte outside the set
    // has it, or where fewer than one vector of bytes is left (the caller tests those one by one). Sets of one or two
    // ranges (blanks, digits, a letter range) compare twice per vector, others four times.
    // The ranges are the set's own, or its complement's when that has fewer (anything but a quote or a backslash is
    // three ranges, its complement two bytes): then a byte in a range is the one outside the set.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ByRanges(ReadOnlySpan<byte> s, int pos, ByteRuns r) => (r.Ranges <= 2, r.Complement) switch
    {
        (true, false) => ByRanges<TwoRanges, SetRanges>(s, pos, r),
        (true, true) => ByRanges<TwoRanges, ComplementRanges>(s, pos, r),
        (false, false) => ByRanges<FourRanges, SetRanges>(s, pos, r),
        _ => ByRanges<FourRanges, ComplementRanges>(s, pos, r),
    };

    private interface IRangeCount { static abstract bool Four { get; } }
    private struct TwoRanges : IRangeCount { public static bool Four => false; }
    private struct FourRanges : IRangeCount { public static bool Four => true; }
    private interface IRangeSense { static abstract bool Complement { get; } }
    private struct SetRanges : IRangeSense { public static bool Complement => false; }
    private struct ComplementRanges : IRangeSense { public static bool Complement => true; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ByRanges<TCount, TSense>(ReadOnlySpan<byte> s, int pos, ByteRuns r)
        where TCount : struct, IRangeCount where TSense : struct, IRangeSense
    {
        ref byte start = ref MemoryMarshal.GetReference(s);
        int len = s.Length;
        var lo = r.Low;
        var w = r.Width;
        if (Vector256.IsHardwareAccelerated && len - pos >= Vector256<byte>.Count)
        {
            Vector256<byte> l0 = Vector256.Create(lo[0]), l1 = Vector256.Create(lo[1]), l2 = Vector256.Create(lo[2]), l3 = Vector256.Create(lo[3]);
            Vector256<byte> w0 = Vector256.Create(w[0]), w1 = Vector256.Create(w[1]), w2 = Vector256.Create(w[2]), w3 = Vector256.Create(w[3]);
            for (; pos <= len - Vector256<byte>.Count; pos += Vector256<byte>.Count)
            {
                var v = Vector256.LoadUnsafe(ref start, (nuint)pos);
                var hit = Vector256.LessThanOrEqual(v - l0, w0) | Vector256.LessThanOrEqual(v - l1, w1);
                if (TCount.Four) hit |= Vector256.LessThanOrEqual(v - l2, w2) | Vector256.LessThanOrEqual(v - l3, w3);
                uint outside = TSense.Complement ? hit.ExtractMostSignificantBits() : ~hit.ExtractMostSignificantBits();
                if (outside != 0) return pos + BitOperations.TrailingZeroCount(outside);
            }
        }
        if (Vector128.IsHardwareAccelerated && len - pos >= Vector128<byte>.Count)
        {
            Vector128<byte> l0 = Vector128.Create(lo[0]), l1 = Vector128.Create(lo[1]), l2 = Vector128.Create(lo[2]), l3 = Vector128.Create(lo[3]);
            Vector128<byte> w0 = Vector128.Create(w[0]), w1 = Vector128.Create(w[1]), w2 = Vector128.Create(w[2]), w3 = Vector128.Create(w[3]);
            for (; pos <= len - Vector128<byte>.Count; pos += Vector128<byte>.Count)
            {
                var v = Vector128.LoadUnsafe(ref start, (nuint)pos);
                var hit = Vector128.LessThanOrEqual(v - l0, w0) | Vector128.LessThanOrEqual(v - l1, w1);
                if (TCount.Four) hit |= Vector128.LessThanOrEqual(v - l2, w2) | Vector128.LessThanOrEqual(v - l3, w3);
                uint outside = (TSense.Complement ? hit.ExtractMostSignificantBits() : ~hit.ExtractMostSignificantBits()) & 0xFFFF;
                if (outside != 0) return pos + BitOperations.TrailingZeroCount(outside);
            }
        }
        return pos;
    }

    /// <summary>Whether byte <paramref name="b"/> is in set <paramref name="set"/> of the bitmaps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool In(ulong[] bits, int set, byte b) => ((bits[(set << 2) + (b >> 6)] >> (b & 63)) & 1) != 0;
}

/// <summary>
/// A charset in the form long spans are scanned in. A set of at most <see cref="MaxRanges"/> byte ranges (most are:
/// digits, letters, blanks, "anything but a quote or a backslash") is compared by vector code of the VM's own, which is
/// compiled optimized at its first call. The framework's vectorized searches over search values have no precompiled
/// code for this machine's vector width: unoptimized until tiering promotes them, hundreds of milliseconds into a
/// process, they ran spans several times slower than the interpreter's steady speed for a whole first run. Sets of more
/// ranges still use search values.
/// </summary>
internal sealed class ByteRuns
{
    /// <summary>Ranges compared per vector; a set with fewer repeats its first range.</summary>
    public const int MaxRanges = 4;

    /// <summary>Each range's first byte.</summary>
    public byte[] Low { get; } = new byte[MaxRanges];
    /// <summary>Each range's last byte minus its first.</summary>
    public byte[] Width { get; } = new byte[MaxRanges];
    /// <summary>The ranges compared (at most <see cref="MaxRanges"/> when <see cref="Values"/> is null).</summary>
    public int Ranges { get; }
    /// <summary>The ranges are the complement's, which has fewer than the set: a byte in one is outside the set.</summary>
    public bool Complement { get; }
    /// <summary>The framework's search values, for a set of more than <see cref="MaxRanges"/> ranges; else null.</summary>
    public SearchValues<byte>? Values { get; }

    /// <summary>The set's bitmap (four words, set 0 for <see cref="SpanScan.In"/>), for the bytes tested one by one.</summary>
    public ulong[] Bits { get; }

    /// <summary>Prepares <paramref name="set"/>.</summary>
    public ByteRuns(Charset set)
    {
        Bits = [set.Word(0), set.Word(1), set.Word(2), set.Word(3)];
        int own = RangesOf(set, null, null), others = RangesOf(~set, null, null);
        Complement = others > 0 && others < own;
        Ranges = Complement ? others : own;
        if (own == 0 || Ranges > MaxRanges)
        {
            Values = SearchValues.Create(set.ToBytes());
            return;
        }
        RangesOf(Complement ? ~set : set, Low, Width);
        for (int i = Ranges; i < MaxRanges; i++)   // unused slots repeat the first range
        {
            Low[i] = Low[0];
            Width[i] = Width[0];
        }
    }

    // Counts the set's runs of consecutive bytes and writes the first MaxRanges of them (first byte, width) when given
    // arrays. Arrays, not a list of pairs: a List of tuples is generic code no ReadyToRun image holds, compiled at run
    // time at a process's first program.
    private static int RangesOf(Charset set, byte[]? low, byte[]? width)
    {
        int n = 0;
        for (int lo = set.NextRun(0, out int hi); lo >= 0; lo = set.NextRun(hi + 1, out hi), n++)
        {
            if (low is null || n >= MaxRanges) continue;
            low[n] = (byte)lo;
            width![n] = (byte)(hi - lo);
        }
        return n;
    }
}
