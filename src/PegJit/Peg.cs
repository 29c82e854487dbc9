// The public entry points: anchored Match, unanchored Find / IsMatch / Count / Matches / EnumerateMatches, Replace.
using System.Text;
using PegJit.Vm;

namespace PegJit;

/// <summary>
/// Matching with PegJit patterns. <see cref="Match(Pattern, string, int?, MatchOptions?)"/> is LPeg's
/// <c>lpeg.match</c> (anchored at <c>init</c>). <see cref="Find(Pattern, string, int?, MatchOptions?)"/>,
/// <see cref="IsMatch(Pattern, string, int?, MatchOptions?)"/>, <see cref="Count(Pattern, string, int?, MatchOptions?)"/>,
/// <see cref="Matches(Pattern, string, int?, MatchOptions?)"/>, <see cref="EnumerateMatches(Pattern, string, int?, MatchOptions?)"/>
/// and <see cref="Replace(Pattern, string, string, MatchOptions?, int, int)"/> search: the pattern is tried at every
/// position where the compiler's search facts allow a match to begin (<see cref="Pattern.DumpSearch"/> shows them), in a search
/// loop that runs inside the VM and, once hot, in compiled code.
/// </summary>
/// <remarks>
/// Strings are matched as their UTF-8 bytes, exactly as LPeg matches Lua strings; results come back in UTF-16
/// indices and strings. Searches over a string start only at character boundaries.
/// </remarks>
public static class Peg
{
    // ---- anchored ----------------------------------------------------------------------------------

