// Program + subject -> end position and capture log: the bytecode dispatch loop.

namespace PegJit.Vm;

/// <summary>Runs a <see cref="Program"/> over a byte subject. All state is on the heap (<see cref="MatchContext"/>).</summary>
internal static class Interpreter
{
    /// <summary>Back-edges and calls between two cancellation checks.</summary>
    private const int CancelInterval = 4096;

    /// <summary>
    /// Matches <paramref name="prog"/> anchored at <paramref name="init"/>. Returns the end position, or -1 when
    /// the match fails; on success <see cref="MatchContext.CapTop"/> tells how much of the capture log is in use.
    /// </summary>
    public static int Run(Program prog, ReadOnlySpan<byte> s, int init, MatchContext ctx)
    {
        var none = default(NoTracking);
        return Run(prog, s, init, ctx, ref none);
    }

    /// <summary>
    /// <see cref="Run(Program, ReadOnlySpan{byte}, int, MatchContext)"/> telling <paramref name="track"/> what happens.
    /// <typeparamref name="TTrack"/> is a struct so that the runtime compiles one loop per tracker: the loop of
    /// <see cref="NoTracking"/> is the plain interpreter.
    /// </summary>
    public static int Run<TTrack>(Program prog, ReadOnlySpan<byte> s, int init, MatchContext ctx, ref TTrack track)
        where TTrack : struct, IFailureTracker
    {
        var st = new VmState { Subject = s, Pc = 0, Pos = init, StackTop = 0, CapTop = 0, Context = ctx };
        ctx.SubjectLength = s.Length;
        // A search loop's head is pc 0: once its back-edge got hot and was compiled, each new search (a Matches loop, a
        // line of pegrep) enters the compiled loop at once. Entries are not counted: short runs never start a recording.
        if (ctx.Jit is { } jit && jit.HasCode(0)) jit.OnAnchor(0, ref st);
        return Resume(prog, ref st, ref track);
    }

