// Interpreter state at an anchor (or exit) -> trace IR: replays the VM on the real subject, logging each step. What
// each test and consuming step does is the interpreter's own code (Semantics, SpanScan); the recorder adds the
// bookkeeping of virtual stack slots.
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>Whether a recording that reached <paramref name="pc"/> ends there, handing over to compiled code;
/// <paramref name="byHeapReturn"/>: it got there by a return to an address read from the heap stack (one the compiled
/// step must guard), not by a return from a call made in the trace.</summary>
internal delegate bool JoinTest(int pc, bool byHeapReturn);

/// <summary>A recording's outcome: the trace, or null and why not. A struct of the project's own, not a tuple: the
/// framework's tuple over the reason enum is generic code no ReadyToRun image holds, which the runtime compiled at a
/// process's first recording.</summary>
internal readonly record struct Recording(TraceIr? Trace, AbortReason Reason);

/// <summary>
/// Records one path by executing the program from the given state on a private copy of what it changes
/// (the real state is never touched). Choice points and calls pushed while recording live in virtual slots;
/// entries below the starting top are read from the real backtrack stack. The trace closes when control is
/// back at the root anchor, at any stack height: compiled code at the anchor is valid over any heap stack (every
/// step that reads the heap is guarded), so a recursive rule closes one level deeper or shallower, its pending
/// virtual entries materialized.
/// </summary>
internal sealed class Recorder
{
    private readonly Program _prog;
    private readonly TracerOptions _opt;
    private readonly int _anchor;
    private readonly Growable<IrIns> _body = new();
    private readonly Growable<VirtualSlot> _slots = new();
    // The virtual stack, bottom first.
    private readonly Growable<VirtualEntry> _vstack = new();
    private readonly JoinTest _joins;
    private readonly ByteLoops? _byteLoops;
    private readonly bool _inByteLoop;   // the root anchor heads a loop of one-byte iterations
    private int _heapPops;   // real heap entries popped since recording began
    private int _height;     // heap height relative to the root trace's start
    private int _guards;   // steps so far that can exit (see CanExit)
    private int _loopEnd = -1;   // a root at a loop head: the loop's last pc (the body is [anchor, loopEnd])

    private Recorder(Program prog, TracerOptions opt, int anchor, int height, JoinTest joins, ByteLoops? byteLoops)
    {
        _prog = prog;
        _opt = opt;
        _anchor = anchor;
        _height = height;
        _joins = joins;
        _byteLoops = byteLoops;
        _inByteLoop = byteLoops?.At(anchor) is not null;
    }

    /// <summary>Records a root trace from an anchor, or returns the reason it could not. The trace ends early, handing
    /// over, at any other pc for which <paramref name="joins"/> holds (a loop head, or a return site reached by a return
    /// from the heap, with compiled code of its own). A root at a loop head (<paramref name="loopEnd"/> its last pc, else
    /// -1) aborts when its path leaves the loop before coming back: a loop whose root is its exit path runs its common
    /// path as a side trace, the loop closing through the root's failed guard at every iteration (LuaJIT's "leaving loop
    /// in root trace"). Loops of <paramref name="byteLoops"/> other than the anchor's are spanned, not joined.</summary>
    public static Recording Root(Program prog, TracerOptions opt, ref VmState st, JoinTest joins, int loopEnd = -1,
        ByteLoops? byteLoops = null) =>
        new Recorder(prog, opt, st.Pc, 0, joins, byteLoops) { _loopEnd = loopEnd }.Run(ref st, isSide: false);

    /// <summary>Records a side trace from an exit whose state (height above the root start) is given.</summary>
    public static Recording Side(Program prog, TracerOptions opt, int rootAnchor, int height, ref VmState st,
        JoinTest joins, ByteLoops? byteLoops = null) =>
        new Recorder(prog, opt, rootAnchor, height, joins, byteLoops).Run(ref st, isSide: true);

