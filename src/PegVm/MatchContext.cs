// Per-match mutable state: backtrack stack, capture log, limits; pooled so a match allocates nothing in steady state.
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>An entry of the backtrack stack: a choice point (Pos ≥ 0) or a return address (Pos = -1).</summary>
internal struct BacktrackEntry
{
    /// <summary>Position to restore on failure, or -1 for a call's return entry.</summary>
    public int Pos;
    /// <summary>Alternative (choice) or return address (call).</summary>
    public int Pc;
    /// <summary>Capture-log top to restore on failure.</summary>
    public int CapTop;
}

/// <summary>An entry of the capture log.</summary>
/// <remarks>Open captures have Size 0; full captures Size = length + 1; close entries have Kind Close.</remarks>
internal struct CaptureEntry
{
    /// <summary>Byte position where the capture starts (or, for a close entry, ends).</summary>
    public int Pos;
    /// <summary>0 for an open capture, else the captured length + 1.</summary>
    public int Size;
    /// <summary>Constant index (or dynamic-value index for match-time results).</summary>
    public int Arg;
    /// <summary>The capture kind.</summary>
    public CaptureKind Kind;

    /// <summary>Whether this entry is complete by itself (full capture or close).</summary>
    public readonly bool IsFull => Size != 0;
}

/// <summary>Limits and hooks for one match; reused across matches by the facade's pool.</summary>
internal sealed class MatchContext
{
    /// <summary>Default backtrack-stack limit: large, since nothing about it touches the CLR stack.</summary>
    public const int DefaultMaxBacktrack = 1 << 24;

    private const int InitialStackEntries = 64, InitialCaptureEntries = 32;

    /// <summary>The backtrack stack; grows by doubling up to <see cref="MaxBacktrack"/>.</summary>
    public BacktrackEntry[] Stack = new BacktrackEntry[InitialStackEntries];
    /// <summary>The capture log; grows by doubling.</summary>
    public CaptureEntry[] Captures = new CaptureEntry[InitialCaptureEntries];
    /// <summary>Entries in use in <see cref="Captures"/> after a match.</summary>
    public int CapTop;
    /// <summary>The length of the subject being matched (bytes), which sizes a huge capture log (see
    /// <see cref="GrowCaptures"/>).</summary>
    public int SubjectLength;
    /// <summary>Values produced by match-time captures, indexed by their capture entries.</summary>
    public readonly List<object?> DynamicValues = new();
    /// <summary>Backtrack-stack limit; LPeg's message is used when it is exceeded.</summary>
    public int MaxBacktrack = DefaultMaxBacktrack;
    /// <summary>Cancellation for this match.</summary>
    public CancellationToken Cancellation;
    /// <summary>Deadline (Environment.TickCount64) or long.MaxValue.</summary>
    public long Deadline = long.MaxValue;
    /// <summary>The JIT for this match, or null for the interpreter alone.</summary>
    public IJitHook? Jit;
    /// <summary>Countdown of the JIT's forced-guard-failure test mode; reset with every match, so that which guards are
    /// forced depends only on the match itself (a failure it finds reproduces when its test runs alone).</summary>
    public int GuardCountdown;
    /// <summary>How captures become values (units, subject object, extra arguments); needed for match-time captures.</summary>
    public CaptureEvaluator? Evaluator;
    /// <summary>Search: where the current attempt began (written by <see cref="Opcode.Skip"/>).</summary>
    public int MatchStart;
    /// <summary>Search: only positions that begin a UTF-8 character may start a match (string subjects).</summary>
    public bool CharacterStarts;
    /// <summary>Search: the position of the last <see cref="SearchFacts.Next"/> question (-1: none yet), and its answer.</summary>
    public int SkipFrom = -1, SkipAnswer;
    /// <summary>Search: <see cref="RequiredAt"/> is the first occurrence of the required literal at or after this
    /// position (-1: nothing cached yet). Valid for one subject, so reset with every match.</summary>
    public int RequiredFrom = -1;
    /// <summary>Search: the cached occurrence of the required literal (<see cref="SearchFacts.Unbounded"/>: none).</summary>
    public int RequiredAt;
    /// <summary>All-matches search: matches recorded by <see cref="Opcode.Found"/> in this run.</summary>
    public int FoundCount;
    /// <summary>All-matches search: the run stops once this many matches are recorded.</summary>
    public int FoundLimit = int.MaxValue;
    /// <summary>All-matches search: each match's capture entries stay in the log after the previous match's, and
    /// <see cref="FoundPairs"/> holds triples (start, end, log top after the match). Only for programs without
    /// match-time captures (those must not see an earlier match's entries).</summary>
    public bool FoundKeepsCaptures;
    /// <summary>All-matches search: where matches are recorded, start and end by turns (null: only counted).</summary>
    public int[]? FoundPairs;
    /// <summary>All-matches search: the limit was reached; the run ends at the Found's target.</summary>
    public bool FoundFull;
    /// <summary>A buffer for <see cref="FoundPairs"/> kept with the context, so that enumerations allocate nothing.</summary>
    public int[]? PairBuffer;

