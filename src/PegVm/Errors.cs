// The exceptions PegJit throws: every failure a caller can see is one of these (or an argument/cancellation exception).
namespace PegJit;

/// <summary>Base of every error PegJit reports about a pattern, a grammar, a limit or a capture.</summary>
public class PegException : Exception
{
    /// <summary>Position the error refers to (in the pattern text for syntax errors, in the subject otherwise), or -1.</summary>
    public int Position { get; }

    /// <summary>Creates an error with a message and an optional position.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="position">The position the error refers to, or -1.</param>
    /// <param name="inner">The exception that caused this one, if any.</param>
    public PegException(string message, int position = -1, Exception? inner = null) : base(message, inner) => Position = position;
}

/// <summary>Malformed <c>re</c> text: carries line, column and a caret snippet.</summary>
public sealed class PegSyntaxException : PegException
{
    /// <summary>1-based line of the error in the pattern text.</summary>
    public int Line { get; }
    /// <summary>1-based column of the error in the pattern text.</summary>
    public int Column { get; }
    /// <summary>The offending line with a caret under the error.</summary>
    public string Snippet { get; }

    /// <summary>Creates a syntax error at <paramref name="position"/> (0-based) in <paramref name="source"/>; the message
    /// names the line and column and shows the snippet.</summary>
    /// <param name="problem">What is wrong, e.g. <c>unexpected ')'</c>.</param>
    /// <param name="source">The whole pattern text.</param>
    /// <param name="position">The 0-based index in <paramref name="source"/> where the problem is.</param>
    public PegSyntaxException(string problem, string source, int position)
        : base(Describe(problem, source, position, out int line, out int col, out string snippet), position)
    {
        Line = line; Column = col; Snippet = snippet;
    }

    private static string Describe(string problem, string source, int position, out int line, out int col, out string snippet)
    {
        position = Math.Clamp(position, 0, source.Length);
        int lineStart = source.LastIndexOf('\n', Math.Max(position - 1, 0)) + 1;
        if (position == 0) lineStart = 0;
        int lineEnd = source.IndexOf('\n', position);
        if (lineEnd < 0) lineEnd = source.Length;
        line = 1 + source.AsSpan(0, lineStart).Count('\n');
        col = position - lineStart + 1;
        snippet = source[lineStart..lineEnd] + "\n" + new string(' ', col - 1) + "^";
        return $"pattern error at line {line}, column {col}: {problem}\n{snippet}";
    }
}

/// <summary>A grammar LPeg would reject: left recursion, a loop on a pattern that accepts the empty string, an undefined rule...</summary>
public sealed class PegGrammarException : PegException
{
    /// <summary>Creates a grammar error with LPeg's message.</summary>
    /// <param name="message">The message, e.g. <c>rule 'a' may be left recursive</c>.</param>
    public PegGrammarException(string message) : base(message) { }
}

/// <summary>
/// A combinator was given an argument LPeg rejects (a range that is not two characters, a code point out of range, an
/// absent rule name, an argument index below 1...); the message is LPeg's.
/// </summary>
public sealed class PegArgumentException : PegException
{
    /// <summary>The parameter the argument was given for.</summary>
    public string ParamName { get; }

    /// <summary>Creates an argument error with LPeg's message; the parameter's name is appended in parentheses.</summary>
    /// <param name="message">LPeg's message, e.g. <c>invalid argument index</c>.</param>
    /// <param name="paramName">The parameter the argument was given for.</param>
    public PegArgumentException(string message, string paramName) : base($"{message} ({paramName})") => ParamName = paramName;
}

/// <summary>A limit was reached: backtrack stack, nesting depth, pattern size.</summary>
public sealed class PegLimitException : PegException
{
    /// <summary>Creates a limit error.</summary>
    /// <param name="message">Which limit, e.g. <c>backtrack stack overflow (current limit is 400)</c>.</param>
    /// <param name="position">The position (in the subject, or in re text) where it was reached, or -1.</param>
    public PegLimitException(string message, int position = -1) : base(message, position) { }
}

/// <summary>A capture could not be evaluated (an invalid index, a fold without initial value, a bad match-time result...).</summary>
public sealed class PegCaptureException : PegException
{
    /// <summary>Creates a capture error with LPeg's message.</summary>
    /// <param name="message">The message, e.g. <c>back reference 'x' not found</c>.</param>
    /// <param name="inner">The exception that caused this one, if any.</param>
    public PegCaptureException(string message, Exception? inner = null) : base(message, -1, inner) { }
}