    private Recording Run(ref VmState st, bool isSide)
    {
        int pc = st.Pc, pos = st.Pos, startPc = st.Pc;
        int matchStart = st.Context.MatchStart;   // a search attempt's start, as Skip notes it
        var s = st.Subject;
        var heap = st.Context.Stack;
        int heapTop = st.StackTop;
        var code = _prog.Code;
        bool byHeapReturn = false;   // the last step returned to an address read from the heap
        bool spanned = false;        // the last step spanned the one-byte iterations of the loop at pc
        for (int steps = 0; ; steps++)
        {
            if (_body.Count >= _opt.MaxTraceLength) return new(null, AbortReason.TooLong);
            // A loop with one-byte iterations runs them as a span and the recording goes on at its head, with the byte
            // that stopped the span (and a loop right after the span is recorded as it goes, not spanned or joined).
            var byteLoop = steps > 0 && !spanned && pc != _anchor ? _byteLoops?.At(pc) : null;
            bool afterSpan = spanned;
            spanned = false;
            // The trace ends back at its anchor, or where another loop's compiled code takes over (shorter traces,
            // each compiled once); a loop of one-byte iterations with code is spanned instead early in a trace, except
            // by a tree rooted at such a loop (see SpansLoopWithCode).
            if (steps > 0 && (pc == _anchor || (byteLoop is null || !SpansLoopWithCode) && !afterSpan && _joins(pc, byHeapReturn)))
            {
                bool closes = pc == _anchor;
                // A root closing without consuming would let the compiled loop spin in place, unless each iteration
                // leaves the stack lower (returns unwinding a recursion): that loop ends with the stack. (A side trace
                // may end where it began: the iteration it finishes consumed before the exit; the emitted guard checks.)
                if (closes && !isSide && pos <= st.Pos && _height + _vstack.Count >= 0) return new(null, AbortReason.NoProgress);
                Emit(!closes ? IrOp.Join : isSide ? IrOp.ToAnchor : IrOp.Loop, pc, default);
                return new(Trace(startPc, isSide), default);
            }
            var ins = code[pc];
            if (_loopEnd >= 0 && (pc < _anchor || pc > _loopEnd) && ins.Op != Opcode.End && VirtualCalls() == 0) return new(null, AbortReason.LeftLoop);
            byHeapReturn = false;
            if (byteLoop is not null)
            {
                SpanIterations(pc, ins, byteLoop, s, ref pos);
                spanned = true;
                continue;
            }
            switch (ins.Op)
            {
                case Opcode.Any or Opcode.Char or Opcode.Set or Opcode.UtfRange or Opcode.Behind:
                {
                    int next = Semantics.Consume(ins, s, pos, _prog.SetBits);
                    if (next >= 0) { Emit(IrOp.Consume, pc, ins); pos = next; pc++; break; }
                    if (!FailTo(pc, ins, ref pos, ref pc, heap, heapTop)) return new(null, AbortReason.LeftTrace);
                    break;
                }
                case Opcode.TestAny or Opcode.TestChar or Opcode.TestSet:
                {
                    bool pass = Semantics.Test(ins, s, pos, _prog.SetBits);
                    Emit(IrOp.Test, pc, ins, expect: pass);
                    pc = pass ? pc + 1 : ins.Target;
                    break;
                }
                case Opcode.Span:
                    Emit(IrOp.Span, pc, ins);
                    pos = SpanScan.Run(s, pos, _prog.SetBits, ins.Arg, _prog.SetRuns[ins.Arg]);
                    pc++;
                    break;
                case Opcode.Jmp:
                    pc = ins.Target;
                    break;
                case Opcode.Choice:
                    Push(IrOp.Choice, pc, ins, isCall: false, target: ins.Target, pos);
                    pc++;
                    break;
                case Opcode.Call:
                    if (VirtualCalls() >= _opt.MaxInlineDepth) return new(null, AbortReason.InlineTooDeep);
                    Push(IrOp.Call, pc, ins, isCall: true, target: pc + 1, pos);
                    pc = ins.Target;
                    break;
                case Opcode.Commit:
                    PopTop(IrOp.Commit, pc, ins);
                    pc = ins.Target;
                    break;
                case Opcode.PartialCommit:
                    Emit(IrOp.PartialCommit, pc, ins, slot: TopSlot());
                    if (_vstack.Count > 0) _vstack[_vstack.Count - 1].Pos = pos;
                    pc = ins.Target;
                    break;
                case Opcode.BackCommit:
                {
                    int restored = _vstack.Count > 0 ? _vstack[_vstack.Count - 1].Pos : heap[heapTop - 1 - _heapPops].Pos;
                    PopTop(IrOp.BackCommit, pc, ins);
                    pos = restored;
                    pc = ins.Target;
                    break;
                }
                case Opcode.Ret:
                    if (_vstack.Count > 0)
                    {
                        int retPc = _slots[_vstack[_vstack.Count - 1].Slot].Pc;
                        PopTop(IrOp.Ret, pc, ins);
                        pc = retPc;
                    }
                    else
                    {
                        if (_heapPops >= heapTop) return new(null, AbortReason.MatchEnded);
                        int retPc = heap[heapTop - 1 - _heapPops].Pc;
                        Emit(IrOp.Ret, pc, ins, slot: -1, aux: retPc);
                        _heapPops++;
                        _height--;
                        pc = retPc;
                        byHeapReturn = true;
                    }
                    break;
                case Opcode.Fail:
                    if (!FailTo(pc, ins, ref pos, ref pc, heap, heapTop)) return new(null, AbortReason.LeftTrace);
                    break;
                case Opcode.FailTwice:
                    if (!FailTo(pc, ins, ref pos, ref pc, heap, heapTop)) return new(null, AbortReason.LeftTrace);
                    break;
                case Opcode.FullCapture or Opcode.OpenCapture or Opcode.CloseCapture:
                    Emit(IrOp.Capture, pc, ins);
                    pc++;
                    break;
                case Opcode.Skip:
                {
                    // The facts' cache in the context only remembers what the subject holds: reading it is harmless.
                    int c = _prog.Facts!.Next(s, pos, st.Context);
                    if (c < 0) return new(null, AbortReason.MatchEnded);
                    Emit(IrOp.Skip, pc, ins);
                    pos = matchStart = c;
                    pc++;
                    break;
                }
                case Opcode.NextStart:
                {
                    int next = _prog.Facts!.After(s, pos);
                    if (next > s.Length) return new(null, AbortReason.MatchEnded);
                    Emit(IrOp.NextStart, pc, ins);
                    pos = next;
                    pc++;
                    break;
                }
                case Opcode.Found:
                    // The recording assumes the buffer has room; the compiled step exits to the End when it has not.
                    // (The capture top it may reset is not tracked here: the emitter keeps it in a local.)
                    Emit(IrOp.Found, pc, ins);
                    pos = MatchContext.ResumeAfter(matchStart, pos);
                    pc++;
                    break;
                case Opcode.End:
                    // A search loop's successful attempt: the trace ends, handing the result to the interpreter.
                    if (steps == 0) return new(null, AbortReason.MatchEnded);
                    Emit(IrOp.Finish, pc, ins);
                    return new(Trace(startPc, isSide), default);
                case Opcode.Giveup:
                    return new(null, AbortReason.MatchEnded);
                default:
                    return new(null, AbortReason.Unsupported);
            }
        }
    }