    /// <summary>
    /// Matches <paramref name="pattern"/> anchored at <paramref name="init"/>, as LPeg's <c>lpeg.match</c>: the match
    /// must begin exactly there, and need not reach the end of the subject (add <c>* -P(1)</c> for that). The string is
    /// matched as its UTF-8 bytes; the result's positions are UTF-16 indices and its substrings are strings.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to match.</param>
    /// <param name="init">Where to start, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The match (<see cref="MatchResult.Start"/> is the start position, <see cref="MatchResult.End"/> the
    /// position after the match, <see cref="MatchResult.Captures"/> the capture values), or a result whose
    /// <see cref="MatchResult.Success"/> is false.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var number = C(R("09") ^ 1);
    /// var pair = number * "," * number;
    /// var r = Peg.Match(pair, "12,34!");
    /// Console.WriteLine($"{r.Success} {r.End} {r.GetString(0)} {r.GetString(1)}"); // prints: True 5 12 34
    /// Console.WriteLine(Peg.Match(pair, "x12,34").Success);                  // prints: False
    /// Console.WriteLine(Peg.Match(pair, "x12,34", 1).End);                   // prints: 6
    /// </code></example>
    public static MatchResult Match(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        return Match(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>
    /// Matches <paramref name="pattern"/> over bytes, anchored at <paramref name="init"/>, exactly as LPeg matches a Lua
    /// string: positions are byte offsets and substring captures are <c>byte[]</c>.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to match.</param>
    /// <param name="init">Where to start, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The match, or a result whose <see cref="MatchResult.Success"/> is false.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static MatchResult Match(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Match(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static MatchResult Match(Pattern pattern, in Subject s, int? init, MatchOptions o)
    {
        var prog = Engine.Anchored(pattern, s, o);
        var ctx = Engine.Rent(prog, s, o);
        try { return Engine.Match(prog, s, s.InitPosition(init), o, ctx); }
        finally { Engine.Return(ctx); }
    }

    // ---- anchored, with a report of the failure -----------------------------------------------------

    /// <summary>
    /// Matches <paramref name="pattern"/> at <paramref name="init"/> as <see cref="Match(Pattern, string, int?, MatchOptions?)"/>
    /// does, for a caller who parses: when the match fails, the exception says where the match got furthest and what it
    /// expected there.
    /// </summary>
    /// <param name="pattern">The pattern, usually a grammar.</param>
    /// <param name="subject">The text to parse.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The successful match.</returns>
    /// <exception cref="PegMatchException">The match failed; its <see cref="PegMatchException.Failure"/> is the report
    /// (<see cref="MatchFailure"/> says how it is found), built only now: a successful parse costs what a match costs.</exception>
    /// <example>
    /// <code>
    /// var list = Re.Compile("list &lt;- '[' (num (',' num)*)? ']' !.   num &lt;- [0-9]+");
    /// try { Peg.Parse(list, "[1,2;3]"); }
    /// catch (PegMatchException e)
    /// {
    ///     Console.WriteLine(e.Failure);
    ///     // line 1, column 5: expected ',' or ']'
    ///     // [1,2;3]
    ///     //     ^
    /// }
    /// </code>
    /// </example>
    public static MatchResult Parse(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        return Parse(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>Parses bytes as <see cref="Parse(Pattern, string, int?, MatchOptions?)"/> parses text; positions and columns
    /// of the report are in bytes.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The bytes to parse.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The successful match.</returns>
    /// <exception cref="PegMatchException">The match failed; the exception carries the report.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static MatchResult Parse(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Parse(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static MatchResult Parse(Pattern pattern, in Subject s, int? init, MatchOptions o)
    {
        var result = Match(pattern, s, init, o);
        if (result.Success) return result;
        throw new PegMatchException(Engine.Explain(pattern.ReportProgram, s, s.InitPosition(init), o, always: true)!);
    }

    /// <summary>
    /// Why <paramref name="pattern"/> does not match at <paramref name="init"/>: where the match got furthest and what it
    /// expected there (see <see cref="MatchFailure"/>). The match runs in the interpreter, tracking failures.
    /// </summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The text.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options (the position base, limits, arguments); the JIT setting is not used.</param>
    /// <returns>The failure, or null when the pattern matches.</returns>
    public static MatchFailure? Explain(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        var s = new Subject(utf8.Bytes, subject, (int)o.PositionBase);
        return Engine.Explain(pattern.ReportProgram, s, s.InitPosition(init), o, always: false);
    }

    /// <summary>Why <paramref name="pattern"/> does not match these bytes at <paramref name="init"/>; positions and columns in bytes.</summary>
    /// <param name="pattern">The pattern.</param>
    /// <param name="subject">The bytes.</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; the JIT setting is not used.</param>
    /// <returns>The failure, or null when the pattern matches.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static MatchFailure? Explain(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        var s = new Subject(subject, null, (int)o.PositionBase);
        return Engine.Explain(pattern.ReportProgram, s, s.InitPosition(init), o, always: false);
    }

    // ---- search ------------------------------------------------------------------------------------

    /// <summary>
    /// Searches for the leftmost position at or after <paramref name="init"/> where <paramref name="pattern"/> matches
    /// and returns that match (LPeg's <c>re.find</c>, for any pattern). Only positions the pattern's search facts allow
    /// are tried, and over a string only character boundaries.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The first match, with its captures, or a result whose <see cref="MatchResult.Success"/> is false.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var kv = Re.Compile("{[a-z]+} '=' {%d+}");
    /// var m = Peg.Find(kv, "x: answer=42;");
    /// Console.WriteLine($"{m.Start} {m.End} {m.GetString(0)} {m.GetString(1)}"); // prints: 3 12 answer 42
    /// Console.WriteLine(Peg.Find(kv, "no pairs").Success);                  // prints: False
    /// </code></example>
    public static MatchResult Find(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        return Find(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>The first match at or after <paramref name="init"/> over bytes, as
    /// <see cref="Find(Pattern, string, int?, MatchOptions?)"/> finds it; every byte offset may start a match.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to search.</param>
    /// <param name="init">Where the search begins, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The first match, or a result whose <see cref="MatchResult.Success"/> is false.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static MatchResult Find(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Find(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static MatchResult Find(Pattern pattern, in Subject s, int? init, MatchOptions o)
    {
        var prog = Engine.Search(pattern, s, o);
        var ctx = Engine.Rent(prog, s, o);
        try
        {
            return Engine.Next(prog, s, s.InitPosition(init), ctx, out int start, out int end)
                ? Engine.Result(prog, s, start, end, o, ctx) : MatchResult.Failure;
        }
        finally { Engine.Return(ctx); }
    }

    /// <summary>
    /// Whether the pattern matches anywhere at or after <paramref name="init"/> (unanchored, like
    /// <c>Regex.IsMatch</c>; for an anchored test use <c>Match(...).Success</c>). Captures are not evaluated, so their
    /// functions are not called (match-time functions still are: they decide whether there is a match).
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>True when a match exists.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var word = Re.Compile("[a-z]+");
    /// Console.WriteLine(Peg.IsMatch(word, "123 abc"));         // prints: True
    /// Console.WriteLine(Peg.Match(word, "123 abc").Success);   // prints: False
    /// </code></example>
    public static bool IsMatch(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        return Count(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o, 1) > 0;
    }

    /// <summary>Whether the pattern matches anywhere in the bytes at or after <paramref name="init"/> (unanchored).
    /// Captures are not evaluated.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to search.</param>
    /// <param name="init">Where the search begins, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>True when a match exists.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static bool IsMatch(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Count(pattern, new Subject(subject, null, (int)o.PositionBase), init, o, 1) > 0;
    }

    /// <summary>The number of non-overlapping matches (as <see cref="Matches(Pattern, string, int?, MatchOptions?)"/> finds
    /// them) without building any result: captures are not evaluated and nothing is allocated.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>How many matches a left-to-right search finds.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var word = Re.Compile("[a-z]+");
    /// Console.WriteLine(Peg.Count(word, "one two three"));      // prints: 3
    /// Console.WriteLine(Peg.Count(word, "one two three", 4));   // prints: 2
    /// </code></example>
    public static int Count(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject, stackalloc byte[Utf8Subject.StackBytes(subject)]);
        return Count(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o, int.MaxValue);
    }

    /// <summary>The number of non-overlapping matches over bytes; captures are not evaluated and nothing is allocated.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to search.</param>
    /// <param name="init">Where the search begins, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>How many matches a left-to-right search finds.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static int Count(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Count(pattern, new Subject(subject, null, (int)o.PositionBase), init, o, int.MaxValue);
    }

    // Counting runs the all-matches program: once the search loop is hot, a trace loops over matches and failed
    // attempts alike without returning here.
    private static int Count(Pattern pattern, in Subject s, int? init, MatchOptions o, int limit)
    {
        var prog = Engine.AllMatches(pattern, s, o);
        var ctx = Engine.Rent(prog, s, o);
        try
        {
            int total = 0;
            for (int pos = s.InitPosition(init); pos >= 0 && total < limit;)
            {
                pos = Engine.Batch(prog, s, pos, ctx, limit - total);
                total += ctx.FoundCount;
            }
            return total;
        }
        finally { Engine.Return(ctx); }
    }

    /// <summary>
    /// All non-overlapping matches, left to right: each search resumes where the previous match ended, and after an
    /// empty match it moves on one position (one character in a string). Each result carries its captures; to walk a
    /// large subject without keeping every result, use
    /// <see cref="EnumerateMatches(Pattern, string, int?, MatchOptions?)"/> or <see cref="Count(Pattern, string, int?, MatchOptions?)"/>.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The matches in order; empty when there is none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var number = Re.Compile("{%d+}");
    /// foreach (var m in Peg.Matches(number, "7 apples, 12 pears"))
    ///     Console.WriteLine($"{m.Start}: {m.GetString(0)}");
    /// // prints: 0: 7
    /// // prints: 10: 12
    /// </code></example>
    public static IReadOnlyList<MatchResult> Matches(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject);
        return Matches(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o, int.MaxValue);
    }

    /// <summary>All non-overlapping matches over bytes, left to right (after an empty match the search moves on one byte).</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to search.</param>
    /// <param name="init">Where the search begins, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The matches in order, substring captures as <c>byte[]</c>; empty when there is none.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static IReadOnlyList<MatchResult> Matches(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        return Matches(pattern, new Subject(subject, null, (int)o.PositionBase), init, o, int.MaxValue);
    }

