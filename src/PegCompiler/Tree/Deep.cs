// Guards for recursive tree walks: a walk that runs short of stack is redone on a thread with a large one.
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PegJit.Compiler;

/// <summary>
/// Tree analyses, linking, printing and codegen recurse over the tree; each step calls <see cref="Check"/>. A
/// walk that runs short of stack on the caller's thread is abandoned and redone (walks are pure) on a thread
/// whose stack is sized for the tree's depth. Past that, a <see cref="PegLimitException"/>: a deep pattern is
/// compiled or rejected, never a process-killing stack overflow.
/// </summary>
internal static class Deep
{
    /// <summary>
    /// Deepest tree accepted at all (checked as each node is built). Nesting this deep is already rare; past it,
    /// trees cost the collector more than their size suggests (each level is an object reached only through the one
    /// above), and a 10-byte text such as <c>.^-1000000</c> would take seconds to compile.
    /// </summary>
    public const int MaxDepth = 300_000;
    /// <summary>Stack bytes reserved per level of tree depth on the dedicated thread.</summary>
    private const long BytesPerLevel = 2048;

    [ThreadStatic] private static bool t_largeStack;

    /// <summary>Thrown by <see cref="Check"/> on an ordinary thread; caught by the nearest <see cref="Run"/>.</summary>
    private sealed class StackTooShallow : Exception;

    /// <summary>Runs <paramref name="work"/> (pure) with enough stack for a tree of <paramref name="depth"/>.</summary>
    public static T Run<T>(int depth, Func<T> work)
    {
        CheckDepth(depth);
        if (t_largeStack) return work();
        try { return work(); }
        catch (StackTooShallow) { return OnLargeStack(depth, work); }
    }

    /// <summary>Returns <paramref name="depth"/>, or throws when a tree that deep is over the limit.</summary>
    public static int CheckDepth(int depth) => depth <= MaxDepth ? depth
        : throw new PegLimitException($"pattern too deep ({depth} levels; the limit is {MaxDepth})");

    private static T OnLargeStack<T>(int depth, Func<T> work)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        int size = (int)Math.Min(1L << 30, Math.Max(64L << 20, depth * BytesPerLevel));
        var thread = new Thread(() =>
        {
            t_largeStack = true;
            try { result = work(); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
        }, size);
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>Called at each recursive step of a tree walk.</summary>
    public static void Check()
    {
        if (RuntimeHelpers.TryEnsureSufficientExecutionStack()) return;
        if (t_largeStack) throw new PegLimitException("pattern too deep for the available stack");
        throw new StackTooShallow();
    }
}
