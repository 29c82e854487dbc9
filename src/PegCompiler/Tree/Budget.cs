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
    /// Most cost units (<see cref="Cost"/>) in a tree, each occurrence of a shared subtree counted (a literal is one
    /// unit a byte). Sized so that the largest tree accepted compiles in well under a second (30-55 ns a unit measured
    /// on 2 shared cores, so about 0.5-0.9 s at the limit), while a 10 MB literal still fits.
    /// </summary>
    public const long MaxTreeSize = 1L << 24;

    /// <summary>Most instructions in a program (a search program adds a handful to its pattern's code).</summary>
    public const int MaxCodeSize = (int)(MaxTreeSize + 1024);

    /// <summary>
    /// What a node of each kind costs to compile, in budget units (policy as data): a sequence costs nothing of its own
    /// (a tree of sequences has fewer of them than leaves, and each leaf costs at least one), a byte test one, and what
    /// every walk and codegen spend most on (choices, loops, predicates, captures, calls) four. So a 10 MB literal
    /// (10 M units) fits, while 4 M copies of a capture do not.
    /// </summary>
    public static int Cost(Node n) => n switch
    {
        SeqNode => 0,
        CharNode or SetNode or AnyNode or TrueNode or FalseNode => 1,
        _ => 4,
    };

    /// <summary>Returns <paramref name="size"/>, or throws when a tree of that size is over budget.</summary>
    public static long CheckTreeSize(long size) => size <= MaxTreeSize ? size
        : throw new PegLimitException($"pattern too large (over the compile budget of {MaxTreeSize} units; shared parts count at each use)");
}