    private static List<MatchResult> Matches(Pattern pattern, in Subject s, int? init, MatchOptions o, int limit)
    {
        var anchored = Engine.Anchored(pattern, s, o);
        if (!anchored.HasCaptures) return Spans(pattern, s, init, o, limit);
        if (!anchored.HasRunTime) return Batched(pattern, s, init, o, limit);
        // Match-time captures evaluate during matching and must see only their own match's entries: one run a match.
        var prog = Engine.Search(pattern, s, o);
        var results = new List<MatchResult>();
        var ctx = Engine.Rent(prog, s, o);
        try
        {
            for (int pos = s.InitPosition(init); results.Count < limit && Engine.Next(prog, s, pos, ctx, out int start, out int end);)
            {
                results.Add(Engine.Result(prog, s, start, end, o, ctx));
                pos = MatchContext.ResumeAfter(start, end);
            }
        }
        finally { Engine.Return(ctx); }
        return results;
    }

    // Matches with captures, found in batches by the all-matches program: each match's capture entries follow the
    // previous one's in the log, and each is evaluated from its own slice.
    private static List<MatchResult> Batched(Pattern pattern, in Subject s, int? init, MatchOptions o, int limit)
    {
        const int batch = MatchEnumerator.BatchSize;
        var prog = Engine.AllMatches(pattern, s, o);
        var results = new List<MatchResult>();
        var ctx = Engine.Rent(prog, s, o);
        try
        {
            ctx.FoundKeepsCaptures = true;
            var triples = ctx.FoundPairs = ctx.PairBuffer ??= new int[3 * batch];
            for (int pos = s.InitPosition(init); pos >= 0 && results.Count < limit;)
            {
                pos = Engine.Batch(prog, s, pos, ctx, Math.Min(batch, limit - results.Count));
                for (int k = 0, from = 0; k < ctx.FoundCount; k++)
                {
                    int start = triples[3 * k], end = triples[3 * k + 1], to = triples[3 * k + 2];
                    results.Add(Engine.Result(prog, s, start, end, o, ctx, from, to));
                    from = to;
                }
            }
        }
        finally { Engine.Return(ctx); }
        return results;
    }