    /// <summary>
    /// Records the match [<see cref="MatchStart"/>, <paramref name="end"/>) and returns where the search goes on: at its
    /// end, or one byte on after an empty match. Sets <see cref="FoundFull"/> when the limit is reached.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called from compiled traces: see PegJit.Tracer.TraceRuntime
    public int Found(int end, ref int capTop)
    {
        int start = MatchStart;
        int stride = FoundKeepsCaptures ? 3 : 2;
        if (FoundPairs is { } pairs && stride * (FoundCount + 1) <= pairs.Length)
        {
            pairs[stride * FoundCount] = start;
            pairs[stride * FoundCount + 1] = end;
            if (FoundKeepsCaptures) pairs[stride * FoundCount + 2] = capTop;
        }
        if (!FoundKeepsCaptures) capTop = 0;
        FoundFull = ++FoundCount >= FoundLimit;
        return ResumeAfter(start, end);
    }

    /// <summary>Where a search goes on after the match [<paramref name="start"/>, <paramref name="end"/>): at its end, or one
    /// byte on after an empty match.</summary>
    public static int ResumeAfter(int start, int end) => end > start ? end : start + 1;

    /// <summary>The byte-to-UTF-16 cursor of the current string subject (reused, so that conversions allocate nothing).</summary>
    public readonly Utf16Cursor Cursor = new();

    /// <summary>Resets per-match state, keeping the arrays.</summary>
    public void Reset()
    {
        CapTop = 0;
        DynamicValues.Clear();
        Cancellation = default;
        Deadline = long.MaxValue;
        MaxBacktrack = DefaultMaxBacktrack;
        Evaluator = null;
        Jit = null;
        MatchStart = 0;
        CharacterStarts = false;
        RequiredFrom = -1;
        RequiredAt = 0;
        SkipFrom = -1;
        FoundCount = 0;
        FoundLimit = int.MaxValue;
        FoundPairs = null;
        FoundFull = false;
        FoundKeepsCaptures = false;
        GuardCountdown = 0;
    }

    /// <summary>Backtrack entries a pooled context keeps between matches; a bigger stack (grown by one deep match) is
    /// dropped when the context goes back to the pool.</summary>
    public const int KeptStackEntries = 1 << 14;
    /// <summary>Capture entries a pooled context keeps between matches.</summary>
    public const int KeptCaptureEntries = 1 << 14;

    /// <summary>Gives back what one huge match grew: arrays past the kept sizes return to their initial sizes.</summary>
    public void Trim()
    {
        if (Stack.Length > KeptStackEntries) Stack = new BacktrackEntry[InitialStackEntries];
        if (Captures.Length > KeptCaptureEntries)
        {
            (t_spareCaptures ??= new(null!)).SetTarget(Captures);
            t_hugeLog = (Captures.Length, SubjectLength);
            Captures = new CaptureEntry[InitialCaptureEntries];
        }
        if (PairBuffer is { Length: > KeptCaptureEntries }) PairBuffer = null;
        if (DynamicValues.Capacity > KeptCaptureEntries)
        {
            DynamicValues.Clear();
            DynamicValues.Capacity = 0;
        }
    }

