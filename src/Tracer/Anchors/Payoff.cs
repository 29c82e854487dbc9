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
    /// <summary>Counts one entry into <paramref name="root"/> and judges it when that entry is the judging one.</summary>
    public static Verdict AfterEntry(CompiledTree root, TracerOptions opt)
    {
        if (++root.Entries != opt.JudgeAfterEntries) return Verdict.Keep;
        // A side trace still compiling in the background would change the payoff: judge afresh after it lands.
        if (Volatile.Read(ref root.PendingSides) > 0) { Restart(root); return Verdict.JudgeAgain; }
        return root.Bytes < (long)opt.MinBytesPerEntry * root.Entries ? Verdict.Retire : Verdict.Keep;
    }

    /// <summary>The tree changed (or is judged again): its counters start afresh.</summary>
    public static void Restart(CompiledTree root) => root.Entries = root.Bytes = root.Hops = 0;
}
