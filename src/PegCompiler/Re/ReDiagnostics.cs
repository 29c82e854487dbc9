// re parse failures -> PegSyntaxException: what went wrong, and where in the text the caller wrote.
using System.Text;

namespace PegJit.Compiler;

/// <summary>
/// Errors about re text. The reader works on bytes; messages quote the caller's text (the .NET string it was
/// given, or else the bytes one character each, as Lua shows them), so byte offsets are mapped to characters.
/// </summary>
internal sealed class ReDiagnostics(byte[] source, string? originalText)
{
    private string? _text;

    private string Text => _text ??= originalText ?? Encoding.Latin1.GetString(source);

    /// <summary>The character offset in the caller's text of byte offset <paramref name="bytePos"/>.</summary>
    public int CharOffset(int bytePos)
    {
        bytePos = Math.Clamp(bytePos, 0, source.Length);
        if (originalText is null) return bytePos;
        return Math.Min(Encoding.UTF8.GetCharCount(source, 0, bytePos), originalText.Length);
    }

    /// <summary>An error about the text at <paramref name="bytePos"/>.</summary>
    public PegSyntaxException Error(string problem, int bytePos) => new(problem, Text, CharOffset(bytePos));

    /// <summary>re's "pattern error": the text cannot go on at <paramref name="bytePos"/>.</summary>
    public PegSyntaxException SyntaxError(int bytePos) => Error(Explain(bytePos), bytePos);

    // re itself only says "pattern error near ...". The reader stops at the same place; what is there says
    // which construct could not be completed, since each one fails back to its first byte.
    private string Explain(int p)
    {
        if (p >= source.Length) return "unexpected end of pattern";
        char next = p + 1 < source.Length ? (char)source[p + 1] : '\0';
        char prev = p > 0 ? (char)source[p - 1] : '\0';
        return (char)source[p] switch
        {
            '\'' or '"' => "unterminated string literal",
            '[' => "unterminated character class (missing ']')",
            '(' => "'(' has no matching ')'",
            '{' => "'{' has no matching '}'",
            ':' when prev == '{' => "'{:' has no matching ':}'",
            '~' when prev == '{' => "'{~' has no matching '~}'",
            '|' when prev == '{' => "'{|' has no matching '|}'",
            '%' => "'%' must be followed by a name",
            '=' when next == '>' => "'=>' must be followed by a name",
            '=' => "'=' must be followed by a group name",
            '-' when next == '>' => "'->' must be followed by a string, a number, '{}' or a name",
            '~' when next == '>' => "'~>' must be followed by a name",
            '>' when next == '>' => "'>>' must be followed by a name",
            '^' => "'^' must be followed by a count: ^n, ^+n or ^-n",
            '<' when next == '-' => "unexpected '<-'",
            '<' => "malformed rule reference (expected '<name>')",
            '&' or '!' => ExplainOperand(p),
            var c when IsNameStart(c) => "a rule definition ('name <-') can only follow another rule",
            _ => $"unexpected {Show(p)}",
        };
    }

    // A predicate fails back to its '&' or '!' when its operand fails: explain the operand when there is one.
    private string ExplainOperand(int p)
    {
        int q = p;
        while (q < source.Length && (source[q] is (byte)'&' or (byte)'!' || IsSpace(source[q]))) q++;
        return q < source.Length && source[q] is (byte)'(' or (byte)'{' or (byte)'[' or (byte)'\'' or (byte)'"' or (byte)'%' or (byte)'<' or (byte)'='
            ? Explain(q)
            : $"'{(char)source[p]}' must be followed by a pattern";
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (>= (byte)'\t' and <= (byte)'\r');

    private static bool IsNameStart(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_';

    // The character at byte p as the caller wrote it.
    private string Show(int p)
    {
        int at = CharOffset(p);
        string text = Text;
        if (at >= text.Length) return "end of pattern";
        int len = char.IsHighSurrogate(text[at]) && at + 1 < text.Length ? 2 : 1;
        string c = text.Substring(at, len);
        return c.Length == 1 && char.IsControl(c[0]) ? $"character 0x{(int)c[0]:X2}" : $"'{c}'";
    }
}