    // Whether a loop of one-byte iterations that has compiled code is spanned here rather than joined: only within the
    // trace's first TracerOptions.SpanLoopsWithin guards, and never by a tree rooted at such a loop, which the
    // interpreter alone enters (every other trace spans the loop). Later in a trace, and from there, the loop's code is
    // joined as any loop's: a side trace that ran on through every string of a nested document until some other
    // loop's head compiled at twice the cost of one that stopped at the first string. "Early" counts the trace's
    // guards, not its steps: exits are what a trace's method pays for, and calls and choices into virtual slots emit
    // next to nothing (a JSON member reached through value, object and member rules meets its key after 12 steps, 5 of
    // them guards).
    private bool SpansLoopWithCode => !_inByteLoop && _guards < _opt.SpanLoopsWithin;

    // The steps whose emitted code has an exit: the guards.
    private static bool CanExit(IrOp op, int slot) =>
        op is IrOp.Consume or IrOp.Test or IrOp.FailTo or IrOp.Skip or IrOp.NextStart || op == IrOp.Ret && slot < 0;

    // pos = Span(s, pos, loop's bytes); a partial commit of the top entry by the iterations, when there was one.
    private void SpanIterations(int pc, Instruction ins, ByteLoop loop, ReadOnlySpan<byte> s, ref int pos)
    {
        Emit(IrOp.ByteLoop, pc, ins, expect: loop.PartialCommit, slot: loop.PartialCommit ? TopSlot() : -1, runs: loop.Runs);
        int from = pos;
        pos = SpanScan.Over(s, pos, loop.Runs);
        if (loop.PartialCommit && pos != from && _vstack.Count > 0) _vstack[_vstack.Count - 1].Pos = pos;
    }

