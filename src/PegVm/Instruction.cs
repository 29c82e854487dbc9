// One bytecode instruction: an opcode and its operands, 16 bytes, stored flat in Program.Code.
using System.Runtime.InteropServices;

namespace PegJit.Vm;

/// <summary>One instruction; which operands are meaningful depends on <see cref="Op"/> (see <see cref="Opcode"/>).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Instruction
{
    /// <summary>What the instruction does.</summary>
    public Opcode Op;
    /// <summary>Capture kind, for capture instructions.</summary>
    public CaptureKind Kind;
    /// <summary>A byte (Char, TestChar) or a small count (Behind, FullCapture length).</summary>
    public byte Aux;
    /// <summary>Absolute jump target (Choice, Jmp, Call, Commit, tests...).</summary>
    public int Target;
    /// <summary>Charset index (Set, TestSet, Span), constant index (captures), rule index (OpenCall), range start (UtfRange).</summary>
    public int Arg;
    /// <summary>Range end (UtfRange).</summary>
    public int Arg2;

    /// <summary>Creates an instruction.</summary>
    public Instruction(Opcode op, int target = 0, int arg = 0, byte aux = 0, CaptureKind kind = CaptureKind.Close, int arg2 = 0)
    {
        Op = op; Target = target; Arg = arg; Aux = aux; Kind = kind; Arg2 = arg2;
    }
}
