// LPeg's re module: patterns from text, and its match / find / gsub over a bounded cache of compiled patterns.
using System.Text;
using PegJit.Compiler;

namespace PegJit;

/// <summary>
/// LPeg's <c>re</c> syntax, e.g. <c>Re.Compile("{[a-z]+} '=' {%d+}")</c>. The optional definitions
/// dictionaries supply <c>%name</c> patterns and the functions, strings and tables of <c>-&gt; name</c>,
/// <c>=&gt; name</c>, <c>~&gt; name</c> and <c>&gt;&gt; name</c>.
/// </summary>
/// <remarks>
/// <para>The static <see cref="Match"/>, <see cref="Find"/> and <see cref="Gsub"/> take the subject first and the
/// pattern text second, as LPeg's <c>re.match(subject, pattern)</c> and .NET's <c>Regex.Match(input, pattern)</c> do;
/// <see cref="Peg"/>'s functions take a compiled <see cref="Pattern"/> first, as <c>lpeg.match(p, subject)</c>. Since
/// both arguments of the static functions are strings, name them when in doubt: <c>Re.Match(subject: s, pattern: "...")</c>.</para>
/// <para>The static functions keep the last <see cref="CacheSize"/> pattern texts they compiled, as <c>Regex</c>'s
/// static methods do, so calling them in a loop does not compile again. For hot code, compile once with
/// <see cref="Compile(string, IReadOnlyDictionary{string, object?}?)"/> and keep the pattern.</para>
/// </remarks>
public static class Re
{
    private static readonly PatternCache Cache = new(15);

    /// <summary>How many pattern texts the static functions keep compiled (15 by default, as <c>Regex.CacheSize</c>;
    /// 0 turns the cache off).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative value.</exception>
    public static int CacheSize
    {
        get => Cache.Capacity;
        set => Cache.Capacity = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The cache size cannot be negative.");
    }

    /// <summary>Compiles re text.</summary>
    /// <param name="source">The pattern in re syntax (the package README has the syntax at a glance).</param>
    /// <param name="defs">Names that <c>%name</c>, <c>-&gt; name</c>, <c>=&gt; name</c>, <c>~&gt; name</c> and
    /// <c>&gt;&gt; name</c> refer to: patterns, capture functions (<see cref="CaptureFunction"/>,
    /// <see cref="SpanCaptureFunction"/>, and for <c>-&gt;</c> <see cref="Utf8CaptureFunction"/>), strings, tables.</param>
    /// <returns>The compiled pattern, reusable and safe to share between threads.</returns>
    /// <exception cref="PegSyntaxException">Malformed text, or a name that <paramref name="defs"/> does not define or
    /// defines with a value of the wrong kind (with line, column and a caret snippet).</exception>
    /// <exception cref="PegLimitException">The pattern is past a size or depth limit.</exception>
    /// <exception cref="PegGrammarException">The rules are a grammar LPeg rejects (left recursion, an empty loop...).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var date = Re.Compile("{%d^4} '-' {%d^2} '-' {%d^2}");
    /// var r = Peg.Match(date, "2026-12-02");
    /// Console.WriteLine(r.GetString(0)); // prints: 2026
    /// </code></example>
    public static Pattern Compile(string source, IReadOnlyDictionary<string, object?>? defs = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReParser.Parse(Encoding.UTF8.GetBytes(source), defs, source);
    }

    /// <summary>Compiles re text given as raw bytes (each byte one character, as a Lua string).</summary>
    /// <param name="source">The pattern's bytes.</param>
    /// <param name="defs">Names the pattern refers to, as for <see cref="Compile(string, IReadOnlyDictionary{string, object?}?)"/>.</param>
    /// <returns>The compiled pattern.</returns>
    /// <exception cref="PegSyntaxException">Malformed text.</exception>
    /// <exception cref="PegLimitException">The pattern is past a size or depth limit.</exception>
    /// <exception cref="PegGrammarException">The rules are a grammar LPeg rejects.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
    public static Pattern Compile(byte[] source, IReadOnlyDictionary<string, object?>? defs = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return ReParser.Parse(source, defs, null);
    }

