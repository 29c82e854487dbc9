// A compiled tree's entries and bytes -> whether it pays for itself or goes back to the interpreter.
namespace PegJit.Tracer;

/// <summary>What judging a tree's payoff decided.</summary>
internal enum Verdict
{
    /// <summary>Not judged yet (too few entries), or judged worth keeping.</summary>
    Keep,
    /// <summary>A side trace is still compiling: the counters start again, to judge the changed tree.</summary>
    JudgeAgain,
    /// <summary>Compiled code that hands control back every few bytes costs more than it saves.</summary>
    Retire,
}

/// <summary>The payoff rule, applied once a tree has been entered <see cref="TracerOptions.JudgeAfterEntries"/> times.</summary>
internal static class Payoff
{
    /// <summary>Counts one entry into <paramref name="root"/>; true when that entry is the one to judge it at.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static bool CountEntry(CompiledTree root, TracerOptions opt) => ++root.Entries == opt.JudgeAfterEntries;

    /// <summary>Judges <paramref name="root"/>; <paramref name="sidesPending"/>: side traces of its anchor are queued or
    /// compiling.</summary>
    public static Verdict Judge(CompiledTree root, TracerOptions opt, bool sidesPending)
    {
        // A side trace still compiling in the background would change the payoff: judge afresh after it lands.
        if (sidesPending) { Restart(root); return Verdict.JudgeAgain; }
        return root.Bytes < (long)opt.MinBytesPerEntry * root.Entries ? Verdict.Retire : Verdict.Keep;
    }

    /// <summary>The tree changed (or is judged again): its counters start afresh.</summary>
    public static void Restart(CompiledTree root) => root.Entries = root.Bytes = root.Hops = 0;
}
