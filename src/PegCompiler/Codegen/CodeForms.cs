// Tree node -> instruction templates, one method a construct (the templates LPeg uses, and when each is valid).
using PegJit.Vm;

namespace PegJit.Compiler;

internal sealed partial class Compiler
{
    // 'c'  =>  Char c        (or Any when a dominating TestChar c already checked it)
    private void CodeChar(byte c, int tt)
    {
        if (tt >= 0 && _code[tt].Op == Opcode.TestChar && _code[tt].Aux == c) Add(Opcode.Any);
        else Add(Opcode.Char, aux: c);
    }

    // [set]  =>  Set s  |  Char c (one byte)  |  Any (all bytes)  |  Fail (none); Any when a TestSet s dominates it
    private void CodeCharset(Charset set, int tt)
    {
        if (set.IsFull) { Add(Opcode.Any); return; }
        if (set.IsEmpty) { Add(Opcode.Fail); return; }
        if (set.SingleByte >= 0) { CodeChar((byte)set.SingleByte, tt); return; }
        int idx = SetIndex(set);
        if (tt >= 0 && _code[tt].Op == Opcode.TestSet && _code[tt].Arg == idx) Add(Opcode.Any);
        else Add(Opcode.Set, arg: idx);
    }

    // A test that jumps (target patched later) when the next byte is not in 'set'; none when 'acceptsEmpty'.
    private int CodeTestSet(Charset set, bool acceptsEmpty)
    {
        if (acceptsEmpty) return NoInst;
        if (set.IsEmpty) return Add(Opcode.Jmp);
        if (set.IsFull) return Add(Opcode.TestAny);
        if (set.SingleByte >= 0) return Add(Opcode.TestChar, aux: (byte)set.SingleByte);
        return Add(Opcode.TestSet, arg: SetIndex(set));
    }

    // B(p)  =>  Behind n; <p>
    private void CodeBehind(BehindNode b)
    {
        EnterQuiet();
        if (b.Length > 0) Add(Opcode.Behind, aux: (byte)b.Length);
        Gen(b.Body, false, NoInst, Charset.Full);
        LeaveQuiet();
    }

    // p1 / p2:
    //  when p1 is head-fail, or first(p1) and first(p2) are disjoint (and p1 cannot match empty):
    //      Test first(p1) -> L1; <p1>; Jmp L2; L1: <p2>; L2:
    //  when p2 is empty and 'opt' (p1? inside an enclosing loop or optional):
    //      PartialCommit L1; L1: <p1>
    //  otherwise:
    //      Test first(p1) -> L1; Choice L1; <p1>; Commit L2; L1: <p2>; L2:
    private void CodeChoice(Node p1, Node p2, bool opt, Charset follow)
    {
        bool emptyP2 = p2 is TrueNode;
        int e1 = Analysis.FirstSet(p1, Charset.Full, out var cs1);
        if (Analysis.HeadFail(p1) || (e1 == 0 && DisjointFrom(cs1, p2, follow)))
        {
            int test = CodeTestSet(cs1, false);
            ExpectFirst(test, p1);
            int jmp = NoInst;
            Gen(p1, false, test, follow);
            if (!emptyP2) jmp = Add(Opcode.Jmp);
            JumpToHere(test);
            Gen(p2, opt, NoInst, follow);
            JumpToHere(jmp);
        }
        else if (opt && emptyP2)
        {
            JumpToHere(Add(Opcode.PartialCommit));
            Gen(p1, true, NoInst, Charset.Full);
        }
        else if (p1 is SeqNode { Second: var rest } seq && Analysis.NoFail(rest))
            CodeChoiceCommitEarly(seq.First, rest, p2, e1, cs1, opt, follow);
        else
        {
            int test = CodeTestSet(cs1, e1 != 0);
            ExpectFirst(test, p1);
            int choice = Add(Opcode.Choice);
            Gen(p1, emptyP2, test, Charset.Full);
            int commit = Add(Opcode.Commit);
            JumpToHere(choice);
            JumpToHere(test);
            Gen(p2, opt, NoInst, follow);
            JumpToHere(commit);
        }
    }

