// One IR step -> IL, with the C# each block stands for written above it.
using System.Buffers;
using System.Runtime.Intrinsics;
using System.Reflection.Emit;
using PegJit.Vm;
using static System.Reflection.Emit.OpCodes;

namespace PegJit.Tracer;

internal sealed partial class IlEmitter
{
    /// <summary>Emits step <paramref name="i"/> of trace <paramref name="t"/>; returns the index of the next step.</summary>
    private int EmitStep(int t, int i)
    {
        var body = _tree.Traces[t].Body;
        var step = body[i];
        _w.Comment(() => $"trace {t} step {i}: pc {step.Pc} {step.Op} {_prog.Format(step.Pc)}");
        switch (step.Op)
        {
            case IrOp.Consume when step.Ins.Op == Opcode.Char:
                return EmitCharRun(t, i);
            case IrOp.Consume:
                ForceGuard(t, i);
                EmitConsume(step.Ins, Fail(t, i));
                break;
            case IrOp.Test:
                ForceGuard(t, i);
                EmitTest(step, Fail(t, i));
                break;
            case IrOp.Span:
                EmitSpan(step.Ins.Arg);
                break;
            case IrOp.ByteLoop:
                EmitByteLoop(t, step);
                break;
            case IrOp.Choice:
            case IrOp.Call:
                // if (top + live + 1 > limit) exit;  (the interpreter then grows the stack, or reports the overflow)
                ForceGuard(t, i);
                _w.Ldloc(_top); _w.Ldc(step.Live.Length + 1); _w.Op(Add); _w.Ldloc(_limit); _w.Op(Bgt, Fail(t, i));
                if (step.Op == IrOp.Choice) SaveSlot(t, step.Slot);
                break;
            case IrOp.Commit:
                if (step.Slot < 0) _w.Add(_top, -1);            // top--;  (heap entry)
                break;
            case IrOp.PartialCommit:
                if (step.Slot >= 0) SaveSlot(t, step.Slot);
                else UpdateHeapTop();
                break;
            case IrOp.BackCommit:
                if (step.Slot >= 0) RestoreSlot(t, step.Slot);
                else RestoreHeapTop();
                break;
            case IrOp.Ret when step.Slot < 0:
                // if (stack[top - 1].Pc != recorded) exit; top--;
                ForceGuard(t, i);
                HeapTop(); _w.Op(Ldfld, Handles.EntryPc); _w.Ldc(step.Aux); _w.Op(Bne_Un, Fail(t, i));
                _w.Add(_top, -1);
                break;
            case IrOp.Ret:
                break;                                           // a virtual return: nothing to do
            case IrOp.FailTo:
                ForceGuard(t, i);
                EmitExpectFailure(step.Ins, Fail(t, i));
                if (step.Slot >= 0) RestoreSlot(t, step.Slot);
                else FailToHeap(step, Fail(t, i));
                break;
            case IrOp.Capture:
                EmitCapture(step.Ins);
                break;
            case IrOp.Loop:
            case IrOp.ToAnchor:
                // if (pos == iterStart) exit;   an iteration that consumed nothing must not spin (one that leaves the
                // stack lower, unwinding returns, cannot: the stack ends)
                if (step.HeightAfter >= 0) { _w.Ldloc(_pos); _w.Ldloc(_iterStart); _w.Op(Beq, Fail(t, i)); }
                if (step.Op == IrOp.ToAnchor && t == 0) ExitToAnchor(t, i);
                else EmitBackEdge(t, step);
                break;
            case IrOp.Join:
                ExitToAnchor(t, i);
                break;
            case IrOp.Skip:
                ForceGuard(t, i);
                EmitSkip(Fail(t, i));
                break;
            case IrOp.NextStart:
                ForceGuard(t, i);
                EmitNextStart(Fail(t, i));
                break;
            case IrOp.Finish:
                ExitVia(t, i, toAnchor: false, "the match succeeded: the interpreter returns it");
                break;
            case IrOp.Found:
                EmitFound(t, i);
                break;
        }
        return i + 1;
    }

