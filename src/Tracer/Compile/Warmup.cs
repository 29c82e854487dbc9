// The first anchor on its way to hot -> the tracer's own code compiled by the runtime, on a pool thread, before it is needed.
namespace PegJit.Tracer;

/// <summary>
/// A process's first recording and compilation ran the recorder, the IL emitter and the runtime's emission code for
/// the first time, each compiled by the runtime on the spot: about 50 ms on this project's machine (recording 10 ms on
/// the matching thread, emission 34 ms) before the first trace could run, when a warm compilation takes 1 to 7 ms.
/// Once per process, when some anchor has come a fraction of the way to <see cref="TracerOptions.HotThreshold"/>, a
/// pool thread runs one small match with every anchor compiled at once (the facade supplies it as
/// <see cref="Match"/>), so that the real first trace finds that code compiled. Patterns that never come near hot
/// never pay for it; the warm-up's own cost lands on another core while the match goes on.
/// </summary>
internal static class Warmup
{
    /// <summary>An anchor that reaches threshold / <see cref="Fraction"/> visits starts the warm-up.</summary>
    public const int Fraction = 16;

    private static int _started;

    /// <summary>The warm-up match (set by the facade, which can compile a pattern; null: no warm-up).</summary>
    public static Action? Match { get; set; }

    /// <summary>Whether the warm-up has been started in this process.</summary>
    public static bool Started => Volatile.Read(ref _started) != 0;

    /// <summary>Starts the warm-up on a pool thread, the first time only.</summary>
    public static void Start()
    {
        if (Match is not { } match || Interlocked.Exchange(ref _started, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try { match(); }
#pragma warning disable CA1031 // a warm-up that fails only leaves the first real compilation slower
            catch (Exception e) when (!TraceCompiler.IsFatal(e)) { }
#pragma warning restore CA1031
        }, null);
    }
}
