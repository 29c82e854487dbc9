// Bytecode -> the facts the tracer needs about a program's loops: loop heads and rules that cannot reach themselves.
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>
/// What the tracer knows about a program's control flow, computed once, at the program's first recording (a program
/// that never gets hot never pays for it), in time linear in the program's size.
/// </summary>
internal sealed class LoopShape
{
    /// <summary>Targets of backward jumps, commits, tests and partial commits: where a trace hands over to another
    /// loop's compiled code.</summary>
    public bool[] LoopHeads { get; }

    /// <summary>For the head of a repetition (a test or choice at the head, or a choice just before it, leaves to the pc
    /// after the last backward branch), that branch's pc: the loop's body lies between, and a root recorded from the
    /// head must come back before it leaves that range (except into calls). -1 elsewhere, as at a rule entry that a tail
    /// call jumps back to, whose body is not one range.</summary>
    public int[] LoopEnds { get; }

    /// <summary>Call targets from which no path of the program leads back to the same target. Such a rule is no loop:
    /// traces inline it (its returns stay virtual) instead of starting at its entry, where every caller would be a
    /// different guarded return.</summary>
    public int[] NonRecursiveRules { get; }

    private LoopShape(bool[] loopHeads, int[] loopEnds, int[] nonRecursiveRules)
    {
        LoopHeads = loopHeads;
        LoopEnds = loopEnds;
        NonRecursiveRules = nonRecursiveRules;
    }

    /// <summary>Analyses <paramref name="code"/>.</summary>
    public static LoopShape Of(Instruction[] code) => new(FindLoopHeads(code), FindLoopEnds(code), FindNonRecursiveRules(code));

    internal static bool[] FindLoopHeads(Instruction[] code)
    {
        var heads = new bool[code.Length];
        for (int pc = 0; pc < code.Length; pc++)
            if (IsBackEdge(code, pc)) heads[code[pc].Target] = true;
        return heads;
    }

    /// <summary>Whether <paramref name="pc"/> reaches a loop head within a few steps that consume nothing: commits and
    /// jumps, and tests and choices as they fall through (a return site such as "partialcommit -> the list's loop", or
    /// the first member's "testset [ ,]; choice; the member loop"). Code there would only hand over again, so a
    /// recording that returns there goes on to the loop head instead of handing over twice.</summary>
    public bool LeadsToLoopHead(Instruction[] code, int pc)
    {
        for (int n = 0; n < 4; n++)
        {
            pc = code[pc].Op switch
            {
                Opcode.Jmp or Opcode.Commit or Opcode.PartialCommit => code[pc].Target,
                Opcode.TestAny or Opcode.TestChar or Opcode.TestSet or Opcode.Choice => pc + 1,
                _ => -1,
            };
            if (pc < 0 || pc >= code.Length) return false;
            if (LoopHeads[pc]) return true;
        }
        return false;
    }

    private static bool IsBackEdge(Instruction[] code, int pc) =>
        code[pc].Op is Opcode.Jmp or Opcode.PartialCommit or Opcode.Commit or Opcode.TestAny or Opcode.TestChar or Opcode.TestSet
        && code[pc].Target <= pc;

    // The last backward branch to each head, kept where the head is a repetition's (see LoopEnds).
    private static int[] FindLoopEnds(Instruction[] code)
    {
        var ends = new int[code.Length];
        for (int pc = 0; pc < code.Length; pc++) ends[pc] = -1;
        for (int pc = 0; pc < code.Length; pc++)
            if (IsBackEdge(code, pc)) ends[code[pc].Target] = pc;
        for (int head = 0; head < code.Length; head++)
            if (ends[head] >= 0 && !LeavesTo(code, head, ends[head] + 1) && !LeavesTo(code, head - 1, ends[head] + 1)) ends[head] = -1;
        return ends;
    }

    private static bool LeavesTo(Instruction[] code, int at, int exit) =>
        at >= 0 && code[at].Op is Opcode.TestAny or Opcode.TestChar or Opcode.TestSet or Opcode.Choice && code[at].Target == exit;

