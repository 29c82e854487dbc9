// Trace IR: the recorded path as a linear list of guarded steps, each with the snapshot to exit through.
using System.Text;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>Operations of the trace IR.</summary>
internal enum IrOp
{
    /// <summary>Consuming guards: Char, Set, Any, UtfRange, Behind (the original instruction in <see cref="IrIns.Ins"/>).</summary>
    Consume,
    /// <summary>TestChar / TestSet / TestAny with the outcome seen while recording (<see cref="IrIns.Expect"/>).</summary>
    Test,
    /// <summary>Span over a charset (vectorized).</summary>
    Span,
    /// <summary>At the head of a loop with one-byte iterations (<see cref="ByteLoops"/>): those iterations as a span over
    /// <see cref="IrIns.Runs"/>; the recording goes on at the head with the byte that stopped it. With
    /// <see cref="IrIns.Expect"/>, the iterations partially commit the top entry (virtual slot Slot, or the heap).</summary>
    ByteLoop,
    /// <summary>Push a choice point into virtual slot <see cref="IrIns.Slot"/>.</summary>
    Choice,
    /// <summary>Push a return address into virtual slot <see cref="IrIns.Slot"/>.</summary>
    Call,
    /// <summary>Commit: pop the top entry (virtual slot, or the heap when Slot &lt; 0).</summary>
    Commit,
    /// <summary>PartialCommit: update the top entry's position and capture top.</summary>
    PartialCommit,
    /// <summary>BackCommit: pop the top entry and restore its position and capture top.</summary>
    BackCommit,
    /// <summary>Ret: pop a return entry; from the heap it is guarded on the recorded return address.</summary>
    Ret,
    /// <summary>A recorded failure of <see cref="IrIns.Ins"/> (guarded to fail again), backtracking to virtual slot
    /// Slot, or (Slot &lt; 0) to the heap choice Drop entries below the top, guarded on its alternative's pc.</summary>
    FailTo,
    /// <summary>Capture instructions (Full, Open, Close), appended to the shared capture log.</summary>
    Capture,
    /// <summary>Back at the anchor: the loop closes (root traces).</summary>
    Loop,
    /// <summary>Back at the root's anchor: continue in the root trace (side traces).</summary>
    ToAnchor,
    /// <summary>At another loop head that has compiled code: exit there and let that code run on.</summary>
    Join,
    /// <summary>Search: the next start allowed by the search facts (a vectorized helper); guarded on finding one.</summary>
    Skip,
    /// <summary>Search: where the next attempt begins after a failed one; guarded on staying within the subject.</summary>
    NextStart,
    /// <summary>The match succeeded (End): exit to the interpreter, which returns the result.</summary>
    Finish,
    /// <summary>All-matches search: record the match and go on from its end; exit to the target End when the buffer is full.</summary>
    Found,
}

/// <summary>One IR step. <see cref="Live"/> is the virtual stack before the step: what an exit here materializes.</summary>
internal struct IrIns
{
    public IrOp Op;
    /// <summary>Bytecode pc of the step: an exit resumes the interpreter here, before the step.</summary>
    public int Pc;
    /// <summary>The original instruction.</summary>
    public Instruction Ins;
    /// <summary>For tests: whether the test passed (fell through) while recording.</summary>
    public bool Expect;
    /// <summary>Virtual slot, or -1 for the heap.</summary>
    public int Slot;
    /// <summary>Virtual slots live before this step, bottom first.</summary>
    public int[] Live;
    /// <summary>Heap entries above the root trace's starting top, before this step.</summary>
    public int Height;
    /// <summary>The heap's height once the live slots are materialized (an exit here, or a back-edge: below 0, the
    /// path from the root's start popped more than it pushed).</summary>
    public readonly int HeightAfter => Height + Live.Length;
    /// <summary>For heap Ret: the return address seen while recording; for heap FailTo: the choice's alternative.</summary>
    public int Aux;
    /// <summary>For heap FailTo: entries popped unconditionally before the choice (FailTwice's own).</summary>
    public int Drop;
    /// <summary>For heap FailTo: call entries between those and the choice, each guarded to be a call (the failure
    /// returns through rules that fail as a whole, to a choice of a caller).</summary>
    public int Calls;
    /// <summary>For ByteLoop: the bytes whose iterations the span runs.</summary>
    public ByteRuns? Runs;
}

/// <summary>What a virtual slot holds when it is materialized, and its depth on the virtual stack: slots at the same
/// depth are never live together, so the emitter keeps one pair of locals per depth, not per slot.</summary>
internal readonly record struct VirtualSlot(bool IsCall, int Pc, int Depth);

/// <summary>A recorded trace, ready for optimization and emission.</summary>
internal sealed class TraceIr
{
    public required int AnchorPc { get; init; }
    public required int StartPc { get; init; }
    public required IrIns[] Body { get; init; }
    public required VirtualSlot[] Slots { get; init; }
    public required bool IsSide { get; init; }

    /// <summary>The IR as text, one step a line (for people and trace dumps).</summary>
    public string Dump(Program prog)
    {
        var sb = new StringBuilder($"trace from pc {StartPc} (anchor {AnchorPc}){(IsSide ? " side" : "")}\n");
        for (int i = 0; i < Body.Length; i++)
        {
            var s = Body[i];
            string what = s.Op switch
            {
                IrOp.Test => $"{prog.Format(s.Pc)} [expect {(s.Expect ? "pass" : "jump")}]",
                IrOp.Consume or IrOp.Span or IrOp.Capture => prog.Format(s.Pc),
                IrOp.FailTo when s.Slot < 0 => $"{prog.Format(s.Pc)} [expect failure -> heap choice {s.Aux}, drop {s.Drop}{(s.Calls > 0 ? $", through {s.Calls} call(s)" : "")}]",
                IrOp.FailTo => $"{prog.Format(s.Pc)} [expect failure -> slot {s.Slot}]",
                IrOp.Ret when s.Slot < 0 => $"ret (heap, expect -> {s.Aux})",
                IrOp.Join => $"join the compiled code at pc {s.Pc}",
                IrOp.ByteLoop => $"one-byte iterations of the loop at pc {s.Pc} as a span{(s.Expect ? $", partial commit of {(s.Slot >= 0 ? $"slot {s.Slot}" : "the heap top")}" : "")}",
                IrOp.Skip or IrOp.NextStart or IrOp.Found => prog.Format(s.Pc),
                IrOp.Finish => "end: the match succeeded",
                _ => $"{s.Op.ToString().ToLowerInvariant()}{(s.Slot >= 0 ? $" slot {s.Slot}" : s.Op is IrOp.Loop or IrOp.ToAnchor ? "" : " (heap)")}",
            };
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i,4}: pc {s.Pc,-4} h{s.Height} v{s.Live.Length}  {what}\n");
        }
        return sb.ToString();
    }
}