    // p1 p1' / p2 where p1' cannot fail: once p1 has matched, p2 can no longer be chosen, so the choice point protects
    // p1 alone and p1' runs after the commit, outside it.
    //      Test first(p1) -> L1; Choice L1; <p1>; Commit L3; L3: <p1'>; Jmp L2; L1: <p2>; L2:
    // Same results and captures (a choice point only matters to a failure, and p1' has none that reaches it), but the
    // backtrack stack no longer holds an entry per pending p1': a right-recursive rule such as
    // chars <- char chars / '' ends in a tail call and runs as a loop, where it grew the stack by one entry per byte.
    private void CodeChoiceCommitEarly(Node p1, Node rest, Node p2, int e1, Charset cs1, bool opt, Charset follow)
    {
        int test = CodeTestSet(cs1, e1 != 0);
        ExpectFirst(test, p1);
        int choice = Add(Opcode.Choice);
        Gen(p1, false, test, Charset.Full);
        JumpToHere(Add(Opcode.Commit));
        Gen(rest, false, NoInst, follow);
        int jmp = p2 is TrueNode ? NoInst : Add(Opcode.Jmp);
        JumpToHere(choice);
        JumpToHere(test);
        Gen(p2, opt, NoInst, follow);
        JumpToHere(jmp);
    }

    private static bool DisjointFrom(Charset cs1, Node p2, Charset follow)
    {
        Analysis.FirstSet(p2, follow, out var cs2);
        return cs1.IsDisjoint(cs2);
    }

    // &p  =>  <p>; Behind n          when p has fixed length n and no captures
    //     =>  Choice L1; <p>; BackCommit L2; L1: Fail; L2:    otherwise
    private void CodeAnd(Node p, int tt)
    {
        EnterQuiet();
        int n = Analysis.FixedLength(p);
        if (n >= 0 && n <= 255 && !Analysis.HasCaptures(p))
        {
            Gen(p, false, tt, Charset.Full);
            if (n > 0) Add(Opcode.Behind, aux: (byte)n);
        }
        else
        {
            int choice = Add(Opcode.Choice);
            Gen(p, false, tt, Charset.Full);
            int commit = Add(Opcode.BackCommit);
            JumpToHere(choice);
            Add(Opcode.Fail);
            JumpToHere(commit);
        }
        LeaveQuiet();
    }

    // capture(p)  =>  <p>; FullCapture kind n       when p has fixed length n and no nested captures
    //             =>  OpenCapture kind; <p>; CloseCapture
    private void CodeCapture(CaptureNode c, int tt, Charset follow)
    {
        int arg = CaptureArg(c);
        int len = Analysis.FixedLength(c.Body);
        if (len >= 0 && len <= MaxFullCapture && !Analysis.HasCaptures(c.Body))
        {
            Gen(c.Body, false, tt, follow);
            Add(Opcode.FullCapture, arg: arg, aux: (byte)len, kind: c.Kind);
            return;
        }
        Add(Opcode.OpenCapture, arg: arg, kind: c.Kind);
        Gen(c.Body, false, tt, follow);
        Add(Opcode.CloseCapture);
    }

    /// <summary>Numbers (Number, Arg) go in the instruction itself; other data in the constant table; no data is 0.</summary>
    private int CaptureArg(CaptureNode c) => c.Kind switch
    {
        CaptureKind.Number or CaptureKind.Arg => (int)c.Data!,
        _ when c.Data is null && c.Kind != CaptureKind.Const => 0,
        _ => Constant(c.Data),
    };

    // Cmt(p, f)  =>  OpenCapture group f; <p>; CloseRunTime
    private void CodeRunTime(RunTimeNode rt, int tt)
    {
        Add(Opcode.OpenCapture, arg: Constant(rt.Function), kind: CaptureKind.Group);
        Gen(rt.Body, false, tt, Charset.Full);
        Add(Opcode.CloseRunTime);
    }

    // Loops closed by a jump back to their test:  L1: Test -> L2; ...; Jmp L1; L2:
    private void CloseLoop(int test)
    {
        int jmp = Add(Opcode.Jmp);
        JumpToHere(test);
        JumpTo(jmp, test);
    }

    // p^0 for single-byte p:  nothing (p fails) | L1: TestAny/TestChar c -> L2; Any; Jmp L1; L2: | Span set
    private bool CodeRepCharset(Node p)
    {
        if (!Analysis.ToCharset(p, out var set)) return false;
        if (set.IsEmpty) return true;
        if (set.IsFull || set.SingleByte >= 0)
        {
            int test = set.IsFull ? Add(Opcode.TestAny) : Add(Opcode.TestChar, aux: (byte)set.SingleByte);
            if (Labelling) Expect(test, ExpectText.Class(set));
            Add(Opcode.Any);
            CloseLoop(test);
            return true;
        }
        int span = Add(Opcode.Span, arg: SetIndex(set));
        if (Labelling) Expect(span, ExpectText.Class(set));
        return true;
    }