    private TraceIr Trace(int startPc, bool isSide) =>
        new() { AnchorPc = _anchor, StartPc = startPc, Body = _body.ToArray(), Slots = _slots.ToArray(), IsSide = isSide };

    private int VirtualCalls()
    {
        int n = 0;
        for (int i = 0; i < _vstack.Count; i++) n += _slots[_vstack[i].Slot].IsCall ? 1 : 0;
        return n;
    }

    // The slots live on the virtual stack, bottom first.
    private int[] LiveSlots()
    {
        var live = new int[_vstack.Count];
        for (int i = 0; i < live.Length; i++) live[i] = _vstack[i].Slot;
        return live;
    }

    private int TopSlot() => _vstack.Count > 0 ? _vstack[_vstack.Count - 1].Slot : -1;

    private void Emit(IrOp op, int pc, Instruction ins, bool expect = false, int slot = -1, int aux = 0, int drop = 0, int calls = 0,
        ByteRuns? runs = null)
    {
        if (CanExit(op, slot)) _guards++;
        _body.Add(new IrIns
        {
            Op = op, Pc = pc, Ins = ins, Expect = expect, Slot = slot, Aux = aux, Drop = drop, Calls = calls, Runs = runs,
            Live = LiveSlots(), Height = _height,
        });
    }

    private void Push(IrOp op, int pc, Instruction ins, bool isCall, int target, int pos)
    {
        int slot = _slots.Count;
        _slots.Add(new VirtualSlot(isCall, target, _vstack.Count));
        Emit(op, pc, ins, slot: slot);
        _vstack.Add(new VirtualEntry { Slot = slot, Pos = pos });
    }

    private void PopTop(IrOp op, int pc, Instruction ins)
    {
        Emit(op, pc, ins, slot: TopSlot());
        if (_vstack.Count > 0) _vstack.Truncate(_vstack.Count - 1);
        else { _heapPops++; _height--; }
    }

    /// <summary>
    /// The step at <paramref name="pc"/> failed: backtrack to the nearest virtual choice (calls above it are
    /// dropped), or else to the heap's top entry when it is a choice (guarded in the trace on its pc). False when
    /// the failure would unwind further: the path leaves the trace.
    /// </summary>
    private bool FailTo(int pc, Instruction ins, ref int pos, ref int nextPc, BacktrackEntry[] heap, int heapTop)
    {
        // FailTwice pops its own entry first.
        int skip = ins.Op == Opcode.FailTwice ? 1 : 0;
        for (int i = _vstack.Count - 1 - skip; i >= 0; i--)
        {
            var slot = _slots[_vstack[i].Slot];
            if (slot.IsCall) continue;
            Emit(IrOp.FailTo, pc, ins, slot: _vstack[i].Slot);
            pos = _vstack[i].Pos;
            nextPc = slot.Pc;
            _vstack.Truncate(i);
            return true;
        }
        // Only virtual calls (and FailTwice's own entry) above: the heap's nearest choice, through at most
        // MaxHeapCalls call entries (rules that fail as a whole return the failure to a caller's choice).
        int drop = skip > _vstack.Count ? 1 : 0;
        int at = heapTop - 1 - _heapPops - drop;
        int calls = 0;
        while (at >= 0 && heap[at].Pos < 0 && calls < MaxHeapCalls) { at--; calls++; }
        if (at < 0 || heap[at].Pos < 0) return false;
        Emit(IrOp.FailTo, pc, ins, slot: -1, aux: heap[at].Pc, drop: drop, calls: calls);
        pos = heap[at].Pos;
        nextPc = heap[at].Pc;
        _vstack.Truncate(0);
        _heapPops += drop + calls + 1;
        _height -= drop + calls + 1;
        return true;
    }

    /// <summary>A virtual stack entry: its slot, and the position a choice saved.</summary>
    private struct VirtualEntry
    {
        public int Slot;
        public int Pos;
    }

    /// <summary>Call entries a failure may return through on the heap, each a guard in the compiled step.</summary>
    private const int MaxHeapCalls = 4;
}