    /// <summary>Throws when the match was cancelled or timed out; called every few thousand back-edges.</summary>
    public void CheckCancellation()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Deadline != long.MaxValue && Environment.TickCount64 > Deadline)
            throw new OperationCanceledException("match timed out");
    }

    /// <summary>
    /// Called when <paramref name="top"/> entries fill the usable stack: doubles it, or throws LPeg's overflow
    /// error when the limit is reached. <paramref name="limit"/> is the new usable size.
    /// </summary>
    public BacktrackEntry[] GrowStack(int top, int position, out int limit)
    {
        if (top >= MaxBacktrack)
            throw new PegLimitException($"backtrack stack overflow (current limit is {MaxBacktrack})", position);
        if (top >= Stack.Length) Stack = Grown(Stack, (int)Math.Min((long)Stack.Length * 2, Array.MaxLength));
        limit = Math.Min(Stack.Length, MaxBacktrack);
        return Stack;
    }

    /// <summary>Ensures room for <paramref name="extra"/> more capture entries past <paramref name="top"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]   // see PegJit.Tracer.TraceRuntime
    public CaptureEntry[] GrowCaptures(int top, int extra)
    {
        long need = (long)top + extra;
        if (need > Array.MaxLength) throw new PegLimitException("too many captures");
        int size = Captures.Length;
        while (size < need) size = (int)Math.Min((long)size * 2, Array.MaxLength);
        if (size > KeptCaptureEntries)
        {
            if (t_spareCaptures is { } spare && spare.TryGetTarget(out var big) && big.Length >= size)
            {
                spare.SetTarget(null!);
                Captures.CopyTo(big, 0);
                return Captures = big;
            }
            size = Math.Max(size, HugeLogHint());
        }
        return Captures = Grown(Captures, size);
    }

    /// <summary>
    /// The size the thread's last huge log had, scaled to this subject's length (at most twice that size): a parse in
    /// a loop whose spare log a full collection took back grows straight to what the last parse needed, instead of
    /// doubling from <see cref="KeptCaptureEntries"/>, which allocated and copied twice the log on every call.
    /// </summary>
    private int HugeLogHint()
    {
        var (entries, subject) = t_hugeLog;
        if (subject <= 0) return 0;
        long scaled = (long)entries * SubjectLength / subject;
        return (int)Math.Min(Math.Min(scaled, 2L * entries), Array.MaxLength);
    }

    // A copy into a new array, not Array.Resize<T>: that is generic code over the VM's structs, which no ReadyToRun
    // image holds, so the runtime compiled it unoptimized in the middle of a process's first long match.
    private static T[] Grown<T>(T[] items, int size)
    {
        var grown = new T[size];
        Array.Copy(items, grown, items.Length);
        return grown;
    }

    // The capture log that the thread's last huge match grew, given back by Trim but held weakly: the next huge match
    // on this thread (a parse in a loop) takes it up again instead of growing a log by doubling from 32 entries, which
    // allocated twice the log's size in large-object arrays on every call; a full collection still takes it back.
    [ThreadStatic] private static WeakReference<CaptureEntry[]>? t_spareCaptures;
    // The length of that log and of the subject that grew it: a hint that outlives the array (see HugeLogHint).
    [ThreadStatic] private static (int Entries, int Subject) t_hugeLog;
}

/// <summary>The interpreter's state as the JIT sees it at an anchor.</summary>
internal ref struct VmState
{
    /// <summary>The subject.</summary>
    public ReadOnlySpan<byte> Subject;
    /// <summary>Next instruction.</summary>
    public int Pc;
    /// <summary>Current position.</summary>
    public int Pos;
    /// <summary>Entries in use on <see cref="MatchContext.Stack"/>.</summary>
    public int StackTop;
    /// <summary>Entries in use in <see cref="MatchContext.Captures"/>.</summary>
    public int CapTop;
    /// <summary>Stacks, limits and cancellation.</summary>
    public MatchContext Context;
    /// <summary>Hand-overs from one compiled tree straight to another that may still happen before the JIT's
    /// dispatcher checks for cancellation (the interpreter never reads it).</summary>
    public int HopsLeft;
}