    // Matches without captures are only places: the all-matches program finds them in batches.
    private static List<MatchResult> Spans(Pattern pattern, in Subject s, int? init, MatchOptions o, int limit)
    {
        var results = new List<MatchResult>();
        var e = new MatchEnumerator(Engine.AllMatches(pattern, s, o), s, null, init, o);
        try
        {
            while (results.Count < limit && e.MoveNext())
                results.Add(new MatchResult(e.Current.Index, e.Current.Index + e.Current.Length, [], s.Text, s.Base, null));
        }
        finally { e.Dispose(); }
        return results;
    }

    /// <summary>
    /// The matches one at a time, without allocating: <c>foreach (var m in Peg.EnumerateMatches(p, bytes))</c> gives
    /// each match's <see cref="ValueMatch.Index"/> and <see cref="ValueMatch.Length"/>. Captures are not evaluated.
    /// The matches are those <see cref="Matches(Pattern, ReadOnlySpan{byte}, int?, MatchOptions?)"/> would return.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The bytes to search; they must stay unchanged while the enumeration runs.</param>
    /// <param name="init">Where the search begins, as a byte offset into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first byte and a negative value
    /// counts back from the end (-1 is the last byte). 1-based: LPeg's rule, 1 is the first byte, 0 the end,
    /// -1 the last byte. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>An enumerator for <c>foreach</c>, which disposes it.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects.</exception>
    /// <exception cref="PegLimitException">Thrown by <see cref="MatchEnumerator.MoveNext"/> when the backtrack stack passes its limit.</exception>
    /// <exception cref="OperationCanceledException">Thrown by <see cref="MatchEnumerator.MoveNext"/> when the match is cancelled or times out.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public static MatchEnumerator EnumerateMatches(Pattern pattern, ReadOnlySpan<byte> subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        var o = options ?? MatchOptions.Default;
        var s = new Subject(subject, null, (int)o.PositionBase);
        return new(Engine.AllMatches(pattern, s, o), s, null, init, o);
    }

    /// <summary>The matches in a string one at a time (UTF-16 indices and lengths); the UTF-8 copy of the string is
    /// pooled and returned when the enumeration ends. Captures are not evaluated.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to search.</param>
    /// <param name="init">Where the search begins, as a UTF-16 index into <paramref name="subject"/> in the options'
    /// <see cref="MatchOptions.PositionBase"/>. 0-based (the default): 0 is the first character and a negative value
    /// counts back from the end (-1 is the last character). 1-based: LPeg's rule, 1 is the first character, 0 the end,
    /// -1 the last character. Values past either end are clamped. Left out, the subject's start in either base.</param>
    /// <param name="options">Position base, limits, cancellation, extra arguments and JIT settings;
    /// <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>An enumerator for <c>foreach</c>, which disposes it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/> or <paramref name="subject"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects.</exception>
    /// <exception cref="PegLimitException">Thrown by <see cref="MatchEnumerator.MoveNext"/> when the backtrack stack passes its limit.</exception>
    /// <exception cref="OperationCanceledException">Thrown by <see cref="MatchEnumerator.MoveNext"/> when the match is cancelled or times out.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var word = Re.Compile("[a-z]+");
    /// foreach (var m in Peg.EnumerateMatches(word, "one two"))
    ///     Console.WriteLine($"{m.Index} {m.Length}");
    /// // prints: 0 3
    /// // prints: 4 3
    /// </code></example>
    public static MatchEnumerator EnumerateMatches(Pattern pattern, string subject, int? init = null, MatchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(subject);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(subject.Length));
        int n = Encoding.UTF8.GetBytes(subject, buffer);
        var o = options ?? MatchOptions.Default;
        var s = new Subject(buffer.AsSpan(0, n), subject, (int)o.PositionBase);
        return new(Engine.AllMatches(pattern, s, o), s, buffer, init, o);
    }

    // ---- replace -----------------------------------------------------------------------------------

    /// <summary>
    /// LPeg's <c>re.gsub</c>: each match is replaced by <paramref name="replacement"/>, in which <c>%0</c> is the
    /// match, <c>%1</c>..<c>%9</c> its captures and <c>%%</c> a percent sign. The replacement is compiled once per
    /// pattern and text. At most <paramref name="count"/> matches are replaced (negative: all), searching from
    /// <paramref name="startAt"/>. Matches are found as <see cref="Matches(Pattern, string, int?, MatchOptions?)"/>
    /// finds them; the text between them is kept.
    /// </summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to rewrite.</param>
    /// <param name="replacement">The replacement text, a string capture's format (<c>%0</c>..<c>%9</c>, <c>%%</c>).</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null. Their position base is
    /// ignored here: <paramref name="startAt"/> and the results handed out are 0-based.</param>
    /// <param name="count">At most this many matches are replaced, the leftmost first; negative for all of them.</param>
    /// <param name="startAt">The 0-based UTF-16 index where the search begins; the text before it is kept as it is.</param>
    /// <returns>The subject with the matches replaced; the subject itself when nothing matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/>, <paramref name="subject"/> or <paramref name="replacement"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>%2</c> in the replacement of a pattern with one capture).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var number = Re.Compile("{%d+}");
    /// Console.WriteLine(Peg.Replace(number, "a1 b22", "&lt;%1&gt;"));             // prints: a&lt;1&gt; b&lt;22&gt;
    /// Console.WriteLine(Peg.Replace(number, "1 2 3", "#", count: 2));    // prints: # # 3
    /// </code></example>
    public static string Replace(Pattern pattern, string subject, string replacement, MatchOptions? options = null, int count = -1, int startAt = 0)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Replace(pattern.WithReplacement(replacement), subject, r => r.Value as string, options, count, startAt);
    }

    /// <summary>Replaces each match by what <paramref name="evaluator"/> returns for it (null keeps the matched text).
    /// Matches are found as <see cref="Matches(Pattern, string, int?, MatchOptions?)"/> finds them, all before the
    /// first call of the evaluator.</summary>
    /// <param name="pattern">The compiled pattern (from the combinators of <see cref="Pattern"/> or <see cref="Re.Compile(string, IReadOnlyDictionary{string, object?}?)"/>).</param>
    /// <param name="subject">The text to rewrite.</param>
    /// <param name="evaluator">Called once per match, left to right, with the match and its captures.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null. Their position base is
    /// ignored here: <paramref name="startAt"/> and the results handed out are 0-based.</param>
    /// <param name="count">At most this many matches are replaced, the leftmost first; negative for all of them.</param>
    /// <param name="startAt">The 0-based UTF-16 index where the search begins; the text before it is kept as it is.</param>
    /// <returns>The subject with the matches replaced; the subject itself when nothing matched.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="pattern"/>, <paramref name="subject"/> or <paramref name="evaluator"/> is null.</exception>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects (checked when it is first compiled, at its first match).</exception>
    /// <exception cref="PegLimitException">The backtrack stack passed <see cref="MatchOptions.MaxBacktrack"/>, or the program is too large.</exception>
    /// <exception cref="PegCaptureException">A capture could not be evaluated (for example <c>Cb</c> of an absent group).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their <see cref="MatchOptions.Timeout"/> passed.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var number = Re.Compile("{%d+}");
    /// string doubled = Peg.Replace(number, "3 apples, 10 pears", m => (2 * int.Parse(m.GetString(0))).ToString());
    /// Console.WriteLine(doubled);   // prints: 6 apples, 20 pears
    /// </code></example>
    public static string Replace(Pattern pattern, string subject, Func<MatchResult, string?> evaluator, MatchOptions? options = null,
        int count = -1, int startAt = 0)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(evaluator);
        var o = (options ?? MatchOptions.Default) with { PositionBase = PositionBase.Zero };
        List<MatchResult> matches;
        using (var utf8 = new Utf8Subject(subject))
            matches = Matches(pattern, new Subject(utf8.Bytes, subject, 0), startAt, o, count < 0 ? int.MaxValue : count);
        if (matches.Count == 0) return subject;
        var sb = new StringBuilder(subject.Length);
        int last = 0;
        foreach (var m in matches)
        {
            sb.Append(subject, last, m.Start - last);
            sb.Append(evaluator(m) ?? subject.Substring(m.Start, m.Length));
            last = m.End;
        }
        return sb.Append(subject, last, subject.Length - last).ToString();
    }
}

