// Helpers that emitted traces call for the rare or bulky steps: pushes to the heap stack, captures, spans.
using System.Buffers;
using System.Runtime.CompilerServices;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>Called from emitted IL; each stands for one step of the interpreter and keeps its exact semantics.
/// Every method that compiled traces call is marked AggressiveOptimization (here and in the VM): the runtime would
/// otherwise run it unoptimized until its tiering caught up, and a trace that calls a tier-0 helper on every
/// iteration runs several times slower than the interpreter for the first hundreds of milliseconds.</summary>
internal static class TraceRuntime
{
    /// <summary>Pushes an entry on the heap stack (materializing a virtual slot), with LPeg's limit error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Push(ref VmState st, int pos, int pc, int capTop)
    {
        var ctx = st.Context;
        if (st.StackTop >= ctx.Stack.Length || st.StackTop >= ctx.MaxBacktrack) ctx.GrowStack(st.StackTop, pos, out _);
        ctx.Stack[st.StackTop++] = new BacktrackEntry { Pos = pos, Pc = pc, CapTop = capTop };
    }

    /// <summary>A span over a set given only as search values (a byte loop's path set, which has no bitmap; the Span
    /// instruction itself calls the interpreter's <see cref="SpanScan.Run"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Span(ReadOnlySpan<byte> s, int pos, SearchValues<byte> set)
    {
        int n = s[pos..].IndexOfAnyExcept(set);
        return n < 0 ? s.Length : pos + n;
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

    /// <summary>FullCapture / OpenCapture (size 0) into the shared capture log.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Capture(MatchContext ctx, ref int capTop, int pos, int size, int kind, int arg)
    {
        if (capTop == ctx.Captures.Length) ctx.GrowCaptures(capTop, 1);
        ctx.Captures[capTop++] = new CaptureEntry { Pos = pos, Size = size, Arg = arg, Kind = (CaptureKind)kind };
    }

    /// <summary>CloseCapture, turning an open capture with nothing nested into a full one, as the interpreter does.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Close(MatchContext ctx, ref int capTop, int pos)
    {
        var caps = ctx.Captures;
        if (caps[capTop - 1].Size == 0) { caps[capTop - 1].Size = pos - caps[capTop - 1].Pos + 1; return; }
        Capture(ctx, ref capTop, pos, 1, (int)CaptureKind.Close, 0);
    }

    /// <summary>Loop back-edge: cancellation is checked every few thousand iterations.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tick(MatchContext ctx) => ctx.CheckCancellation();

    /// <summary>Test mode: whether this guard evaluation is forced to exit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool Force(MatchContext ctx, int every)
    {
        if (--ctx.GuardCountdown > 0) return false;
        ctx.GuardCountdown = every;
        return true;
    }
}