    /// <summary>Continues from <paramref name="st"/> (a fresh start, or a JIT exit restored from a snapshot).</summary>
    public static int Resume<TTrack>(Program prog, ref VmState st, ref TTrack track) where TTrack : struct, IFailureTracker
    {
        var ctx = st.Context;
        ReadOnlySpan<byte> s = st.Subject;
        Instruction[] code = prog.Code;
        ulong[] setBits = prog.SetBits;
        BacktrackEntry[] stack = ctx.Stack;
        CaptureEntry[] caps = ctx.Captures;
        IJitHook? jit = ctx.Jit;
        int[]? gates = jit?.Gates;
        int pc = st.Pc, pos = st.Pos, top = st.StackTop, captop = st.CapTop;
        int budget = CancelInterval;
        // Pushes check against this, not the array's length: a pooled stack may be longer than this match's limit.
        int stackLimit = Math.Min(stack.Length, ctx.MaxBacktrack);

        for (;;)
        {
            ref readonly Instruction ins = ref code[pc];
            track.Step(pc, pos, top);
            switch (ins.Op)
            {
                // The tests and consuming steps are Semantics' helpers (inlined): the recorder calls the same ones.
                case Opcode.Any:
                    if (Semantics.Any(s, pos)) { pos++; pc++; continue; }
                    goto Fail;
                case Opcode.Char:
                    if (Semantics.Char(s, pos, ins.Aux)) { pos++; pc++; continue; }
                    goto Fail;
                case Opcode.Set:
                    if (Semantics.Set(s, pos, setBits, ins.Arg)) { pos++; pc++; continue; }
                    goto Fail;
                // A test's jump may go backward (jump threading can make it a loop's back-edge): then it is an anchor.
                case Opcode.TestAny:
                    if (Semantics.Any(s, pos)) { pc++; continue; }
                    track.Missed(pc, pos);
                    if (ins.Target > pc) { pc = ins.Target; continue; }
                    pc = ins.Target;
                    break;
                case Opcode.TestChar:
                    if (Semantics.Char(s, pos, ins.Aux)) { pc++; continue; }
                    track.Missed(pc, pos);
                    if (ins.Target > pc) { pc = ins.Target; continue; }
                    pc = ins.Target;
                    break;
                case Opcode.TestSet:
                    if (Semantics.Set(s, pos, setBits, ins.Arg)) { pc++; continue; }
                    track.Missed(pc, pos);
                    if (ins.Target > pc) { pc = ins.Target; continue; }
                    pc = ins.Target;
                    break;
                case Opcode.Span:
                    pos = SpanScan.Run(s, pos, setBits, ins.Arg, prog.SetRuns[ins.Arg]);
                    track.Missed(pc, pos);   // the byte that stopped the span (or the end) is where it wanted more
                    pc++;
                    continue;
                case Opcode.UtfRange:
                {
                    int next = Semantics.UtfRange(s, pos, ins.Arg, ins.Arg2);
                    if (next >= 0) { pos = next; pc++; continue; }
                    goto Fail;
                }
                case Opcode.Behind:
                    if (Semantics.Behind(pos, ins.Aux)) { pos -= ins.Aux; pc++; continue; }
                    goto Fail;
                case Opcode.Ret:
                    pc = stack[--top].Pc;
                    track.Returned(top, pos);
                    continue;
                case Opcode.End:
                    ctx.CapTop = captop;
                    return pos;
                case Opcode.Choice:
                    if (top == stackLimit) stack = ctx.GrowStack(top, pos, out stackLimit);
                    stack[top++] = new BacktrackEntry { Pos = pos, Pc = ins.Target, CapTop = captop };
                    pc++;
                    continue;
                case Opcode.Jmp:
                    if (ins.Target > pc) { pc = ins.Target; continue; }   // a forward jump is no loop
                    pc = ins.Target;
                    break; // anchor handling below
                case Opcode.Call:
                    if (top == stackLimit) stack = ctx.GrowStack(top, pos, out stackLimit);
                    track.Call(pc, pos, top);
                    stack[top++] = new BacktrackEntry { Pos = -1, Pc = pc + 1, CapTop = 0 };
                    pc = ins.Target;
                    break; // anchor handling below
                case Opcode.Commit:
                    top--;
                    if (ins.Target > pc) { pc = ins.Target; continue; }
                    pc = ins.Target;
                    break; // a backward commit closes a loop: anchor handling below
                case Opcode.PartialCommit:
                    stack[top - 1].Pos = pos;
                    stack[top - 1].CapTop = captop;
                    pc = ins.Target;
                    break; // back-edge handling below
                case Opcode.BackCommit:
                {
                    ref BacktrackEntry e = ref stack[--top];
                    pos = e.Pos;
                    captop = e.CapTop;
                    pc = ins.Target;
                    continue;
                }
                case Opcode.FailTwice:
                    top--;
                    goto Fail;
                case Opcode.Fail:
                    goto Fail;
                case Opcode.Giveup:
                    return -1;
                case Opcode.FullCapture:
                    if (captop == caps.Length) caps = ctx.GrowCaptures(captop, 1);
                    caps[captop++] = new CaptureEntry { Pos = pos - ins.Aux, Size = ins.Aux + 1, Arg = ins.Arg, Kind = ins.Kind };
                    pc++;
                    continue;
                case Opcode.OpenCapture:
                    if (captop == caps.Length) caps = ctx.GrowCaptures(captop, 1);
                    caps[captop++] = new CaptureEntry { Pos = pos, Size = 0, Arg = ins.Arg, Kind = ins.Kind };
                    pc++;
                    continue;
                case Opcode.CloseCapture:
                    // No nested capture since the open one: turn it into a full capture (the evaluator's fast path).
                    if (caps[captop - 1].Size == 0)
                    {
                        caps[captop - 1].Size = pos - caps[captop - 1].Pos + 1;
                    }
                    else
                    {
                        if (captop == caps.Length) caps = ctx.GrowCaptures(captop, 1);
                        caps[captop++] = new CaptureEntry { Pos = pos, Size = 1, Kind = CaptureKind.Close };
                    }
                    pc++;
                    continue;
                case Opcode.CloseRunTime:
                {
                    var eval = ctx.Evaluator ?? throw new InvalidOperationException("match-time capture without an evaluator");
                    pos = eval.RunMatchTime(s, ctx, ref captop, pos);
                    caps = ctx.Captures;
                    if (pos < 0) goto Fail;
                    pc++;
                    continue;
                }
                case Opcode.Skip:
                {
                    int c = prog.Facts!.Next(s, pos, ctx);
                    if (c < 0) goto Fail;
                    pos = ctx.MatchStart = c;
                    pc++;
                    continue;
                }
                case Opcode.NextStart:
                {
                    int next = prog.Facts!.After(s, pos);
                    if (next > s.Length) goto Fail;
                    pos = next;
                    pc++;
                    continue;
                }
                case Opcode.Found:
                    pos = ctx.Found(pos, ref captop);
                    pc = ctx.FoundFull ? ins.Target : pc + 1;
                    continue;
                default:
                    throw new InvalidOperationException($"invalid instruction {ins.Op} at {pc}");
            }

            // Reached only from Call, PartialCommit and backward jumps (Jmp, Commit, tests): an anchor for the JIT and
            // a cancellation point.
            if (--budget == 0)
            {
                budget = CancelInterval;
                ctx.CheckCancellation();
            }
            if (jit is not null && --gates![pc] <= 0)
            {
                var state = new VmState { Subject = s, Pc = pc, Pos = pos, StackTop = top, CapTop = captop, Context = ctx };
                if (jit.OnAnchor(pc, ref state))
                {
                    pc = state.Pc; pos = state.Pos; top = state.StackTop; captop = state.CapTop;
                    stack = ctx.Stack; caps = ctx.Captures;
                    stackLimit = Math.Min(stack.Length, ctx.MaxBacktrack);
                }
            }
            continue;

        Fail:
            // Failures count toward the cancellation check too: a loop may close through a backtrack alone.
            if (--budget == 0)
            {
                budget = CancelInterval;
                ctx.CheckCancellation();
            }
            track.Missed(pc, pos);
            for (;;)
            {
                if (top == 0) { ctx.CapTop = 0; return -1; }
                ref BacktrackEntry e = ref stack[--top];
                if (e.Pos >= 0) { pos = e.Pos; pc = e.Pc; captop = e.CapTop; break; }
            }
            track.Unwound(top);
        }
    }
}
