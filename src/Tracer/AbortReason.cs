// Why a recording or compilation ended without a trace: one enum, and one table of messages.
namespace PegJit.Tracer;

/// <summary>Reasons a recording (or the compilation of what it recorded) is abandoned.</summary>
internal enum AbortReason
{
    /// <summary>The trace grew past <see cref="TracerOptions.MaxTraceLength"/>.</summary>
    TooLong,
    /// <summary>Calls nested past <see cref="TracerOptions.MaxInlineDepth"/>.</summary>
    InlineTooDeep,
    /// <summary>A failure backtracked to a choice point made before the trace began.</summary>
    LeftTrace,
    /// <summary>The match ended (or failed entirely) while recording.</summary>
    MatchEnded,
    /// <summary>An instruction traces do not handle (match-time captures).</summary>
    Unsupported,
    /// <summary>The path came back to the anchor without consuming input or lowering the stack.</summary>
    NoProgress,
    /// <summary>Emitting the IL or the runtime's compilation of it failed (a bug: the match goes on in the interpreter).</summary>
    CompileFailed,
    /// <summary>A root recorded at a loop head left the loop before coming back to it: the iteration recorded was the
    /// loop's last (the closing quote of a string). Not counted towards blacklisting: the anchor is recorded again at
    /// its next hot moment.</summary>
    LeftLoop,
}

/// <summary>One row of <see cref="AbortReasons"/>. A struct of the project's own, not a tuple: the framework's tuple over
/// the enum is generic code no ReadyToRun image holds, which the runtime compiled at a process's first abort.</summary>
internal readonly record struct AbortRow(AbortReason Reason, string Message);

/// <summary>Messages for <see cref="AbortReason"/>: policy as data, one row per reason in the enum's order.</summary>
internal static class AbortReasons
{
    private static readonly AbortRow[] Table =
    [
        new(AbortReason.TooLong, "trace too long"),
        new(AbortReason.InlineTooDeep, "calls nested too deeply to inline"),
        new(AbortReason.LeftTrace, "backtracked to a choice point outside the trace"),
        new(AbortReason.MatchEnded, "the match ended while recording"),
        new(AbortReason.Unsupported, "instruction not supported in traces (match-time capture)"),
        new(AbortReason.NoProgress, "back at the anchor without consuming input or lowering the stack"),
        new(AbortReason.CompileFailed, "IL emission failed"),
        new(AbortReason.LeftLoop, "the recorded iteration left the loop (recorded again later)"),
    ];

    /// <summary>The rows, for the test that every reason has its own.</summary>
    internal static AbortRow[] Rows => Table;

    /// <summary>A human-readable reason.</summary>
    public static string Message(this AbortReason r) =>
        (uint)r < (uint)Table.Length && Table[(int)r].Reason == r ? Table[(int)r].Message : r.ToString();
}
