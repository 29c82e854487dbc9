// Bytecode at a loop head -> the bytes for which one iteration is "tests on this byte, consume it, back to the head":
// a recording that reaches such a loop spans those iterations in one step instead of handing over to the loop's code.
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>A loop's one-byte iterations: the bytes that take such a path from its head, and whether the path ends in a
/// partial commit of the entry below (the loop's choice), which the skipped iterations leave at the span's end.</summary>
internal sealed class ByteLoop(ByteRuns runs, bool partialCommit)
{
    public ByteRuns Runs { get; } = runs;
    public bool PartialCommit { get; } = partialCommit;
}

/// <summary>
/// Which loop heads of a program have one-byte iterations (a string's <c>([^"\] / '\' .)*</c>: every byte but the quote
/// and the backslash runs "test, test, any, back"), found per head from the bytecode alone, the first time a recording
/// reaches it, and kept. A trace that inlines such a loop as a span runs on past it in the same method: without it, an
/// outer loop's trace (a JSON member) handed over to the string loop's compiled code and that code's exit handed over
/// again to what follows the string, two transitions of compiled state for each string.
/// </summary>
internal sealed class ByteLoops(Program prog, bool[] loopHeads)
{
    /// <summary>Longest iteration examined, in instructions.</summary>
    private const int MaxPath = 24;

    private static readonly ByteLoop None = new(null!, false);
    private readonly ByteLoop?[] _known = new ByteLoop?[prog.Code.Length];   // null: not examined yet

    /// <summary>The one-byte iterations of the loop headed at <paramref name="head"/>, or null when no byte takes one
    /// (or it heads no loop). Threads that race here compute the same answer.</summary>
    public ByteLoop? At(int head)
    {
        if (!loopHeads[head]) return null;
        var known = Volatile.Read(ref _known[head]);
        if (known is null) Volatile.Write(ref _known[head], known = Examine(head) ?? None);
        return ReferenceEquals(known, None) ? null : known;
    }

    private ByteLoop? Examine(int head)
    {
        bool any = false, mixed = false, partial = false;
        var spans = new List<int>();   // the spans the paths run after their byte
        var set = Charset.Where(b =>
        {
            int ends = IterationOf(head, (byte)b, out int span);
            if (ends < 0) return false;
            if (!any) partial = ends == 1;
            mixed |= partial != (ends == 1);
            any = true;
            if (span >= 0 && !spans.Contains(span)) spans.Add(span);
            return true;
        });
        // A path may go on with a span after its byte ("[^"\]+" is a set, then a span of it): while the span's bytes
        // all take such a path too, the iterations still consume exactly the longest run of the loop's bytes.
        foreach (int k in spans)
            for (int b = 0; b < 256; b++)
                if (SpanScan.In(prog.SetBits, k, (byte)b) && !set.Contains((byte)b)) return null;
        return any && !mixed ? new ByteLoop(new ByteRuns(set), partial) : null;
    }

    // Follows the program from the head on a subject whose current byte is b: 0 when the path is tests and choices,
    // one consume of b (then perhaps a span, whose set is given in `span`), commits of those choices and a jump back to
    // the head; 1 when it ends in a partial commit of the entry below instead; -1 for any other path (it fails,
    // captures, calls, or reads another byte).
    private int IterationOf(int head, byte b, out int span)
    {
        var code = prog.Code;
        ReadOnlySpan<byte> one = [b];
        int pc = head, open = 0;
        bool consumed = false;
        span = -1;
        for (int n = 0; n < MaxPath; n++)
        {
            if (consumed && pc == head) return open == 0 ? 0 : -1;
            var ins = code[pc];
            switch (ins.Op)
            {
                case Opcode.Span when consumed && span < 0:
                    span = ins.Arg;
                    pc++;
                    break;
                case Opcode.TestAny or Opcode.TestChar or Opcode.TestSet when !consumed:
                    pc = Semantics.Test(ins, one, 0, prog.SetBits) ? pc + 1 : ins.Target;
                    break;
                case Opcode.Choice when !consumed:
                    open++;
                    pc++;
                    break;
                case Opcode.Any or Opcode.Char or Opcode.Set when !consumed:
                    if (Semantics.Consume(ins, one, 0, prog.SetBits) < 0) return -1;
                    consumed = true;
                    pc++;
                    break;
                case Opcode.Commit when consumed && open > 0:
                    open--;
                    pc = ins.Target;
                    break;
                case Opcode.PartialCommit when consumed && open == 0:
                    return ins.Target == head ? 1 : -1;
                case Opcode.Jmp:
                    pc = ins.Target;
                    break;
                default:
                    return -1;
            }
        }
        return -1;
    }
}