    // A call target reaches itself exactly when it lies on a cycle of the control-flow graph: in a strongly connected
    // component of more than one pc, or with an edge to itself. One pass of Tarjan's algorithm finds every component.
    internal static int[] FindNonRecursiveRules(Instruction[] code)
    {
        int[] component = StronglyConnected(code, out int[] sizes);
        var rules = new List<int>();
        var seen = new bool[code.Length];
        foreach (var ins in code)
        {
            int t = ins.Target;
            if (ins.Op != Opcode.Call || t < 0 || t >= code.Length || seen[t]) continue;
            seen[t] = true;
            if (sizes[component[t]] == 1 && !EdgeTo(code, t, t)) rules.Add(t);
        }
        return rules.ToArray();
    }

    private static bool EdgeTo(Instruction[] code, int from, int to)
    {
        Span<int> next = stackalloc int[2];
        int n = Successors(code, from, next);
        return (n > 0 && next[0] == to) || (n > 1 && next[1] == to);
    }

    /// <summary>The control-flow successors of <paramref name="pc"/> (a call goes both into its rule and past it, so
    /// that a rule's body and what follows its calls are one graph); returns how many were written.</summary>
    internal static int Successors(Instruction[] code, int pc, Span<int> next)
    {
        var ins = code[pc];
        switch (ins.Op)
        {
            case Opcode.Ret or Opcode.End or Opcode.Fail or Opcode.FailTwice or Opcode.Giveup:
                return 0;
            case Opcode.Jmp or Opcode.Commit or Opcode.BackCommit or Opcode.PartialCommit:
                next[0] = ins.Target;
                return 1;
            case Opcode.Call or Opcode.Choice or Opcode.TestAny or Opcode.TestChar or Opcode.TestSet:
                next[0] = ins.Target;
                next[1] = pc + 1;
                return 2;
            default:
                next[0] = pc + 1;
                return 1;
        }
    }

    // Iterative Tarjan (a grammar of thousands of rules must not recurse on the CLR stack): component id per pc, and
    // each component's size. Successors outside the code (past an End) are ignored. The stacks are plain arrays (each
    // holds a pc at most once): a Stack of tuples is generic code that the runtime compiles at the first recording.
    private static int[] StronglyConnected(Instruction[] code, out int[] sizes)
    {
        int n = code.Length;
        var index = new int[n];
        var low = new int[n];
        var component = new int[n];
        var onStack = new bool[n];
        var sizeList = new List<int>();
        var stack = new int[n];
        var framePc = new int[n];
        var frameEdge = new int[n];
        int stackTop = 0, frameTop = 0;
        for (int i = 0; i < n; i++) index[i] = -1;   // not Array.Fill: generic code the runtime compiles at the first recording
        int counter = 0;
        Span<int> next = stackalloc int[2];
        for (int root = 0; root < n; root++)
        {
            if (index[root] >= 0) continue;
            Visit(root);
            while (frameTop > 0)
            {
                int pc = framePc[frameTop - 1], edge = frameEdge[frameTop - 1];
                int count = Successors(code, pc, next);
                if (edge < count)
                {
                    frameEdge[frameTop - 1] = edge + 1;
                    int w = next[edge];
                    if (w < 0 || w >= n) continue;
                    if (index[w] < 0) Visit(w);
                    else if (onStack[w]) low[pc] = Math.Min(low[pc], index[w]);
                    continue;
                }
                frameTop--;
                if (low[pc] == index[pc]) PopComponent(pc);
                if (frameTop > 0) { int parent = framePc[frameTop - 1]; low[parent] = Math.Min(low[parent], low[pc]); }
            }
        }
        sizes = sizeList.ToArray();
        return component;

        void Visit(int pc)
        {
            index[pc] = low[pc] = counter++;
            stack[stackTop++] = pc;
            onStack[pc] = true;
            framePc[frameTop] = pc;
            frameEdge[frameTop++] = 0;
        }

        void PopComponent(int head)
        {
            int id = sizeList.Count, size = 0, w;
            do
            {
                w = stack[--stackTop];
                onStack[w] = false;
                component[w] = id;
                size++;
            } while (w != head);
            sizeList.Add(size);
        }
    }
}