    /// <summary><c>re.match</c>: <paramref name="pattern"/> anchored at <paramref name="init"/> of <paramref name="subject"/>.</summary>
    /// <param name="subject">The text to match.</param>
    /// <param name="pattern">The pattern in re syntax (compiled once and cached).</param>
    /// <param name="init">Where to start (negative: from the end); the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The match, or <see cref="MatchResult.Failure"/>.</returns>
    /// <exception cref="PegSyntaxException">Malformed pattern text.</exception>
    /// <exception cref="PegException">The pattern is a grammar LPeg rejects (<see cref="PegGrammarException"/>), a limit
    /// was reached (<see cref="PegLimitException"/>) or a capture could not be evaluated (<see cref="PegCaptureException"/>).</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their timeout passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subject"/> or <paramref name="pattern"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var r = Re.Match("2026-12-02", "{%d+} '-' {%d+}");
    /// Console.WriteLine($"{r.End} {r.GetString(0)} {r.GetString(1)}");   // prints: 7 2026 12
    /// Console.WriteLine(Re.Match("x2026", "%d+").Success);               // prints: False
    /// </code></example>
    public static MatchResult Match(string subject, string pattern, int? init = null, MatchOptions? options = null) =>
        Peg.Match(Cached(pattern), subject, init, options);

    /// <summary><c>re.find</c>: the first match of <paramref name="pattern"/> at or after <paramref name="init"/>.</summary>
    /// <param name="subject">The text to search.</param>
    /// <param name="pattern">The pattern in re syntax (compiled once and cached).</param>
    /// <param name="init">Where the search begins; the subject's start when left out.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The first match, or <see cref="MatchResult.Failure"/>.</returns>
    /// <exception cref="PegSyntaxException">Malformed pattern text.</exception>
    /// <exception cref="PegException">A grammar, limit or capture error, as for <see cref="Match"/>.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their timeout passed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="subject"/> or <paramref name="pattern"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// var m = Re.Find("total: 42 items", "%d+");
    /// Console.WriteLine($"{m.Start} {m.End} {m.Text}");   // prints: 7 9 42
    /// </code></example>
    public static MatchResult Find(string subject, string pattern, int? init = null, MatchOptions? options = null) =>
        Peg.Find(Cached(pattern), subject, init, options);

    /// <summary><c>re.gsub</c>: every match of <paramref name="pattern"/> replaced by <paramref name="replacement"/>.</summary>
    /// <param name="subject">The text to rewrite.</param>
    /// <param name="pattern">The pattern in re syntax (compiled once and cached).</param>
    /// <param name="replacement">The replacement, where <c>%0</c> is the whole match and <c>%1</c>..<c>%9</c> its captures.</param>
    /// <param name="options">Match options; <see cref="MatchOptions.Default"/> when null.</param>
    /// <returns>The rewritten text.</returns>
    /// <exception cref="PegSyntaxException">Malformed pattern text.</exception>
    /// <exception cref="PegException">A grammar, limit or capture error, as for <see cref="Match"/>.</exception>
    /// <exception cref="OperationCanceledException">The options' token was cancelled or their timeout passed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <example><code>
    /// using PegJit;
    ///
    /// Console.WriteLine(Re.Gsub("hello world", "{%a+}", "[%1]"));   // prints: [hello] [world]
    /// </code></example>
    public static string Gsub(string subject, string pattern, string replacement, MatchOptions? options = null) =>
        Peg.Replace(Cached(pattern), subject, replacement, options);

    private static Pattern Cached(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return Cache.GetOrAdd(pattern, static text => Compile(text));
    }
}

/// <summary>A bounded map from pattern text to compiled pattern, least recently used first out (one lock: the
/// work it guards is a dictionary lookup; compiling happens outside it).</summary>
internal sealed class PatternCache(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<(string Text, Pattern Pattern)>> _map = new(StringComparer.Ordinal);
    private readonly LinkedList<(string Text, Pattern Pattern)> _order = new();
    private int _capacity = capacity;

    public int Capacity
    {
        get { lock (_map) return _capacity; }
        set { lock (_map) { _capacity = value; Trim(); } }
    }

    public Pattern GetOrAdd(string text, Func<string, Pattern> compile)
    {
        lock (_map)
        {
            if (_map.TryGetValue(text, out var hit))
            {
                _order.Remove(hit);
                _order.AddFirst(hit);
                return hit.Value.Pattern;
            }
        }
        var p = compile(text);
        lock (_map)
        {
            if (_capacity == 0 || _map.ContainsKey(text)) return p;
            _map[text] = _order.AddFirst((text, p));
            Trim();
        }
        return p;
    }

    public int Count { get { lock (_map) return _map.Count; } }

    private void Trim()
    {
        while (_map.Count > _capacity)
        {
            _map.Remove(_order.Last!.Value.Text);
            _order.RemoveLast();
        }
    }
}
