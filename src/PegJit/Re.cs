// LPeg's re module: patterns from text, and its match / find / gsub.
using System.Text;
using PegJit.Compiler;

namespace PegJit;

/// <summary>
/// LPeg's <c>re</c> syntax, e.g. <c>Re.Compile("{[a-z]+} '=' {%d+}")</c>. The optional definitions
/// dictionaries supply <c>%name</c> patterns and the functions, strings and tables of <c>-&gt; name</c>,
/// <c>=&gt; name</c>, <c>~&gt; name</c> and <c>&gt;&gt; name</c>.
/// </summary>
public static class Re
{
    /// <summary>Compiles re text; malformed text throws <see cref="PegSyntaxException"/> with line, column and caret.</summary>
    public static Pattern Compile(string source, IReadOnlyDictionary<string, object?>? defs = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReParser.Parse(Encoding.UTF8.GetBytes(source), defs, source);
    }

    /// <summary>Compiles re text given as raw bytes (each byte one character, as a Lua string).</summary>
    public static Pattern Compile(byte[] source, IReadOnlyDictionary<string, object?>? defs = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReParser.Parse(source, defs, null);
    }

    /// <summary><c>re.match</c>: the pattern anchored at <paramref name="init"/>.</summary>
    public static MatchResult Match(string subject, string pattern, int? init = null, MatchOptions? options = null) =>
        Peg.Match(Compile(pattern), subject, init, options);

    /// <summary><c>re.find</c>: the first match at or after <paramref name="init"/>.</summary>
    public static MatchResult Find(string subject, string pattern, int? init = null, MatchOptions? options = null) =>
        Peg.Find(Compile(pattern), subject, init, options);

    /// <summary><c>re.gsub</c>: every match replaced by <paramref name="replacement"/> (with %0..%9).</summary>
    public static string Gsub(string subject, string pattern, string replacement, MatchOptions? options = null) =>
        Peg.Replace(Compile(pattern), subject, replacement, options);
}