    // p^0:
    //  when p is head-fail, or first(p) is disjoint from the follow set:
    //      L1: Test first(p) -> L2; <p>; Jmp L1; L2:
    //  otherwise:
    //      Test first(p) -> L2; Choice L2; L1: <p>; PartialCommit L1; L2:
    //  or, when 'opt':   PartialCommit L1; L1: <p>; PartialCommit L1;
    private void CodeRep(Node p, bool opt, Charset follow)
    {
        if (CodeRepCharset(p)) return;
        int e1 = Analysis.FirstSet(p, Charset.Full, out var st);
        if (Analysis.HeadFail(p) || (e1 == 0 && st.IsDisjoint(follow)))
        {
            int test = CodeTestSet(st, false);
            ExpectFirst(test, p);
            Gen(p, false, test, Charset.Full);
            CloseLoop(test);
            return;
        }
        int t = CodeTestSet(st, e1 != 0);
        ExpectFirst(t, p);
        int choice = NoInst;
        if (opt) JumpToHere(Add(Opcode.PartialCommit));
        else choice = Add(Opcode.Choice);
        int l2 = Here;
        Gen(p, false, NoInst, Charset.Full);
        JumpTo(Add(Opcode.PartialCommit), l2);
        JumpToHere(choice);
        JumpToHere(t);
    }

    // -p  =>  Test first(p) -> L1; Fail; L1:                       when p is head-fail
    //     =>  Test first(p) -> L1; Choice L1; <p>; FailTwice; L1:  otherwise
    // A report counts no failure inside the predicate; only !. failing says something: the end of input was expected.
    private void CodeNot(Node p)
    {
        EnterQuiet();
        int e = Analysis.FirstSet(p, Charset.Full, out var st);
        int test = CodeTestSet(st, e != 0);
        int fail = NoInst;
        if (Analysis.HeadFail(p)) fail = Add(Opcode.Fail);
        else
        {
            int choice = Add(Opcode.Choice);
            Gen(p, false, NoInst, Charset.Full);
            Add(Opcode.FailTwice);
            JumpToHere(choice);
        }
        JumpToHere(test);
        LeaveQuiet();
        if (p is AnyNode && fail >= 0 && Labelling) _labels!.Label[fail] = [ExpectText.EndOfInput];
    }

    // grammar  =>  Call L1; Jmp L2; L1: <rule 1>; Ret; <rule 2>; Ret; ...; L2:
    // then each OpenCall becomes Call (or Jmp when followed by Ret: a tail call).
    private void CodeGrammar(GrammarNode g)
    {
        int firstCall = Add(Opcode.Call);
        NoteCall(firstCall, null);
        int jumpToEnd = Add(Opcode.Jmp);
        int callsBefore = _openCalls.Count;
        JumpToHere(firstCall);
        var positions = new int[g.Rules.Length];
        for (int r = 0; r < g.Rules.Length; r++)
        {
            positions[r] = Here;
            Gen(g.Rules[r], false, NoInst, Charset.Full);
            Add(Opcode.Ret);
            NoteRule(positions[r], Here, g.Names[r]);
        }
        JumpToHere(jumpToEnd);
        CorrectCalls(positions, callsBefore);
    }

    // The grammar's own open calls are the ones added since it began (a nested grammar bound its own already), so
    // nested grammars cost no rescans.
    private void CorrectCalls(int[] positions, int callsBefore)
    {
        for (int k = callsBefore; k < _openCalls.Count; k++)
        {
            int i = _openCalls[k];
            var ins = _code[i];
            bool tail = _code[FinalTarget(i + 1)].Op == Opcode.Ret;
            ins.Op = tail ? Opcode.Jmp : Opcode.Call;
            ins.Target = positions[ins.Arg];
            ins.Arg = 0;
            _code[i] = ins;
        }
        _openCalls.RemoveRange(callsBefore, _openCalls.Count - callsBefore);
    }

    // p1 p2: code p1 with first(p2) as its follow set (when p1 can use one); the test 'tt' still guards p2
    // only if p1 consumes nothing.
    private int CodeSeqFirst(Node p1, Node p2, int tt, Charset follow)
    {
        if (Analysis.NeedFollow(p1))
        {
            Analysis.FirstSet(p2, follow, out var fl1);
            Gen(p1, false, tt, fl1);
        }
        else Gen(p1, false, tt, Charset.Full);
        return Analysis.FixedLength(p1) != 0 ? NoInst : tt;
    }
}
