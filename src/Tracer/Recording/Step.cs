// The semantics of single instructions, shared by the recorder (the emitter generates the same in IL).
using PegJit.Vm;

namespace PegJit.Tracer;

internal static class Step
{
    /// <summary>The position after a consuming instruction, or -1 when it fails.</summary>
    public static int Consume(Program prog, Instruction ins, ReadOnlySpan<byte> s, int pos) => ins.Op switch
    {
        Opcode.Any => pos < s.Length ? pos + 1 : -1,
        Opcode.Char => pos < s.Length && s[pos] == ins.Aux ? pos + 1 : -1,
        Opcode.Set => pos < s.Length && prog.Sets[ins.Arg].Contains(s[pos]) ? pos + 1 : -1,
        Opcode.Behind => ins.Aux <= pos ? pos - ins.Aux : -1,
        Opcode.UtfRange => Utf8.Decode(s, pos, out int cp) is int n and > 0 && cp >= ins.Arg && cp <= ins.Arg2 ? pos + n : -1,
        _ => throw new InvalidOperationException(ins.Op.ToString()),
    };

    /// <summary>Whether a test instruction passes (falls through).</summary>
    public static bool Test(Program prog, Instruction ins, ReadOnlySpan<byte> s, int pos) => ins.Op switch
    {
        Opcode.TestAny => pos < s.Length,
        Opcode.TestChar => pos < s.Length && s[pos] == ins.Aux,
        Opcode.TestSet => pos < s.Length && prog.Sets[ins.Arg].Contains(s[pos]),
        _ => throw new InvalidOperationException(ins.Op.ToString()),
    };

    /// <summary>The position after a span.</summary>
    public static int Span(Program prog, Instruction ins, ReadOnlySpan<byte> s, int pos) =>
        SpanScan.Run(s, pos, prog.SetBits, ins.Arg, prog.SetSearch[ins.Arg]);
}
