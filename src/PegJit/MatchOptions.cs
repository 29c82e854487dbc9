// Per-call settings of a match: position base, limits, cancellation, extra arguments.
using PegJit.Tracer;
using PegJit.Vm;

namespace PegJit;

/// <summary>Where positions start counting.</summary>
public enum PositionBase
{
    /// <summary>.NET style: the first unit is at 0 (the default).</summary>
    Zero = 0,
    /// <summary>LPeg style: the first unit is at 1; init, results, <c>Cp</c> and match-time positions all use it.</summary>
    One = 1,
}

/// <summary>Options for one match. The default instance is shared; options are immutable.</summary>
public sealed record MatchOptions
{
    /// <summary>The default options: 0-based positions, the default limits, no cancellation or timeout, no extra
    /// arguments, the JIT in <see cref="JitMode.Auto"/>. Set properties with an initializer, or copy with <c>with</c>.</summary>
    public MatchOptions() { }

    /// <summary>The shared default options.</summary>
    public static MatchOptions Default { get; } = new();

    /// <summary>Position base for every position the caller gives or sees.</summary>
    public PositionBase PositionBase { get; init; } = PositionBase.Zero;

    /// <summary>Backtrack-stack limit, in entries (choice points and calls pending at once): 16,777,216 by default
    /// (LPeg's is 400; PegJit's is large since it never uses the CLR stack). Past it the match throws
    /// <see cref="PegLimitException"/> with LPeg's "backtrack stack overflow (current limit is N)".</summary>
    public int MaxBacktrack { get; init; } = MatchContext.DefaultMaxBacktrack;

    /// <summary>Cancels a running match: checked every few thousand loop back-edges, calls and failures, in the
    /// interpreter and in compiled code; a cancelled match throws <see cref="OperationCanceledException"/>. None by default.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>A time limit for one call (for a search, all its attempts together); past it the call throws
    /// <see cref="OperationCanceledException"/>. None (null) by default.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// The tracing JIT's settings: <see cref="JitMode.Auto"/> by default (hot loops compile to IL), <see cref="JitMode.Off"/>
    /// for the interpreter alone. Where dynamic code cannot be compiled, the interpreter runs alone whatever this says.
    /// Null is refused with <see cref="ArgumentNullException"/> when set (use <see cref="JitMode.Off"/>).
    /// </summary>
    public TracerOptions Jit { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = TracerOptions.Default;

    /// <summary>Extra arguments, read by <c>Carg(n)</c> (n is 1-based, as LPeg). Null is refused with
    /// <see cref="ArgumentNullException"/> when set (no arguments is the empty list).</summary>
    public IReadOnlyList<object?> Arguments { get; init => field = value ?? throw new ArgumentNullException(nameof(value)); } = [];

    /// <summary>
    /// Whether a successful match also evaluates the named groups of its value list (<c>Cg(p, "name")</c>,
    /// <c>{:name: p :}</c>) into <see cref="MatchResult.Groups"/>. LPeg gives such groups no value outside a table, so
    /// by default they are not evaluated at all (nor are the functions inside them called); the value list is the same
    /// either way.
    /// </summary>
    public bool NamedGroups { get; init; }
}
