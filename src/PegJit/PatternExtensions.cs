// The pattern-first order as instance calls: p.Match(subject) reads as Regex's r.Match(input), with no argument to swap.
namespace PegJit;

/// <summary>
/// <see cref="Peg"/>'s functions called on the pattern, as <c>Regex</c>'s instance methods are: <c>p.Match(s)</c> is
/// <c>Peg.Match(p, s)</c>, <c>p.Find(s)</c> is <c>Peg.Find(p, s)</c>, and so on, with the same arguments and results.
/// </summary>
public static class PatternExtensions
{
    /// <summary>Anchored match; see <see cref="Peg.Match(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to match.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The match, or <see cref="MatchResult.Failure"/>.</returns>
    public static MatchResult Match(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Match(pattern, subject, init, options);

    /// <summary>Anchored match over bytes; see <see cref="Peg.Match(Pattern, ReadOnlySpan{byte}, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The bytes to match.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The match, or <see cref="MatchResult.Failure"/>.</returns>
    public static MatchResult Match(this Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null) =>
        Peg.Match(pattern, subject, init, options);

    /// <summary>Anchored match that throws on failure, with where and what was expected; see
    /// <see cref="Peg.Parse(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to parse.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The successful match.</returns>
    /// <exception cref="PegMatchException">The pattern does not match; its <see cref="PegMatchException.Failure"/> says why.</exception>
    public static MatchResult Parse(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Parse(pattern, subject, init, options);

    /// <summary>Why an anchored match fails, or null when it succeeds; see
    /// <see cref="Peg.Explain(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to match.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The farthest failure, or null when the pattern matches.</returns>
    public static MatchFailure? Explain(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Explain(pattern, subject, init, options);

    /// <summary>First match at or after <paramref name="init"/>; see <see cref="Peg.Find(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins; the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The first match, or <see cref="MatchResult.Failure"/>.</returns>
    public static MatchResult Find(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Find(pattern, subject, init, options);

    /// <summary>Whether the pattern matches anywhere; see <see cref="Peg.IsMatch(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins; the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>Whether a match exists.</returns>
    public static bool IsMatch(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.IsMatch(pattern, subject, init, options);

    /// <summary>How many matches a left-to-right search finds; see <see cref="Peg.Count(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins; the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The number of matches.</returns>
    public static int Count(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Count(pattern, subject, init, options);

    /// <summary>Every match, left to right; see <see cref="Peg.Matches(Pattern, string, int?, MatchOptions?)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins; the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The matches, with their captures.</returns>
    public static IReadOnlyList<MatchResult> Matches(this Pattern pattern, string subject, int? init = null, MatchOptions? options = null) =>
        Peg.Matches(pattern, subject, init, options);

    /// <summary>Every match replaced; see <see cref="Peg.Replace(Pattern, string, string, MatchOptions?, int, int)"/>.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text to rewrite.</param>
    /// <param name="replacement">The replacement, with <c>%0</c>..<c>%9</c>.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The rewritten text.</returns>
    public static string Replace(this Pattern pattern, string subject, string replacement, MatchOptions? options = null) =>
        Peg.Replace(pattern, subject, replacement, options);
}