    // 'c1' 'c2' ... 'cn' (consecutive Char steps): one bounds check, then the bytes compared 8, 4, 2 at a time:
    //   if (len - pos < n || s[pos..pos+8] != c1..c8 || ...) exit at the first; pos += n;
    private int EmitCharRun(int t, int i)
    {
        var body = _tree.Traces[t].Body;
        int end = i + 1;
        while (end < body.Length && body[end].Op == IrOp.Consume && body[end].Ins.Op == Opcode.Char
               && !_tree.Links.Contains(t, end)) end++;
        int n = end - i;
        var fail = Fail(t, i);
        ForceGuard(t, i);
        _w.Ldloc(_len); _w.Ldloc(_pos); _w.Op(Sub); _w.Ldc(n); _w.Op(Blt, fail);
        var bytes = new byte[n];
        for (int k = 0; k < n; k++) bytes[k] = (byte)body[i + k].Ins.Aux;
        for (int k = 0; k < n;)
        {
            int width = !BitConverter.IsLittleEndian ? 1 : n - k >= 8 ? 8 : n - k >= 4 ? 4 : n - k >= 2 ? 2 : 1;
            CompareWide(bytes, k, width, fail);
            k += width;
        }
        _w.Add(_pos, n);
        return end;
    }

    // One unaligned load of 1, 2, 4 or 8 subject bytes at pos + offset, compared with the literal's bytes there
    // (little-endian): if (*(ulong*)&s[pos + offset] != literal) exit;
    private void CompareWide(byte[] literal, int offset, int width, Label fail)
    {
        ulong value = 0;
        for (int j = width - 1; j >= 0; j--) value = value << 8 | literal[offset + j];
        ByteAddress(offset);
        if (width > 1) _w.Unaligned();
        switch (width)
        {
            case 8: _w.Op(Ldind_I8); _w.Op(Ldc_I8, (long)value); break;
            case 4: _w.Op(Ldind_U4); _w.Ldc(unchecked((int)(uint)value)); break;
            case 2: _w.Op(Ldind_U2); _w.Ldc((int)value); break;
            default: _w.Op(Ldind_U1); _w.Ldc((int)value); break;
        }
        _w.Op(Bne_Un, fail);
    }

    /// <summary>Pushes s[pos + offset].</summary>
    private void LoadByte(int offset) { ByteAddress(offset); _w.Op(Ldind_U1); }

    /// <summary>Pushes the address of s[pos + offset] as ref Unsafe.Add(ref r, pos + offset), with no bounds check: every
    /// caller has already guarded pos + offset &lt; len (EmitCharRun: len - pos &gt;= n; the others: pos &lt; len).</summary>
    private void ByteAddress(int offset)
    {
        _w.Ldloc(_ref); _w.Ldloc(_pos);
        if (offset != 0) { _w.Ldc(offset); _w.Op(Add); }
        _w.Op(Conv_I); _w.Op(Add);
    }

