// Program -> Program: jump threading (labels to final targets; jumps to Ret/Fail/End/commits become them).
using PegJit.Vm;

namespace PegJit.Compiler;

internal sealed partial class Compiler
{
    private int FinalTarget(int i)
    {
        int final = i;
        // A cycle of jumps cannot be produced by codegen; the bound only keeps a bug from hanging.
        for (int steps = 0; _code[final].Op == Opcode.Jmp && steps < _codeCount; steps++) final = _code[final].Target;
        // Every jump on the way now goes straight there (it meant the same): nested choices make long chains of
        // jumps to jumps, and asking about each link again would be quadratic.
        while (i != final && _code[i].Op == Opcode.Jmp)
        {
            int next = _code[i].Target;
            JumpTo(i, final);
            i = next;
        }
        return final;
    }

    private int FinalLabel(int i) => FinalTarget(_code[i].Target);

    private void Peephole()
    {
        for (int i = 0; i < _codeCount; i++)
        {
        Redo:
            var ins = _code[i];
            switch (ins.Op)
            {
                case Opcode.Choice or Opcode.Call or Opcode.Commit or Opcode.PartialCommit or Opcode.BackCommit
                    or Opcode.TestChar or Opcode.TestSet or Opcode.TestAny:
                    JumpTo(i, FinalLabel(i));
                    break;
                case Opcode.Jmp:
                {
                    int ft = FinalTarget(i);
                    var target = _code[ft];
                    switch (target.Op)
                    {
                        case Opcode.Ret or Opcode.Fail or Opcode.FailTwice or Opcode.End:
                            _code[i] = target;
                            break;
                        case Opcode.Commit or Opcode.PartialCommit or Opcode.BackCommit:
                            int fft = FinalLabel(ft);
                            _code[i] = target;
                            JumpTo(i, fft);
                            goto Redo;
                        default:
                            JumpTo(i, ft);
                            break;
                    }
                    break;
                }
            }
        }
    }
}
