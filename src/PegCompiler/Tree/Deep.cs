// Guards for recursive tree walks: deep trees are walked on a thread with a large stack, never past it.
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace PegJit.Compiler;

/// <summary>
/// Tree analyses, linking and codegen recurse over the tree. A tree deeper than <see cref="InlineDepth"/> is
/// processed on a dedicated thread whose stack is sized for it, and every recursive step checks the stack, so a
/// deep pattern is compiled or rejected with <see cref="PegLimitException"/>, never a process-killing overflow.
/// </summary>
internal static class Deep
{
    /// <summary>Trees up to this depth are walked on the caller's thread.</summary>
    public const int InlineDepth = 1000;
    /// <summary>Deepest tree accepted at all.</summary>
    public const int MaxDepth = 1_000_000;
    /// <summary>Stack bytes reserved per level of depth on the dedicated thread.</summary>
    private const int BytesPerLevel = 1024;

    /// <summary>Runs <paramref name="work"/> with enough stack for a tree of <paramref name="depth"/>.</summary>
    public static T Run<T>(int depth, Func<T> work)
    {
        if (depth <= InlineDepth) return work();
        if (depth > MaxDepth) throw new PegLimitException($"pattern too deep ({depth} levels; the limit is {MaxDepth})");
        T result = default!;
        ExceptionDispatchInfo? error = null;
        int stack = (int)Math.Min(1L << 30, Math.Max(16L << 20, (long)depth * BytesPerLevel * 2));
        var thread = new Thread(() =>
        {
            try { result = work(); }
            catch (Exception e) { error = ExceptionDispatchInfo.Capture(e); }
        }, stack);
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }

    /// <summary>Called at each recursive step: throws a clear error instead of overflowing the CLR stack.</summary>
    public static void Check()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new PegLimitException("pattern too deep for the available stack");
    }
}
