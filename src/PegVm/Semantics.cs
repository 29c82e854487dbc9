// What each matching instruction does to (subject, position), once: the interpreter's dispatch and the tracer's recorder
// both call these, so the two cannot disagree.
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>
/// The per-opcode semantics of the instructions that test or consume input. Each helper is small and inlined into the
/// interpreter's dispatch loop (no cost there); <see cref="Consume"/> and <see cref="Test"/> dispatch on the opcode for
/// callers that see an instruction at a time (the recorder, the emitter's set narrowing).
/// </summary>
internal static class Semantics
{
    /// <summary>Any: one byte is left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Any(ReadOnlySpan<byte> s, int pos) => (uint)pos < (uint)s.Length;

    /// <summary>Char c: the byte at pos is c.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Char(ReadOnlySpan<byte> s, int pos, byte c) => (uint)pos < (uint)s.Length && s[pos] == c;

    /// <summary>Set k: the byte at pos is in charset k (a 256-bit map, four words a set, in <paramref name="bits"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Set(ReadOnlySpan<byte> s, int pos, ulong[] bits, int set) => (uint)pos < (uint)s.Length && SpanScan.In(bits, set, s[pos]);

    /// <summary>Behind n: n bytes lie before pos.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Behind(int pos, int n) => n <= pos;

    /// <summary>UtfRange from..to: the position after the UTF-8 code point at pos when it lies in [from, to], else -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int UtfRange(ReadOnlySpan<byte> s, int pos, int from, int to)
    {
        int len = Utf8.Decode(s, pos, out int cp);
        return len > 0 && cp >= from && cp <= to ? pos + len : -1;
    }

    /// <summary>The position after a consuming instruction (Any, Char, Set, UtfRange, Behind) at pos, or -1 when it fails.</summary>
    public static int Consume(in Instruction ins, ReadOnlySpan<byte> s, int pos, ulong[] bits) => ins.Op switch
    {
        Opcode.Any => Any(s, pos) ? pos + 1 : -1,
        Opcode.Char => Char(s, pos, ins.Aux) ? pos + 1 : -1,
        Opcode.Set => Set(s, pos, bits, ins.Arg) ? pos + 1 : -1,
        Opcode.Behind => Behind(pos, ins.Aux) ? pos - ins.Aux : -1,
        Opcode.UtfRange => UtfRange(s, pos, ins.Arg, ins.Arg2),
        _ => throw new ArgumentException($"{ins.Op} consumes nothing", nameof(ins)),
    };

    /// <summary>Whether a test instruction (TestAny, TestChar, TestSet) passes at pos (falls through; else it jumps).</summary>
    public static bool Test(in Instruction ins, ReadOnlySpan<byte> s, int pos, ulong[] bits) => ins.Op switch
    {
        Opcode.TestAny => Any(s, pos),
        Opcode.TestChar => Char(s, pos, ins.Aux),
        Opcode.TestSet => Set(s, pos, bits, ins.Arg),
        _ => throw new ArgumentException($"{ins.Op} is no test", nameof(ins)),
    };
}
