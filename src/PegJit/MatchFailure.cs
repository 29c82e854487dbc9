// A failed match's farthest failure -> what a user reads: position, line, column, what was expected, a caret snippet.
using System.Text;
using PegJit.Vm;

namespace PegJit;

/// <summary>
/// Where a failed match got furthest and what it expected there, from <see cref="Peg.Explain(Pattern, string, int?, MatchOptions?)"/>
/// or <see cref="PegMatchException.Failure"/>. Immutable.
/// </summary>
/// <remarks>
/// <para>The position is the farthest one at which a test or consuming instruction failed (a literal, a class, <c>.</c>, the
/// byte that stopped a repetition, <c>!.</c> wanting the end); a failure in the middle of a literal counts at the literal's
/// start. Failures inside predicates (<c>&amp;p</c>, <c>!p</c>) and lookbehind do not count: they are expected to fail.</para>
/// <para><see cref="Expected"/> lists, once each in the order first met, what was expected there: literals quoted
/// (<c>'true'</c>), classes as in re (<c>[0-9]</c>, <c>[^"\]</c>), <c>any character</c>, <c>end of input</c>, and rule
/// names. A failure at a position where a grammar rule was called is listed under the outermost such rule's name (so a
/// JSON grammar reads "expected value", not the first symbol of every kind of value); a grammar's own start rule is not
/// named that way. What a rule call that then returned successfully at or past that position could have gone on
/// with (trailing blanks, an optional fraction) is listed only when nothing else was expected there. Patterns that
/// build the same tree read the same: a one-character literal followed by another literal (<c>'a' 'bc'</c>) is one
/// literal (<c>'abc'</c>), and a choice of one-character literals is a class (<c>'a' / 'b'</c> is <c>[ab]</c>).</para>
/// <para>The report comes from running the failed match again in the interpreter, so it is the same whichever engine
/// ran the match. Match-time captures (<c>Cmt</c>, re's <c>=name</c>) run again in that second run.</para>
/// </remarks>
public sealed class MatchFailure
{
    private MatchFailure(int position, int line, int column, IReadOnlyList<string> expected, string snippet)
    {
        Position = position;
        Line = line;
        Column = column;
        Expected = expected;
        Snippet = snippet;
    }

    /// <summary>The farthest position reached, in the caller's units (bytes, or UTF-16 indices for a string subject) and
    /// in the match's <see cref="MatchOptions.PositionBase"/>.</summary>
    public int Position { get; }
    /// <summary>The 1-based line of <see cref="Position"/> (lines end at <c>\n</c>).</summary>
    public int Line { get; }
    /// <summary>The 1-based column of <see cref="Position"/>, counted in the caller's units from the line's start.</summary>
    public int Column { get; }
    /// <summary>What was expected at <see cref="Position"/>; empty when nothing there can be named (a match-time function or
    /// a predicate refused, or the pattern is <c>P(false)</c>).</summary>
    public IReadOnlyList<string> Expected { get; }
    /// <summary>The line of <see cref="Position"/> and, below it, a caret under the column (tabs kept, so it lines up).</summary>
    public string Snippet { get; }

    /// <summary>The message: <c>line 3, column 12: expected ',' or '}'</c>, then the <see cref="Snippet"/>.</summary>
    /// <returns>Three lines of text.</returns>
    public override string ToString() => $"line {Line}, column {Column}: {Wanted(Expected)}\n{Snippet}";

    private static string Wanted(IReadOnlyList<string> expected) => expected.Count switch
    {
        0 => "no match",
        1 => "expected " + expected[0],
        _ => "expected " + string.Join(", ", expected.Take(expected.Count - 1)) + " or " + expected[^1],
    };

    /// <summary>The failure at byte offset <paramref name="bytePos"/> of <paramref name="s"/>, in the caller's units.</summary>
    internal static MatchFailure At(in Subject s, int bytePos, IReadOnlyList<string> expected, MatchContext ctx)
    {
        int position = s.ToCaller(bytePos, ctx);
        int index = position - s.Base;
        if (s.Text is { } text) return Locate(text.AsSpan(), index, position, expected, t => t.ToString());
        return Locate(s.Bytes, index, position, expected, Encoding.UTF8.GetString);
    }

    private delegate string Decode<T>(ReadOnlySpan<T> units);

    private static MatchFailure Locate<T>(ReadOnlySpan<T> units, int index, int position, IReadOnlyList<string> expected, Decode<T> decode)
        where T : unmanaged, IEquatable<T>, System.Numerics.INumberBase<T>
    {
        T newline = T.CreateTruncating('\n');
        int lineStart = units[..index].LastIndexOf(newline) + 1;
        int lineEnd = units[index..].IndexOf(newline);
        lineEnd = lineEnd < 0 ? units.Length : index + lineEnd;
        int line = 1 + units[..lineStart].Count(newline);
        string text = decode(units[lineStart..lineEnd]).TrimEnd('\r');
        string snippet = text + "\n" + Caret(decode(units[lineStart..index]));
        return new MatchFailure(position, line, index - lineStart + 1, expected, snippet);
    }

    // Blanks as wide as the text before the column: tabs stay tabs, a surrogate pair is one blank.
    private static string Caret(string before)
    {
        var sb = new StringBuilder(before.Length + 1);
        foreach (char c in before)
            if (!char.IsLowSurrogate(c)) sb.Append(c == '\t' ? '\t' : ' ');
        return sb.Append('^').ToString();
    }
}

/// <summary>
/// A match run by <see cref="Peg.Parse(Pattern, string, int?, MatchOptions?)"/> failed: <see cref="Failure"/> says where
/// it got furthest and what it expected there, and the message is <see cref="MatchFailure.ToString"/>.
/// </summary>
public sealed class PegMatchException : PegException
{
    /// <summary>Creates the error for <paramref name="failure"/>.</summary>
    /// <param name="failure">Where the match failed.</param>
    public PegMatchException(MatchFailure failure) : base((failure ?? throw new ArgumentNullException(nameof(failure))).ToString(), failure.Position)
        => Failure = failure;

    /// <summary>The farthest failure of the match.</summary>
    public MatchFailure Failure { get; }
}
