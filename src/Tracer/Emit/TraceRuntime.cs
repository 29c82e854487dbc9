// Helpers that emitted traces call for the rare or bulky steps: pushes to the heap stack, spans.
using System.Buffers;
using System.Runtime.CompilerServices;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>Called from emitted IL; each stands for one step of the interpreter and keeps its exact semantics.
/// Every method that compiled traces call is marked AggressiveOptimization (here and in the VM): the runtime would
/// otherwise run it unoptimized until its tiering caught up, and a trace that calls a tier-0 helper on every
/// iteration runs several times slower than the interpreter for the first hundreds of milliseconds. (The precompiled
/// ReadyToRun image clears the flag and holds their optimized code instead: Directory.Build.targets.) The helpers of rare
/// or bulky paths (pushes at exits, the cancellation tick, the test mode's countdown, and in the VM a span past its
/// inline vector and grown captures) are NoInlining too: the runtime inlined them, loops and all, into every step that
/// calls them, and that inlining was most of a trace's compile time (runtime JIT median per compilation, quick
/// compile: bench grammar 4.5 -> 1.5 ms, json.org grammar 5.5 -> 1.9-2.1 ms; with no inlining at all 1.2 and 1.6 ms).
/// </summary>
internal static class TraceRuntime
{
    /// <summary>Pushes an entry on the heap stack (materializing a virtual slot), with LPeg's limit error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Push(ref VmState st, int pos, int pc, int capTop)
    {
        var ctx = st.Context;
        if (st.StackTop >= ctx.Stack.Length || st.StackTop >= ctx.MaxBacktrack) ctx.GrowStack(st.StackTop, pos, out _);
        ctx.Stack[st.StackTop++] = new BacktrackEntry { Pos = pos, Pc = pc, CapTop = capTop };
    }

    /// <summary>The search idiom: the next position where the literal starts (or the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SkipToLiteral(ReadOnlySpan<byte> s, int pos, byte[] literal)
    {
        int n = s[pos..].IndexOf(literal);
        return n < 0 ? s.Length : pos + n;
    }

    /// <summary>The search idiom: the next position whose byte is in the set (or the end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int SkipTo(ReadOnlySpan<byte> s, int pos, SearchValues<byte> set)
    {
        int n = s[pos..].IndexOfAny(set);
        return n < 0 ? s.Length : pos + n;
    }

    /// <summary>Loop back-edge: cancellation is checked every few thousand iterations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static void Tick(MatchContext ctx) => ctx.CheckCancellation();

    /// <summary>An exit at anchor <paramref name="pc"/>: the compiled code to call from there, or null to return to the
    /// dispatcher (no tree there now, or <see cref="VmState.HopsLeft"/> spent, when the dispatcher checks for
    /// cancellation). Counts the exit as the dispatcher would have.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // inlined into every hand-over block of the emitted code
    public static TraceFunction? HandOver(IlEmitter.Consts c, int pc, int exit, ref VmState st) =>
        Enter(c, c.Anchors![pc]?.Tree, exit, ref st);

    /// <summary>An exit whose side trace was compiled alone and linked by dispatch: its code, to call from the exit, or
    /// null to return to the dispatcher (nothing linked here, or <see cref="VmState.HopsLeft"/> spent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]   // inlined into every exit block of the emitted code
    public static TraceFunction? Linked(IlEmitter.Consts c, int exit, ref VmState st) =>
        Enter(c, Volatile.Read(ref c.Next[exit]), exit, ref st);

    // The code to go on in from exit `exit`, counted as the dispatcher would count it; null when there is none or the
    // hops between two cancellation checks are spent.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TraceFunction? Enter(IlEmitter.Consts c, CompiledTree? next, int exit, ref VmState st)
    {
        if (next is null || --st.HopsLeft < 0) return null;
        c.ExitCounts[exit]++;
        return next.Run;
    }

    /// <summary>Test mode: whether this guard evaluation is forced to exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    public static bool Force(MatchContext ctx, int every)
    {
        if (--ctx.GuardCountdown > 0) return false;
        ctx.GuardCountdown = every;
        return true;
    }
}
