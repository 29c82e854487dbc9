// Pattern tree -> search program: the pattern wrapped in the search loop S <- p / skip S.
using PegJit.Vm;

namespace PegJit.Compiler;

internal sealed partial class Compiler
{
    // search(p)      =>  L0: Skip; Choice L1; <p>; Commit L2; L1: NextStart; Jmp L0; L2: End
    // all-matches(p) =>  L0: Skip; Choice L1; <p>; Commit L2; L1: NextStart; Jmp L0; L2: Found L3; Jmp L0; L3: End
    // Skip moves to the next start the search facts allow and notes it; NextStart moves on after a failed attempt.
    // Only the pattern's own code runs between the two, so the tracer records each search loop like any other loop;
    // in the all-matches form a trace also loops over successful matches, recorded by Found without leaving it.
    /// <summary>Compiles the search program of <paramref name="root"/> (one match per run, or all matches), with its
    /// <see cref="SearchFacts"/>.</summary>
    public static Program CompileSearch(Node root, bool allMatches = false)
    {
        if (root.HasOpenCalls) throw new PegGrammarException($"rule '{FirstOpenCall(root)}' used outside a grammar");
        return Deep.Run(root.Depth, () =>
        {
            var c = new Compiler(root);
            int skip = c.Add(Opcode.Skip);
            int choice = c.Add(Opcode.Choice);
            c.Gen(root, false, NoInst, Charset.Full);
            int commit = c.Add(Opcode.Commit);
            c.JumpToHere(choice);
            c.Add(Opcode.NextStart);
            c.Add(Opcode.Jmp, target: skip);
            c.JumpToHere(commit);
            if (allMatches)
            {
                int found = c.Add(Opcode.Found);
                c.Add(Opcode.Jmp, target: skip);
                c.JumpToHere(found);
            }
            c.Add(Opcode.End);
            c.Peephole();
            bool runTime = false;
            for (int i = 0; i < c._codeCount; i++) runTime |= c._code[i].Op == Opcode.CloseRunTime;
            int flags = Analysis.FirstSet(root, Charset.Full, out var first);
            return new Program(c.Code(), c._sets.ToArray(), c._constants.ToArray(), first, flags != 0)
            {
                Facts = SearchAnalysis.Derive(root, runTime),
            };
        });
    }
}
