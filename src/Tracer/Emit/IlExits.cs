// Guard failures -> exits (snapshot restore) or transitions into linked side traces.
using static System.Reflection.Emit.OpCodes;
using System.Reflection.Emit;
using PegJit.Vm;

namespace PegJit.Tracer;

internal sealed partial class IlEmitter
{
    /// <summary>The label a failing guard of step (t, i) branches to; its block is emitted after all bodies.</summary>
    private Label Fail(int t, int i)
    {
        if (_fails[t][i] is { } known) return known.Label;
        var block = _fails[t][i] = new FailBlock(t, i, _w.NewLabel());
        _pendingFails.Add(block);
        return block.Label;
    }

    /// <summary>A new exit id for <paramref name="info"/>.</summary>
    private int AddExit(ExitInfo info)
    {
        if (_exitCount == _exits.Length)
        {
            var bigger = new ExitInfo[_exits.Length * 2];
            Array.Copy(_exits, bigger, _exitCount);
            _exits = bigger;
        }
        _exits[_exitCount] = info;
        return _exitCount++;
    }

    /// <summary>The exits emitted, by id.</summary>
    private ExitInfo[] ExitTable()
    {
        var table = new ExitInfo[_exitCount];
        Array.Copy(_exits, table, _exitCount);
        return table;
    }

    // Exit:       exitPc = pc; exitId = id; goto the shared block for this live set, which writes back
    //             (st.Pos = pos; st.StackTop = top; st.CapTop = cap), pushes the live virtual slots, st.Pc = exitPc; return exitId;
    // Side trace: the same write-back and pushes, then top = st.StackTop; stack = ctx.Stack; goto side start;
    private void EmitFailBlock(FailBlock f)
    {
        var step = _tree.Traces[f.Trace].Body[f.Step];
        _w.Mark(f.Label);
        if (_tree.Links.TryGet(f.Trace, f.Step, out int side))
        {
            _w.Comment(() => $"link: trace {f.Trace} step {f.Step} -> side trace {side}");
            Materialize(f.Trace, step.Live);
            ReloadAfterMaterialize();
            _w.Br(_traceStarts[side]);
            return;
        }
        ExitVia(f.Trace, f.Step, toAnchor: false, $"resume the interpreter at pc {step.Pc}");
    }

    // exitPc = pc; exitId = id; goto the shared block that materializes this live set and returns.
    private void ExitVia(int t, int i, bool toAnchor, string why, int pc = -1)
    {
        var step = _tree.Traces[t].Body[i];
        if (pc < 0) pc = step.Pc;   // the interpreter resumes before the step, unless the step itself moved on
        int id = AddExit(new ExitInfo(t, i, pc, step.HeightAfter, toAnchor, _prog.Code[pc].Op == Opcode.Ret));
        _w.Comment(() => $"exit {id}: {why}");
        _w.Ldc(pc); _w.Stloc(_exitPc);
        _w.Ldc(id); _w.Stloc(_exitId);
        _w.Br(SharedExit(t, step.Live, handOver: toAnchor && _consts.Anchors is not null));
    }

    // Exits that leave the same virtual slots live share one materializing block: the method stays small when a
    // trace has hundreds of guards under a deep virtual stack. Slots are keyed by what is pushed (kind, pc, depth).
    // Exits at anchors that hand over get blocks of their own.
    private Label SharedExit(int t, int[] live, bool handOver)
    {
        var slots = _tree.Traces[t].Slots;
        var text = new System.Text.StringBuilder(handOver ? "h:" : "");
        foreach (int l in live) text.Append(slots[l].IsCall ? 'c' : 'b').Append(slots[l].Pc).Append('@').Append(slots[l].Depth).Append(',');
        string key = text.ToString();
        if (_sharedExits.TryGetValue(key, out var known)) return known.Label;
        var block = _sharedExits[key] = new SharedBlock(_w.NewLabel(), t, live, handOver);
        _pendingShared.Add(block);
        return block.Label;
    }

    // ...; st.Pc = exitPc; goto the hand-over tail (an exit at an anchor), the linked tail, or the return tail.
    private void EmitSharedExit(SharedBlock e)
    {
        _w.Mark(e.Label);
        Materialize(e.Trace, e.Live);
        _w.Op(Ldarg_1); _w.Ldloc(_exitPc); _w.Op(Stfld, Handles.StatePc);
        _handOverUsed |= e.HandOver;
        _linkedUsed |= !e.HandOver && _opt.HandOver;
        _w.Br(e.HandOver ? _handOverTail : _opt.HandOver ? _linkedTail : _returnTail);
    }

