// Visits of anchors and exits -> the moments to record: the hot threshold and the back-off after aborts.
using System.Runtime.CompilerServices;

namespace PegJit.Tracer;

/// <summary>
/// Counts visits per pc (over all matches of a program) and keeps the interpreter's gates: per pc, the visits left
/// before the interpreter calls the JIT there (<see cref="Gates"/>). The interpreter only decrements a gate; the JIT is
/// called when one runs out, at the next moment that matters for its anchor (a warm-up point, a threshold, a recheck
/// of the input ahead), at every visit of an anchor with compiled code (gate 0), and never at an anchor given up on.
/// A call per visit cost the interpreter a third of its speed while nothing was compiled yet (json-40m's first 4 MB:
/// 115 against 166 MB/s with the JIT off), which is where a long input's first run spends its first milliseconds.
/// Counters and gates race benignly between threads: a lost decrement or increment only delays a call.
/// </summary>
internal sealed class HotCounter
{
    /// <summary>The gate of a pc the interpreter passes by for good.</summary>
    private const int Never = int.MaxValue;

    /// <summary>Visits between two calls while an anchor counts towards a threshold or waits for its compilation: the
    /// early threshold depends on the input ahead, which changes from match to match; a gate that a racing thread
    /// overwrote comes back within this many visits.</summary>
    private const int Recheck = 1024;

    private readonly TracerOptions _opt;
    private readonly int _size;
    // Made when the first gate runs out: every gate starts armed with the same span, and a pattern none of whose gates
    // run out (a large grammar matched once) pays only for the gates. Per-pc arrays of a large program are
    // large-object allocations, which a program made and matched once per operation paid for in full collections.
    private int[]? _counts;   // visits counted, up to the last gate that ran out
    private int[]? _armed;    // the visits the current gate was armed with
    private readonly int _firstSpan;
    private readonly int _threshold;
    private readonly int _early;
    private readonly int _warmAt;
    private readonly int _warmEarlyAt;

    public HotCounter(int size, TracerOptions opt)
    {
        _opt = opt;
        bool always = opt.Mode == JitMode.Always;
        _threshold = always ? 0 : opt.HotThreshold;
        _early = always ? 0 : Math.Min(opt.EarlyHotThreshold, opt.HotThreshold);
        _warmAt = always ? -1 : opt.HotThreshold / Warmup.Fraction;
        _warmEarlyAt = always ? -1 : _early / Warmup.Fraction;
        _size = size;
        _firstSpan = SpanFrom(0);
        Gates = Filled(size, _firstSpan);
        Ignored = new bool[size];
    }

    /// <summary>Per pc, the visits left before the interpreter calls the JIT there (see the summary).</summary>
    public int[] Gates { get; }

    /// <summary>Per pc, whether the JIT gave up on it (blacklisted, or a non-recursive rule's entry).</summary>
    public bool[] Ignored { get; }

    /// <summary>The gate at <paramref name="pc"/> ran out, <paramref name="ahead"/> subject bytes still to match: counts
    /// the visits it stood for; true once they pass the threshold, or the early threshold when the input ahead is long
    /// (compilation sized to the input that remains); else arms the gate for the next moment. On the way to whichever
    /// threshold applies, the emitter's one-time costs are paid (<see cref="Warmup"/>).</summary>
    public bool Expired(int pc, int ahead)
    {
        var counts = Counts();
        int count = counts[pc] += Armed()[pc];
        if (IsHot(count, ahead)) return true;
        Arm(pc, count);
        return false;
    }

    /// <summary>One visit of <paramref name="pc"/>, which no gate stands for (a return site, which only exits reach);
    /// true as <see cref="Expired"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Visit(int pc, int ahead) => IsHot(++Counts()[pc], ahead);

    // Past the threshold, or the early one with a long input ahead; the warm-up starts on the way (gates stop at its
    // points exactly).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsHot(int count, int ahead)
    {
        bool longAhead = ahead >= _opt.LongInputBytes;
        if (count == _warmAt || (count == _warmEarlyAt && longAhead)) Warmup.Start();
        return count > _threshold || (count > _early && longAhead);
    }

    /// <summary>After an aborted recording, or a retired tree: count up to the threshold again before the next attempt.</summary>
    public void Restart(int pc)
    {
        Counts()[pc] = 0;
        Arm(pc, 0);
    }

    /// <summary>The anchor has compiled code: the interpreter calls at every visit (called again at each entry, since
    /// the interpreter's decrements would otherwise run the gate down past zero over billions of visits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Open(int pc) => Gates[pc] = 0;

    /// <summary>The anchor is being recorded or compiled: the interpreter need not call until the code is there (which
    /// opens the gate), but looks again now and then.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Park(int pc)
    {
        Armed()[pc] = 0;
        Gates[pc] = Recheck;
    }

    /// <summary>The JIT gave up on <paramref name="pc"/>: the interpreter passes it by for good.</summary>
    public void Ignore(int pc)
    {
        Ignored[pc] = true;
        Armed()[pc] = 0;
        Gates[pc] = Never;
    }

    /// <summary>An exit is recorded when it has been taken HotExitThreshold times, and (backing off after aborted
    /// recordings) again at twice, four times ... that count, MaxAborts times in all.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsExitRecordingPoint(int count)
    {
        int t = Math.Max(1, _opt.HotExitThreshold);
        if (count % t != 0) return false;
        int k = count / t;
        return (k & (k - 1)) == 0 && k < 1 << _opt.MaxAborts;
    }

    // The gate for the visits from `count` to the next moment that matters: a warm-up point, just past a threshold,
    // or a recheck.
    private void Arm(int pc, int count)
    {
        int span = SpanFrom(count);
        Armed()[pc] = span;
        Gates[pc] = span;
    }

    // (Four calls, not a loop over a collection expression: its inline-array helpers are generic code that no
    // ReadyToRun image holds, compiled on the matching thread at a process's first match.)
    private int SpanFrom(int count)
    {
        long next = (long)count + Recheck;
        next = Nearer(next, count, _warmEarlyAt);
        next = Nearer(next, count, (long)_early + 1);
        next = Nearer(next, count, _warmAt);
        next = Nearer(next, count, (long)_threshold + 1);
        return (int)Math.Min(next - count, Never);
    }

    private static long Nearer(long next, int count, long point) => point > count && point < next ? point : next;

    // The counts, and the spans gates were armed with (all the first span until then), made at the first need. Threads
    // that race here agree on one pair (counters race benignly anyway).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int[] Counts() => Volatile.Read(ref _counts) ?? MakeCounts();

    // The armed spans, made with the counts (before them, so that counts made means spans made).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int[] Armed()
    {
        Counts();
        return _armed!;
    }

    private int[] MakeCounts()
    {
        var armed = Filled(_size, _firstSpan);
        Interlocked.CompareExchange(ref _armed, armed, null);
        Interlocked.CompareExchange(ref _counts, new int[_size], null);
        return _counts!;
    }

    // Not Array.Fill: generic vector code that no ReadyToRun image holds, which the runtime compiled on the matching
    // thread at a process's first match.
    private static int[] Filled(int size, int value)
    {
        var a = new int[size];
        for (int i = 0; i < a.Length; i++) a[i] = value;
        return a;
    }
}