    // Any: if (pos >= len) exit; pos++        Set: ... if (!set.Contains(s[pos])) exit; pos++
    // Behind n: if (pos < n) exit; pos -= n    UtfRange: tmp = Utf(s, pos, from, to); if (tmp < 0) exit; pos = tmp
    private void EmitConsume(Instruction ins, Label fail)
    {
        switch (ins.Op)
        {
            case Opcode.Any:
                _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, fail);
                _w.Add(_pos, 1);
                break;
            case Opcode.Set:
                _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, fail);
                LoadByte(0); _w.Stloc(_ch);
                BranchUnlessInSet(ins.Arg, fail);
                _w.Add(_pos, 1);
                break;
            case Opcode.Behind:
                _w.Ldloc(_pos); _w.Ldc(ins.Aux); _w.Op(Blt, fail);
                _w.Add(_pos, -ins.Aux);
                break;
            case Opcode.UtfRange:
            {
                var tmp = _w.Rent(typeof(int));
                _w.Ldloc(_s); _w.Ldloc(_pos); _w.Ldc(ins.Arg); _w.Ldc(ins.Arg2); _w.Call(Handles.Utf); _w.Stloc(tmp);
                _w.Ldloc(tmp); _w.Ldc(0); _w.Op(Blt, fail);
                _w.Ldloc(tmp); _w.Stloc(_pos);
                _w.Return(tmp);
                break;
            }
            default:
                throw new InvalidOperationException(ins.Op.ToString());
        }
    }

    // Most spans in real text are short or empty: test the first byte inline, then one vector of the bytes after it
    // inline, and call the vectorized helper only for a run longer than that.
    //   if (pos < len && set.Contains(s[pos])) { pos++; [one inline vector]; pos = SpanScan.Over(s, pos, c.SetRuns[arg]); }
    private void EmitSpan(int set)
    {
        var done = _w.NewLabel();
        _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, done);
        LoadByte(0); _w.Stloc(_ch);
        BranchUnlessInSet(set, done);
        _w.Add(_pos, 1);
        EmitInlineVector(_prog.SetRuns[set], done);
        _w.Ldloc(_s); _w.Ldloc(_pos); LoadRuns(set);
        _w.Call(Handles.SpanOver); _w.Stloc(_pos);
        _w.Mark(done);
    }

    // A loop's one-byte iterations, and the partial commit they leave on the top entry when at least one ran:
    //   pos = SpanScan.Over(s, pos, c.LoopRuns[k]), as SkipAhead emits it.
    private void EmitByteLoop(int t, IrIns step)
    {
        int k = _loopRuns.Count;
        _loopRuns.Add(step.Runs!);
        SkipAhead(() => { _w.Op(Ldarg_0); _w.Op(Ldfld, Handles.ConstsLoopRuns); _w.Ldc(k); _w.Op(Ldelem_Ref); },
            Handles.SpanOver, step.Expect, step.Runs, t, step.Slot);
    }

    // Read once, in a static initializer: code that names Vector256 itself depends on the machine, so the runtime
    // discards its ahead-of-time form and compiles it anew (this method, at each process's first trace).
    private static readonly bool WideVectors = Vector256.IsHardwareAccelerated;
    private static readonly Type WideVector = typeof(Vector256<byte>);
    private static readonly int WideBytes = Vector256<byte>.Count;

    // One vector of a span inline, its ranges as constants (SpanScan.ByRanges' test): a call and the loads of the
    // set's ranges cost more than the compare on the short runs most spans are.
    //   if (len - pos >= 32) {
    //       mask = signs((v - low0) <= width0 | ...) for v = the 32 bytes at pos;   (inverted unless complement ranges;
    //                                                                              v == low for a range of one byte)
    //       if (mask != 0) { pos += tzcnt(mask); goto done; }
    //       pos += 32;
    //   }
    private void EmitInlineVector(ByteRuns runs, Label done)
    {
        if (!WideVectors || runs.Values is not null) return;
        var longer = _w.NewLabel();
        var mask = _w.Rent(typeof(uint));
        var v = _w.Rent(WideVector);
        _w.Ldloc(_len); _w.Ldloc(_pos); _w.Op(Sub); _w.Ldc(WideBytes); _w.Op(Blt, longer);
        _w.Ldloc(_ref); _w.Ldloc(_pos); _w.Op(Conv_U); _w.Call(Handles.VectorLoad); _w.Stloc(v);
        for (int r = 0; r < runs.Ranges; r++)
        {
            // A range of one byte (a blank, a quote) is one equality: half the IL and one instruction fewer.
            _w.Ldloc(v); _w.Ldc(runs.Low[r]); _w.Call(Handles.VectorOf);
            if (runs.Width[r] == 0) _w.Call(Handles.VectorEquals);
            else
            {
                _w.Call(Handles.VectorMinus);
                _w.Ldc(runs.Width[r]); _w.Call(Handles.VectorOf); _w.Call(Handles.VectorAtMost);
            }
            if (r > 0) _w.Call(Handles.VectorOr);
        }
        _w.Call(Handles.VectorSigns);
        if (!runs.Complement) _w.Op(Not);
        _w.Stloc(mask);
        var none = _w.NewLabel();
        _w.Ldloc(mask); _w.Op(Brfalse, none);
        _w.Ldloc(_pos); _w.Ldloc(mask); _w.Call(Handles.TrailingZeros); _w.Op(Add); _w.Stloc(_pos);
        _w.Op(Br, done);
        _w.Mark(none);
        _w.Add(_pos, WideBytes);
        _w.Mark(longer);
        _w.Return(v);
        _w.Return(mask);
    }

    // Search: tmp = c.Facts.Next(s, pos, ctx); if (tmp < 0) exit; pos = tmp; ctx.MatchStart = pos;
    private void EmitSkip(Label exit)
    {
        var tmp = _w.Rent(typeof(int));
        LoadFacts(); _w.Ldloc(_s); _w.Ldloc(_pos); _w.Ldloc(_ctx);
        _w.Call(Handles.FactsNext); _w.Stloc(tmp);
        _w.Ldloc(tmp); _w.Ldc(0); _w.Op(Blt, exit);
        _w.Ldloc(tmp); _w.Stloc(_pos);
        _w.Return(tmp);
        _w.Ldloc(_ctx); _w.Ldloc(_pos); _w.Op(Stfld, Handles.ContextMatchStart);
    }

    // Search: tmp = c.Facts.After(s, pos); if (tmp > len) exit; pos = tmp;
    private void EmitNextStart(Label exit)
    {
        var tmp = _w.Rent(typeof(int));
        LoadFacts(); _w.Ldloc(_s); _w.Ldloc(_pos);
        _w.Call(Handles.FactsAfter); _w.Stloc(tmp);
        _w.Ldloc(tmp); _w.Ldloc(_len); _w.Op(Bgt, exit);
        _w.Ldloc(tmp); _w.Stloc(_pos);
        _w.Return(tmp);
    }

    // All-matches search: tmp = cap; pos = ctx.Found(pos, ref tmp); cap = tmp; if (ctx.FoundFull) exit to the End at the target;
    private void EmitFound(int t, int i)
    {
        var step = _tree.Traces[t].Body[i];
        var more = _w.NewLabel();
        // Through a copy: taking cap's own address would keep it out of registers in the whole method.
        var top = _w.Rent(typeof(int));
        _w.Ldloc(_cap); _w.Stloc(top);
        _w.Ldloc(_ctx); _w.Ldloc(_pos); _w.Ldloca(top); _w.Call(Handles.ContextFound); _w.Stloc(_pos);
        _w.Ldloc(top); _w.Stloc(_cap);
        _w.Return(top);
        _openOnTop = false;
        _w.Ldloc(_ctx); _w.Op(Ldfld, Handles.ContextFoundFull); _w.Op(Brfalse, more);
        ExitVia(t, i, toAnchor: false, "the caller's match buffer is full", pc: step.Ins.Target);
        _w.Mark(more);
    }

    private void LoadFacts() { _w.Op(Ldarg_0); _w.Op(Ldfld, Handles.ConstsFacts); }

    // A step recorded as failing must fail again: exit when it would succeed.
    private void EmitExpectFailure(Instruction ins, Label exit)
    {
        var failed = _w.NewLabel();
        switch (ins.Op)
        {
            case Opcode.Fail or Opcode.FailTwice:
                return;
            case Opcode.Any:
                _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Blt, exit);
                return;
            case Opcode.Char:
                _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, failed);
                LoadByte(0); _w.Ldc(ins.Aux); _w.Op(Beq, exit);
                break;
            case Opcode.Set:
                _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, failed);
                LoadByte(0); _w.Stloc(_ch);
                BranchUnlessInSet(ins.Arg, failed);
                _w.Br(exit);
                break;
            case Opcode.Behind:
                _w.Ldloc(_pos); _w.Ldc(ins.Aux); _w.Op(Bge, exit);
                return;
            case Opcode.UtfRange:
                _w.Ldloc(_s); _w.Ldloc(_pos); _w.Ldc(ins.Arg); _w.Ldc(ins.Arg2); _w.Call(Handles.Utf);
                _w.Ldc(0); _w.Op(Bge, exit);
                return;
        }
        _w.Mark(failed);
    }

    // TestAny / TestChar / TestSet: exit unless the test comes out as it did when recorded.
    private void EmitTest(IrIns step, Label exit)
    {
        var passes = _w.NewLabel();
        var fails = _w.NewLabel();
        var next = _w.NewLabel();
        _w.Ldloc(_pos); _w.Ldloc(_len); _w.Op(Bge, fails);
        switch (step.Ins.Op)
        {
            case Opcode.TestChar:
                LoadByte(0); _w.Ldc(step.Ins.Aux); _w.Op(Bne_Un, fails);
                break;
            case Opcode.TestSet:
                LoadByte(0); _w.Stloc(_ch);
                BranchUnlessInSet(step.Ins.Arg, fails);
                break;
        }
        _w.Mark(passes);
        _w.Br(step.Expect ? next : exit);
        _w.Mark(fails);
        _w.Br(step.Expect ? exit : next);
        _w.Mark(next);
    }

    // Set membership of ch: a few unsigned range checks, or the 256-bit map: (bits[4 * set + (ch >> 6)] >> (ch & 63)) & 1
    private void BranchUnlessInSet(int set, Label notIn)
    {
        var cs = _prog.Sets[set];
        int ranges = 0;
        for (int lo = cs.NextRun(0, out int hi); lo >= 0 && ranges <= 3; lo = cs.NextRun(hi + 1, out hi)) ranges++;
        if (ranges <= 3)
        {
            var isIn = _w.NewLabel();
            for (int lo = cs.NextRun(0, out int hi); lo >= 0; lo = cs.NextRun(hi + 1, out hi))
            {
                _w.Ldloc(_ch); _w.Ldc(lo); _w.Op(Sub); _w.Ldc(hi - lo); _w.Op(Ble_Un, isIn);
            }
            _w.Br(notIn);
            _w.Mark(isIn);
            return;
        }
        _w.Ldloc(_bits); _w.Ldc(set * 4); _w.Ldloc(_ch); _w.Ldc(6); _w.Op(Shr_Un); _w.Op(Add); _w.Op(Ldelem_I8);
        _w.Ldloc(_ch); _w.Ldc(63); _w.Op(And); _w.Op(Shr_Un);
        _w.Op(Conv_I4); _w.Ldc(1); _w.Op(And);
        _w.Op(Brfalse, notIn);
    }

    // The capture log is written inline, as the interpreter writes it, through `caps` (ctx.Captures, reloaded only when
    // the log grows): a call per entry would cost more than the entry.
    //   FullCapture: Push(pos - n, n + 1, kind, arg)        OpenCapture: Push(pos, 0, kind, arg)
    //   CloseCapture, its open entry pushed earlier in this trace with nothing after it: caps[cap - 1].Size = pos - caps[cap - 1].Pos + 1;
    //   CloseCapture otherwise: if (caps[cap - 1].Size == 0) caps[cap - 1].Size = pos - caps[cap - 1].Pos + 1; else Push(pos, 1, Close, 0);
    private void EmitCapture(Instruction ins)
    {
        switch (ins.Op)
        {
            case Opcode.FullCapture:
                PushCapture(() => { _w.Ldloc(_pos); _w.Ldc(ins.Aux); _w.Op(Sub); }, ins.Aux + 1, ins.Kind, ins.Arg);
                _openOnTop = false;
                return;
            case Opcode.OpenCapture:
                PushCapture(() => _w.Ldloc(_pos), 0, ins.Kind, ins.Arg);
                _openOnTop = true;
                return;
        }
        var entry = _w.Rent(typeof(CaptureEntry).MakeByRefType());
        _w.Ldloc(_caps); _w.Ldloc(_cap); _w.Ldc(1); _w.Op(Sub); _w.Op(Ldelema, typeof(CaptureEntry)); _w.Stloc(entry);
        var done = _w.NewLabel();
        var nested = _w.NewLabel();
        if (!_openOnTop) { _w.Ldloc(entry); _w.Op(Ldfld, Handles.CapSize); _w.Op(Brtrue, nested); }
        _w.Ldloc(entry); _w.Ldloc(_pos); _w.Ldloc(entry); _w.Op(Ldfld, Handles.CapPos); _w.Op(Sub); _w.Ldc(1); _w.Op(Add);
        _w.Op(Stfld, Handles.CapSize);
        _w.Return(entry);
        if (!_openOnTop)
        {
            _w.Br(done);
            _w.Mark(nested);
            PushCapture(() => _w.Ldloc(_pos), 1, CaptureKind.Close, 0);
            _w.Mark(done);
        }
        _openOnTop = false;
    }

    // if (cap == caps.Length) caps = ctx.GrowCaptures(cap, 1);
    // ref CaptureEntry e = ref caps[cap++]; e.Pos = <start>; e.Size = size; e.Arg = arg; e.Kind = kind;
    private void PushCapture(Action start, int size, CaptureKind kind, int arg)
    {
        var room = _w.NewLabel();
        _w.Ldloc(_cap); _w.Ldloc(_caps); _w.Op(Ldlen); _w.Op(Conv_I4); _w.Op(Blt, room);
        _w.Ldloc(_ctx); _w.Ldloc(_cap); _w.Ldc(1); _w.Call(Handles.GrowCaptures); _w.Stloc(_caps);
        _w.Mark(room);
        _w.Ldloc(_caps); _w.Ldloc(_cap); _w.Op(Ldelema, typeof(CaptureEntry));
        _w.Op(Dup); start(); _w.Op(Stfld, Handles.CapPos);
        _w.Op(Dup); _w.Ldc(size); _w.Op(Stfld, Handles.CapSize);
        _w.Op(Dup); _w.Ldc(arg); _w.Op(Stfld, Handles.CapArg);
        _w.Ldc((int)kind); _w.Op(Stfld, Handles.CapKind);
        _w.Add(_cap, 1);
    }

    // tmp = top - 1 - drop - calls; if (tmp < 0) exit;
    // for each of the calls entries above tmp: if (stack[e].Pos >= 0) exit;   (a choice there would catch the failure)
    // if (stack[tmp].Pos < 0 || stack[tmp].Pc != recorded) exit;
    // pos = stack[tmp].Pos; cap = stack[tmp].CapTop; top = tmp;
    private void FailToHeap(IrIns step, Label exit)
    {
        _openOnTop = false;
        var tmp = _w.Rent(typeof(int));
        _w.Ldloc(_top); _w.Ldc(1 + step.Drop + step.Calls); _w.Op(Sub); _w.Stloc(tmp);
        _w.Ldloc(tmp); _w.Ldc(0); _w.Op(Blt, exit);
        for (int c = 1; c <= step.Calls; c++)
        {
            _w.Ldloc(_stack); _w.Ldloc(tmp); _w.Ldc(c); _w.Op(Add); _w.Op(Ldelema, typeof(BacktrackEntry));
            _w.Op(Ldfld, Handles.EntryPos); _w.Ldc(0); _w.Op(Bge, exit);
        }
        Entry(tmp); _w.Op(Ldfld, Handles.EntryPos); _w.Ldc(0); _w.Op(Blt, exit);
        Entry(tmp); _w.Op(Ldfld, Handles.EntryPc); _w.Ldc(step.Aux); _w.Op(Bne_Un, exit);
        Entry(tmp); _w.Op(Ldfld, Handles.EntryPos); _w.Stloc(_pos);
        Entry(tmp); _w.Op(Ldfld, Handles.EntryCapTop); _w.Stloc(_cap);
        _w.Ldloc(tmp); _w.Stloc(_top);
        _w.Return(tmp);
    }

    /// <summary>Pushes the address of stack[index].</summary>
    private void Entry(LocalBuilder index) { _w.Ldloc(_stack); _w.Ldloc(index); _w.Op(Ldelema, typeof(BacktrackEntry)); }

    // vPos[slot] = pos; vCap[slot] = cap;
    private void SaveSlot(int t, int slot)
    {
        int d = _tree.Traces[t].Slots[slot].Depth;
        _w.Ldloc(_pos); _w.Stloc(_vPos[d]); _w.Ldloc(_cap); _w.Stloc(_vCap[d]);
    }

    // pos = vPos[slot]; cap = vCap[slot];
    private void RestoreSlot(int t, int slot)
    {
        _openOnTop = false;
        int d = _tree.Traces[t].Slots[slot].Depth;
        _w.Ldloc(_vPos[d]); _w.Stloc(_pos); _w.Ldloc(_vCap[d]); _w.Stloc(_cap);
    }

    /// <summary>Pushes the address of stack[top - 1].</summary>
    private void HeapTop() { _w.Ldloc(_stack); _w.Ldloc(_top); _w.Ldc(1); _w.Op(Sub); _w.Op(Ldelema, typeof(BacktrackEntry)); }

    // stack[top - 1].Pos = pos; stack[top - 1].CapTop = cap;
    private void UpdateHeapTop()
    {
        HeapTop(); _w.Ldloc(_pos); _w.Op(Stfld, Handles.EntryPos);
        HeapTop(); _w.Ldloc(_cap); _w.Op(Stfld, Handles.EntryCapTop);
    }

    // pos = stack[top - 1].Pos; cap = stack[top - 1].CapTop; top--;
    private void RestoreHeapTop()
    {
        _openOnTop = false;
        HeapTop(); _w.Op(Ldfld, Handles.EntryPos); _w.Stloc(_pos);
        HeapTop(); _w.Op(Ldfld, Handles.EntryCapTop); _w.Stloc(_cap);
        _w.Add(_top, -1);
    }

    private void LoadRuns(int set) { _w.Op(Ldarg_0); _w.Op(Ldfld, Handles.ConstsSetRuns); _w.Ldc(set); _w.Op(Ldelem_Ref); }

    // Test mode: if (TraceRuntime.Force(ctx, every)) goto exit;
    private void ForceGuard(int t, int i)
    {
        if (_opt.ForceGuardFailureEvery <= 0) return;
        _w.Ldloc(_ctx); _w.Ldc(_opt.ForceGuardFailureEvery); _w.Call(Handles.Force); _w.Op(Brtrue, Fail(t, i));
    }

    // Back at the anchor: if (--budget == 0) { budget = N; Tick(ctx); } materialize live slots; goto start;
    private void EmitBackEdge(int t, IrIns step)
    {
        var noTick = _w.NewLabel();
        _w.Add(_budget, -1); _w.Ldloc(_budget); _w.Op(Brtrue, noTick);
        _w.Ldc(CancelInterval); _w.Stloc(_budget); _w.Ldloc(_ctx); _w.Call(Handles.Tick);
        _w.Mark(noTick);
        if (step.Live.Length > 0) { Materialize(t, step.Live); ReloadAfterMaterialize(); }
        _w.Br(_start);
    }

    // A byte loop, "tests on the current byte; consume it; (partial commit); back to the anchor": the bytes that take
    // exactly such a path are one set, so every iteration it would run is one span. The paths are the root trace's and
    // those of side traces entered from a guard that only tests the current byte: a root recorded on a rare path of
    // the loop (an escape in a string) runs the common path as such a side trace, and without that path in the span
    // the loop ran a byte at a time through it. Choices pushed before the byte and committed after it leave nothing
    // behind ("([^"\] / '\' .) chars / ''", right recursion that LPeg turns into a loop, runs choice; test; any;
    // commit on every byte).
    //   pos = Span(s, pos, pathSet);
    private bool EmitPathSpan()
    {
        var root = _tree.Traces[0].Body;
        var set = new bool[256];
        bool partialCommit = false, any = BytePath(root, 0, AllBytes(), IrOp.Loop, set, ref partialCommit, first: true);
        // Side traces linked at the root's first tests (the bytes reaching test g took tests 0..g-1 as recorded and g the
        // other way). A side trace from a failed consume backtracks first: never a byte path.
        var reach = AllBytes();
        for (int g = 0; g < root.Length && root[g].Op == IrOp.Test; g++)
        {
            if (_tree.Links.TryGet(0, g, out int side))
            {
                var failing = (bool[])reach.Clone();
                Narrow(failing, root[g].Ins, !root[g].Expect);
                any |= BytePath(_tree.Traces[side].Body, 0, failing, IrOp.ToAnchor, set, ref partialCommit, first: !any);
            }
            Narrow(reach, root[g].Ins, root[g].Expect);
        }
        if (!any || !AnyOf(set)) return false;
        _consts.PathRuns = new ByteRuns(Charset.Where(b => set[b]));
        _w.Comment("byte loop: span over the bytes that take a recorded path");
        SkipAhead(Handles.ConstsPathRuns, Handles.SpanOver, partialCommit, _consts.PathRuns);
        return true;
    }

    private static bool[] AllBytes()
    {
        var set = new bool[256];
        for (int b = 0; b < set.Length; b++) set[b] = true;   // not Array.Fill (generic code, compiled at the first trace)
        return set;
    }

    // Whether body[from..] is one byte path back to the anchor (ending in `back`, nothing left live); if so, adds the
    // bytes of `reach` that take it to `union`. Paths of one span must agree on the partial commit (the first sets it).
    private bool BytePath(IrIns[] body, int from, bool[] reach, IrOp back, bool[] union, ref bool partialCommit, bool first)
    {
        var set = (bool[])reach.Clone();
        var open = new int[body.Length];   // virtual choice slots pushed in the iteration so far (a stack of n)
        int n = 0, i = from;
        for (; i < body.Length && (body[i].Op == IrOp.Test || body[i].Op == IrOp.Choice && body[i].Slot >= 0); i++)
            if (body[i].Op == IrOp.Test) Narrow(set, body[i].Ins, body[i].Expect);
            else open[n++] = body[i].Slot;
        if (i >= body.Length || body[i].Op != IrOp.Consume || body[i].Ins.Op is not (Opcode.Any or Opcode.Char or Opcode.Set)) return false;
        Narrow(set, body[i].Ins, pass: true);
        for (i++; n > 0 && i < body.Length && body[i].Op == IrOp.Commit && body[i].Slot == open[n - 1]; i++) n--;
        if (n > 0) return false;
        bool partial = i < body.Length && body[i].Op == IrOp.PartialCommit && body[i].Slot < 0;
        int end = i + (partial ? 1 : 0);
        if (end >= body.Length || body[end].Op != back || body[end].Live.Length > 0 || !first && partial != partialCommit) return false;
        partialCommit = partial;
        for (int b = 0; b < 256; b++) union[b] |= set[b];
        return true;
    }

    // pos = helper(s, pos, c.field), a path span testing its first vector inline before the call;  and, after a heap
    // PartialCommit, stack[top - 1] = (pos, cap) as the skipped iterations would leave it: only when at least one
    // iteration was skipped (pos moved), since with none the partial commit never ran and the entry keeps the position
    // an earlier iteration gave it.
    private void SkipAhead(System.Reflection.FieldInfo field, System.Reflection.MethodInfo helper, bool partialCommit, ByteRuns? span = null) =>
        SkipAhead(() => { _w.Op(Ldarg_0); _w.Op(Ldfld, field); }, helper, partialCommit, span);

    // The same, the helper's last argument pushed by `loadArg`, and the partial commit made on virtual slot `slot` of
    // trace t when slot >= 0 (a ByteLoop step under the loop's own choice), else on the heap's top entry.
    private void SkipAhead(Action loadArg, System.Reflection.MethodInfo helper, bool partialCommit, ByteRuns? span, int t = 0, int slot = -1)
    {
        var before = partialCommit ? _w.Rent(typeof(int)) : null;
        if (before is not null) { _w.Ldloc(_pos); _w.Stloc(before); }
        var skipped = _w.NewLabel();
        if (span is not null) EmitInlineVector(span, skipped);   // a path span: its first vector inline
        _w.Ldloc(_s); _w.Ldloc(_pos);
        loadArg();
        _w.Call(helper); _w.Stloc(_pos);
        _w.Mark(skipped);
        if (before is null) return;
        var none = _w.NewLabel();
        _w.Ldloc(_pos); _w.Ldloc(before); _w.Op(Beq, none);
        if (slot >= 0) SaveSlot(t, slot);
        else UpdateHeapTop();
        _w.Mark(none);
        _w.Return(before);
    }

    // Keeps in `set` the bytes for which a test (or consuming instruction) at the current byte has the given outcome.
    private static bool AnyOf(bool[] set)
    {
        foreach (bool b in set)
            if (b) return true;
        return false;
    }

    private void Narrow(bool[] set, Instruction ins, bool pass)
    {
        Span<byte> one = stackalloc byte[1];
        for (int b = 0; b < 256; b++)
        {
            one[0] = (byte)b;
            bool accepts = ins.Op is Opcode.TestAny or Opcode.TestChar or Opcode.TestSet
                ? Semantics.Test(ins, one, 0, _prog.SetBits) : Semantics.Consume(ins, one, 0, _prog.SetBits) >= 0;
            if (accepts != pass) set[b] = false;
        }
    }

    // The search idiom at the anchor, "L: TestX set -> M; ...; M: Any; PartialCommit L (or Jmp L)":
    // pos = SkipTo(s, pos, set), or SkipToLiteral(s, pos, literal) when the alternative begins with a literal; and,
    // for the PartialCommit form, stack[top - 1] = (pos, cap) as the skipped iterations would leave it.
    private bool EmitSkipIdiom()
    {
        var code = _prog.Code;
        int a = _tree.AnchorPc;
        var test = code[a];
        if (test.Op is not (Opcode.TestChar or Opcode.TestSet) || test.Target + 1 >= code.Length) return false;
        var any = code[test.Target];
        var back = code[test.Target + 1];
        if (any.Op != Opcode.Any || back.Target != a || back.Op is not (Opcode.PartialCommit or Opcode.Jmp)) return false;
        var literal = LiteralPrefix(a);
        bool partialCommit = back.Op == Opcode.PartialCommit;
        if (literal.Length >= 2)
        {
            _consts.SkipLiteral = literal;
            _w.Comment(() => $"search idiom at pc {a}: skip to the next occurrence of the literal the alternative starts with");
            SkipAhead(Handles.ConstsSkipLiteral, Handles.SkipToLiteral, partialCommit);
        }
        else
        {
            _consts.Skip = test.Op == Opcode.TestChar ? SearchValues.Create([test.Aux]) : _prog.SetSearch[test.Arg];
            _w.Comment(() => $"search idiom at pc {a}: skip to the next byte the test accepts");
            SkipAhead(Handles.ConstsSkip, Handles.SkipTo, partialCommit);
        }
        return true;
    }

    // The bytes every match of the alternative must start with, when a mismatch anywhere in them can only fall back
    // to the idiom's "Any": "TestChar c -> M; Choice M; (captures); Any; Char c2; Char c3 ..." gives c c2 c3 ...
    private byte[] LiteralPrefix(int anchor)
    {
        var code = _prog.Code;
        var test = code[anchor];
        if (test.Op != Opcode.TestChar) return [];
        var bytes = new List<byte> { (byte)test.Aux };
        bool consumedTested = false;
        for (int pc = anchor + 1; pc < code.Length; pc++)
        {
            var ins = code[pc];
            if (ins.Op == Opcode.Choice && !consumedTested && ins.Target == test.Target) continue;
            if (ins.Op == Opcode.OpenCapture) continue;
            if (!consumedTested && ins.Op == Opcode.Any) { consumedTested = true; continue; }
            if (consumedTested && ins.Op == Opcode.Char) { bytes.Add((byte)ins.Aux); continue; }
            break;
        }
        return consumedTested ? bytes.ToArray() : [];
    }
}
