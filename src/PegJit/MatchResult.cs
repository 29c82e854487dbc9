// The outcome of one match: success, where it began and ended, and its capture values.
namespace PegJit;

/// <summary>
/// The result of a match. Positions are in the caller's units (bytes for byte input, UTF-16 indices for strings)
/// and in the options' <see cref="PositionBase"/>. A match without captures allocates nothing.
/// </summary>
public readonly struct MatchResult
{
    private readonly object?[]? _captures;

    internal MatchResult(int start, int end, object?[] captures)
    {
        Success = true;
        Start = start;
        End = end;
        _captures = captures;
    }

    /// <summary>A failed match.</summary>
    public static MatchResult Failure => default;

    /// <summary>Whether the pattern matched.</summary>
    public bool Success { get; }
    /// <summary>Where the match began.</summary>
    public int Start { get; }
    /// <summary>The position just after the match (LPeg's result when there are no captures).</summary>
    public int End { get; }
    /// <summary>Length of the matched text, in the caller's units.</summary>
    public int Length => End - Start;
    /// <summary>The capture values, in order (strings or byte[], positions, constants, <see cref="PegTable"/>s, function results).</summary>
    public IReadOnlyList<object?> Captures => _captures ?? [];
    /// <summary>What LPeg's match returns: the capture values, or the end position when there are none.</summary>
    public IReadOnlyList<object?> Values => Captures.Count > 0 ? Captures : Success ? [End] : [];
    /// <summary>The first capture value (or null).</summary>
    public object? Value => Captures.Count > 0 ? Captures[0] : null;

    /// <inheritdoc/>
    public override string ToString() =>
        Success ? $"match [{Start}, {End})" + (Captures.Count > 0 ? ": " + PegJit.Values.Show(PegJit.Values.Of([.. Captures])) : "") : "no match";
}