    // The exits' common ends, once per method (the helpers are inlined once each, not at every exit):
    // hand-over: next = HandOver(c, exitPc, exitId, ref st); if (next != null) return next(ref st); goto return;
    // linked:    next = Linked(c, exitId, ref st);           if (next != null) return next(ref st); goto return;
    //            (tail calls: the code at the anchor, or the side tree linked at this exit)
    // return:    return c.ExitBase + exitId;
    private void EmitExitTails()
    {
        if (_handOverUsed) EmitCallTail(_handOverTail, Handles.HandOver, withPc: true);
        if (_linkedUsed) EmitCallTail(_linkedTail, Handles.Linked, withPc: false);
        _w.Mark(_returnTail);
        _w.Op(Ldarg_0); _w.Op(Ldfld, Handles.ConstsExitBase); _w.Ldloc(_exitId); _w.Op(Add);
        _w.Op(Ret);
    }

    private void EmitCallTail(Label tail, System.Reflection.MethodInfo next, bool withPc)
    {
        var back = _w.NewLabel();
        _w.Mark(tail);
        _w.Op(Ldarg_0);
        if (withPc) _w.Ldloc(_exitPc);
        _w.Ldloc(_exitId); _w.Op(Ldarg_1);
        _w.Call(next);
        _w.Op(Dup); _w.Op(Brfalse, back);
        _w.Op(Ldarg_1); _w.TailCall(Handles.TraceInvoke); _w.Op(Ret);
        _w.Mark(back);
        _w.Op(Pop);
        _w.Br(_returnTail);
    }

    // A side trace compiled alone back at the root's anchor, or any trace at another loop's compiled code: an exit
    // marked ToAnchor, whose caller enters the compiled code at that anchor.
    private void ExitToAnchor(int t, int i) =>
        ExitVia(t, i, toAnchor: true, $"at an anchor with compiled code, pc {_tree.Traces[t].Body[i].Pc}");

    /// <summary>Writes the state back and pushes the live virtual slots on the heap stack, bottom first.</summary>
    // st.Pos = pos; st.CapTop = cap;
    // if (top + n <= stack.Length && top + n <= limit) { stack[top++] = slot 1; ... stack[top++] = slot n; st.StackTop = top; }
    // else { st.StackTop = top; Push(ref st, slot 1); ... }   (the helper grows the stack, or reports the overflow)
    // Loop back-edges and links into side traces under live slots run this on every pass: the pushes are inline.
    private void Materialize(int t, int[] live)
    {
        StoreState(Handles.StatePos, _pos);
        StoreState(Handles.StateCapTop, _cap);
        if (live.Length == 0) { StoreState(Handles.StateStackTop, _top); return; }
        var slots = _tree.Traces[t].Slots;
        var slow = _w.NewLabel();
        var done = _w.NewLabel();
        _w.Ldloc(_top); _w.Ldc(live.Length); _w.Op(Add); _w.Ldloc(_stack); _w.Op(Ldlen); _w.Op(Conv_I4); _w.Op(Bgt, slow);
        _w.Ldloc(_top); _w.Ldc(live.Length); _w.Op(Add); _w.Ldloc(_limit); _w.Op(Bgt, slow);
        foreach (int slot in live)
        {
            var v = slots[slot];
            _w.Ldloc(_stack); _w.Ldloc(_top); _w.Op(Ldelema, typeof(BacktrackEntry));
            _w.Op(Dup); if (v.IsCall) _w.Ldc(-1); else _w.Ldloc(_vPos[v.Depth]); _w.Op(Stfld, Handles.EntryPos);
            _w.Op(Dup); _w.Ldc(v.Pc); _w.Op(Stfld, Handles.EntryPc);
            if (v.IsCall) _w.Ldc(0); else _w.Ldloc(_vCap[v.Depth]);
            _w.Op(Stfld, Handles.EntryCapTop);
            _w.Add(_top, 1);
        }
        StoreState(Handles.StateStackTop, _top);
        _w.Br(done);
        _w.Mark(slow);
        StoreState(Handles.StateStackTop, _top);
        foreach (int slot in live)
        {
            _w.Op(Ldarg_1);
            if (slots[slot].IsCall) _w.Ldc(-1); else _w.Ldloc(_vPos[slots[slot].Depth]);
            _w.Ldc(slots[slot].Pc);
            if (slots[slot].IsCall) _w.Ldc(0); else _w.Ldloc(_vCap[slots[slot].Depth]);
            _w.Call(Handles.Push);
        }
        _w.Mark(done);
    }

    // top = st.StackTop; stack = ctx.Stack;   (pushes may have grown the stack)
    private void ReloadAfterMaterialize()
    {
        LoadState(Handles.StateStackTop); _w.Stloc(_top);
        ReloadStack();
    }
}
