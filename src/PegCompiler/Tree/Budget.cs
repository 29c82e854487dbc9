// The compile budget: how large a pattern may grow before any walk or codegen runs over it.
namespace PegJit.Compiler;

/// <summary>
/// Limits on what a pattern may cost to compile, checked while it is built, before the work is done. Trees are
/// shared (re's <c>p^n</c> doubles one subtree; <c>p * p</c> refers to p twice), so a short text can describe a
/// huge pattern; every analysis and the code generator are linear in <see cref="Node.Size"/>, so bounding it bounds
/// compile time and memory. Each limit throws a <see cref="PegLimitException"/> naming itself.
/// </summary>
internal static class Budget
{
    /// <summary>
    /// Most cost units (<see cref="Cost"/>) in a tree, each occurrence of a shared subtree counted (a literal is two
    /// units a byte). A 10 MB literal fits and compiles in about two seconds.
    /// </summary>
    public const long MaxTreeSize = 1L << 25;

    /// <summary>Most instructions in a program (a search program adds a handful to its pattern's code).</summary>
    public const int MaxCodeSize = (int)(MaxTreeSize + 1024);

    /// <summary>
    /// What a node of each kind costs to compile, in budget units (policy as data): a byte of a literal and the sequence
    /// that holds it are the cheapest, and what every walk and codegen spend most on (choices, loops, predicates,
    /// captures, calls) costs four. So a 10 MB literal (20 M units) fits, while 8 M copies of a capture do not.
    /// </summary>
    public static int Cost(Node n) => n is CharNode or SetNode or AnyNode or TrueNode or FalseNode or SeqNode ? 1 : 4;

    /// <summary>Returns <paramref name="size"/>, or throws when a tree of that size is over budget.</summary>
    public static long CheckTreeSize(long size) => size <= MaxTreeSize ? size
        : throw new PegLimitException($"pattern too large (over the compile budget of {MaxTreeSize} units; shared parts count at each use)");
}
