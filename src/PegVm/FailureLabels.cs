// Program pcs -> what each instruction expected: the side table the farthest-failure report reads (never the hot path).
namespace PegJit.Vm;

/// <summary>
/// For each pc of one program, what a failure there tells a reader: the label of what was expected, how far back its
/// literal began, and for calls the rule called. Built by the compiler only when a report is first asked for, and kept
/// apart from <see cref="Instruction"/> so the instructions the interpreter and the JIT read stay 16 bytes.
/// </summary>
internal sealed class FailureLabels
{
    /// <summary>What a failing test or consuming instruction expected (<c>'true'</c>, <c>[0-9]</c>, <c>end of input</c>; a
    /// test guards a pattern that may expect several things);
    /// null where a failure is no expectation (inside a predicate or lookbehind, control instructions, match-time captures).</summary>
    public string[]?[] Label { get; }
    /// <summary>How many bytes into its literal an instruction is: a failure there is reported at the literal's start.</summary>
    public int[] Back { get; }
    /// <summary>For a Call: the rule it calls; null for a grammar's call of its start rule (see <see cref="FarthestFailure"/>).</summary>
    public string?[] Callee { get; }
    /// <summary>For a Call: whether it is made inside a predicate or lookbehind (so the whole call is quiet).</summary>
    public bool[] QuietCall { get; }
    /// <summary>The rule whose code holds each pc (-1: outside every rule), numbered across nested grammars.</summary>
    public int[] RuleOf { get; }
    /// <summary>The rule that begins at each pc, or null: control reaching it from another rule's code is a tail call.</summary>
    public string?[] Entry { get; }

    /// <summary>An empty table for <paramref name="length"/> instructions.</summary>
    public FailureLabels(int length)
    {
        Label = new string[]?[length];
        Back = new int[length];
        Callee = new string?[length];
        QuietCall = new bool[length];
        RuleOf = new int[length];
        Array.Fill(RuleOf, -1);
        Entry = new string?[length];
    }
}
