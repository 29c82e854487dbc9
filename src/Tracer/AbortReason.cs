// Why a recording stopped without a trace: one enum, one message each.
namespace PegJit.Tracer;

/// <summary>Reasons a recording is abandoned.</summary>
public enum AbortReason
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
    /// <summary>The loop came back to its anchor with choice points or calls still pending.</summary>
    Unbalanced,
    /// <summary>Reached a blacklisted or recursive re-entry of the anchor.</summary>
    Recursive,
    /// <summary>The path came back to the anchor without consuming input.</summary>
    NoProgress,
    /// <summary>The IL emitter failed on the trace (a bug: the match goes on in the interpreter).</summary>
    CompileFailed,
}

/// <summary>Messages for <see cref="AbortReason"/>.</summary>
public static class AbortReasons
{
    /// <summary>A human-readable reason.</summary>
    public static string Message(this AbortReason r) => r switch
    {
        AbortReason.TooLong => "trace too long",
        AbortReason.InlineTooDeep => "calls nested too deeply to inline",
        AbortReason.LeftTrace => "backtracked to a choice point outside the trace",
        AbortReason.MatchEnded => "the match ended while recording",
        AbortReason.Unsupported => "instruction not supported in traces (match-time capture)",
        AbortReason.Unbalanced => "loop closed with pending choice points or calls",
        AbortReason.Recursive => "recursive re-entry of the anchor",
        AbortReason.CompileFailed => "IL emission failed",
        AbortReason.NoProgress => "back at the anchor without consuming input",
        _ => r.ToString(),
    };
}