/// <summary>One match's place, as <see cref="Peg.EnumerateMatches(Pattern, ReadOnlySpan{byte}, int?, MatchOptions?)"/>
/// gives it: in the caller's units and position base.</summary>
/// <param name="Index">Where the match begins: a byte offset for bytes, a UTF-16 index for a string.</param>
/// <param name="Length">The match's length in the same units (0 for an empty match).</param>
public readonly record struct ValueMatch(int Index, int Length);

/// <summary>The lazy, allocation-free enumeration of <see cref="Peg.EnumerateMatches(Pattern, ReadOnlySpan{byte}, int?, MatchOptions?)"/>.
/// Use it in <c>foreach</c> (which disposes it), or dispose it when done.</summary>
/// <remarks>Matches are found in batches by the pattern's all-matches program, so a hot search loop stays in compiled
/// code across matches.</remarks>
public ref struct MatchEnumerator
{
    /// <summary>Matches found per run of the all-matches program.</summary>
    internal const int BatchSize = 64;

    private readonly Program _all;
    private readonly Subject _subject;
    private byte[]? _pooled;
    private MatchContext? _ctx;
    private int _next, _index, _count;

    internal MatchEnumerator(Program all, Subject subject, byte[]? pooled, int? init, MatchOptions o)
    {
        _all = all;
        _subject = subject;
        _pooled = pooled;
        _next = subject.InitPosition(init);
        _ctx = Engine.Rent(all, subject, o);
        _ctx.FoundPairs = _ctx.PairBuffer ??= new int[3 * BatchSize];
    }

    /// <summary>The match found by the last <see cref="MoveNext"/>.</summary>
    public ValueMatch Current { get; private set; }

    /// <summary>This enumerator (for <c>foreach</c>).</summary>
    /// <returns>This enumerator.</returns>
    public readonly MatchEnumerator GetEnumerator() => this;

    /// <summary>Finds the next match and makes it <see cref="Current"/>. The matches are searched for in batches, so
    /// this call may run the pattern over the subject's next stretch.</summary>
    /// <returns>True when a match was found; false when there is none left (the enumerator then releases its buffers).</returns>
    /// <exception cref="PegLimitException">The backtrack stack passed its limit.</exception>
    /// <exception cref="OperationCanceledException">The match was cancelled or timed out.</exception>
    public bool MoveNext()
    {
        if (_ctx is null) return false;
        if (_index == _count)
        {
            if (_next < 0) { Dispose(); return false; }
            _next = Engine.Batch(_all, _subject, _next, _ctx, BatchSize);
            _index = 0;
            _count = _ctx.FoundCount;
            if (_count == 0) { Dispose(); return false; }
        }
        var pairs = _ctx.FoundPairs!;
        int start = pairs[2 * _index], end = pairs[2 * _index + 1];
        _index++;
        int from = _subject.ToCaller(start, _ctx);
        Current = new ValueMatch(from, _subject.ToCaller(end, _ctx) - from);
        return true;
    }

    /// <summary>Returns the pooled context and buffer.</summary>
    public void Dispose()
    {
        if (_ctx is not null) Engine.Return(_ctx);
        _ctx = null;
        if (_pooled is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_pooled);
        _pooled = null;
    }
}
