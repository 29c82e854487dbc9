// Visits of anchors and exits -> the moments to record: the hot threshold and the back-off after aborts.
namespace PegJit.Tracer;

/// <summary>Counts visits per pc (over all matches of a program). Counters race benignly between threads: a lost
/// increment only delays a recording.</summary>
internal sealed class HotCounter(int size, TracerOptions opt)
{
    private readonly int[] _counts = new int[size];
    private readonly int _threshold = opt.Mode == JitMode.Always ? 0 : opt.HotThreshold;
    private readonly int _early = opt.Mode == JitMode.Always ? 0 : Math.Min(opt.EarlyHotThreshold, opt.HotThreshold);
    private readonly int _warmAt = opt.Mode == JitMode.Always ? -1 : opt.HotThreshold / Warmup.Fraction;
    private readonly int _warmEarlyAt = opt.Mode == JitMode.Always ? -1 : Math.Min(opt.EarlyHotThreshold, opt.HotThreshold) / Warmup.Fraction;

    /// <summary>Counts a visit of <paramref name="pc"/> with <paramref name="ahead"/> subject bytes still to match; true
    /// once its visits pass the threshold, or the early threshold when the input ahead is long (compilation sized to
    /// the input that remains). On the way to whichever threshold applies, the emitter's one-time costs are paid
    /// (<see cref="Warmup"/>).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool Visit(int pc, int ahead)
    {
        int count = ++_counts[pc];
        if (count == _warmAt || (count == _warmEarlyAt && ahead >= opt.LongInputBytes)) Warmup.Start();
        return count > _threshold || (count > _early && ahead >= opt.LongInputBytes);
    }

    /// <summary>After an aborted recording: count up to the threshold again before the next attempt.</summary>
    public void Restart(int pc) => _counts[pc] = 0;

    /// <summary>An exit is recorded when it has been taken HotExitThreshold times, and (backing off after aborted
    /// recordings) again at twice, four times ... that count, MaxAborts times in all.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsExitRecordingPoint(int count)
    {
        int t = Math.Max(1, opt.HotExitThreshold);
        if (count % t != 0) return false;
        int k = count / t;
        return (k & (k - 1)) == 0 && k < 1 << opt.MaxAborts;
    }
}
