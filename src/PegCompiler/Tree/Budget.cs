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
    /// Most nodes in a tree, each occurrence of a shared subtree counted (a literal is two nodes a byte). A 10 MB
    /// literal fits; at about 20-40 ns a node a pattern of this size compiles in one or two seconds.
    /// </summary>
    public const long MaxTreeSize = 1L << 25;

    /// <summary>Most instructions in a program (a search program adds a handful to its pattern's code).</summary>
    public const int MaxCodeSize = (int)(MaxTreeSize + 1024);

    /// <summary>Returns <paramref name="size"/>, or throws when a tree of that size is over budget.</summary>
    public static long CheckTreeSize(long size) => size <= MaxTreeSize ? size
        : throw new PegLimitException($"pattern too large (more than {MaxTreeSize} nodes once shared parts are counted at each use)");
}
