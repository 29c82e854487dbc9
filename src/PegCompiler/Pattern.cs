// C# combinators in LPeg's spirit -> pattern trees (and, on first use, compiled bytecode).
using System.Text;
using PegJit.Compiler;
using PegJit.Vm;

namespace PegJit;

/// <summary>
/// A parsing expression, built with LPeg's combinators (<c>using static PegJit.Pattern;</c>) or from <c>re</c>
/// text. Patterns are immutable and thread-safe; each compiles once, on first use.
/// </summary>
/// <example><code>
/// using static PegJit.Pattern;
/// var digit = R("09");
/// var number = C(digit ^ 1) / (a => int.Parse((string)a[0]!));
/// var list = number * (("," * number) ^ 0);
/// </code></example>
/// <remarks>
/// C# gives <c>^</c> a lower precedence than <c>*</c> and <c>+</c>, unlike Lua: write <c>"," * (number ^ 0)</c>,
/// or use <see cref="Rep"/>. Positions are 0-based unless a match asks for LPeg's 1-based positions.
/// </remarks>
public sealed partial class Pattern
{
    internal Node Node { get; }
    private Program? _program, _search, _allMatches;

    internal Pattern(Node node) => Node = node;

    /// <summary>The compiled program (compiled on first call; LPeg's grammar checks run here).</summary>
    internal Program Program => _program ??= Compiler.Compiler.Compile(Node);

    private sealed record Replacement(string Text, Pattern Pattern);
    private Replacement? _replacement;   // one reference: read and written atomically

    /// <summary><c>this / replacement</c> (a string capture), remembered for the last replacement text used.</summary>
    internal Pattern WithReplacement(string replacement)
    {
        if (_replacement is { } r && r.Text == replacement) return r.Pattern;
        var p = this / replacement;
        _replacement = new Replacement(replacement, p);
        return p;
    }

    private Program? _report;

    /// <summary>The program with its failure labels (the same code as <see cref="Program"/>), compiled the first time a
    /// failure is explained; a race compiles it twice and keeps one, as for the other programs.</summary>
    internal Program ReportProgram => _report ??= Compiler.Compiler.CompileForReport(Node);

    /// <summary>Whether a report was asked for (tests: the report costs nothing until then).</summary>
    internal bool HasReportProgram => _report is not null;

    /// <summary>The search program (<c>S &lt;- p / skip S</c>, compiled on first search) and its search facts.</summary>
    internal Program SearchProgram => _search ??= Compiler.Compiler.CompileSearch(Node);

    /// <summary>The all-matches search program (for counting and enumerating), compiled on first use.</summary>
    internal Program AllMatchesProgram => _allMatches ??= Compiler.Compiler.CompileSearch(Node, allMatches: true);

    /// <summary>The search programs that searches have compiled so far.</summary>
    internal IEnumerable<Program> SearchProgramsCompiled => new[] { _search, _allMatches }.OfType<Program>();

    /// <summary>
    /// What the compiler proved about where matches can begin (leading literal, sets at fixed distances, a literal
    /// after a leading span, a required literal, the minimum length, the skip after a failed attempt). Unanchored
    /// search and pegrep's line prefilter use them.
    /// </summary>
    internal SearchFacts SearchFacts => SearchProgram.Facts!;

    /// <summary>The search facts (see <c>SearchFacts</c>) as one line, e.g. <c>literal "GET "; min length 5</c>.</summary>
    /// <returns>A description for people; its wording may change between versions.</returns>
    public string DumpSearch() => SearchFacts.ToString();

    /// <summary>
    /// Bytes that can begin a match, for skipping ahead in a search (vectorized with <c>IndexOfAny</c>); null when
    /// the pattern may match at any position (it can match the empty string, or its first byte is unconstrained).
    /// A position whose byte is not in this set cannot start a match.
    /// </summary>
    internal System.Buffers.SearchValues<byte>? StartBytes => Program.FirstSearch;

    /// <summary>The pattern tree, one node a line (LPeg's <c>ptree</c>); levels past 32 show their number instead of deeper indentation.</summary>
    /// <returns>A description for people; its wording may change between versions.</returns>
    public string DumpTree() => TreePrinter.Print(Node);

    /// <summary>Writes the pattern tree to <paramref name="output"/> as <see cref="DumpTree()"/> does, without building the text in memory.</summary>
    /// <param name="output">Where the lines go.</param>
    public void DumpTree(TextWriter output) => TreePrinter.Print(Node, output);

    /// <summary>The compiled bytecode, one instruction a line (LPeg's <c>pcode</c>); compiles the pattern if no match has yet.</summary>
    /// <returns>A listing for people; its wording may change between versions.</returns>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects, or uses a rule outside a grammar.</exception>
    public string DumpCode() => Program.Dump();

    /// <summary>Writes the compiled bytecode to <paramref name="output"/>, one instruction a line.</summary>
    /// <param name="output">Where the lines go.</param>
    /// <exception cref="PegGrammarException">The pattern is a grammar LPeg rejects, or uses a rule outside a grammar.</exception>
    public void DumpCode(TextWriter output) => Program.Dump(output);

    // ---- basic patterns ----------------------------------------------------------------------------

    /// <summary>Matches <paramref name="text"/> literally (LPeg's <c>lpeg.P(string)</c>): its UTF-8 bytes, in order,
    /// at the current position. A string converts to a pattern implicitly, so <c>"," * p</c> needs no <c>P</c>.</summary>
    /// <param name="text">The literal; <c>""</c> always succeeds, consuming nothing.</param>
    /// <returns>A pattern that consumes the text or fails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var get = P("GET ");
    /// Console.WriteLine(Peg.Match(get, "GET /index.html").End);   // prints: 4
    /// Console.WriteLine(Peg.Match(get, "get /").Success);         // prints: False
    /// </code></example>
    public static Pattern P(string text) => P(Encoding.UTF8.GetBytes(text));

    /// <summary>Matches these bytes literally, in order, at the current position.</summary>
    /// <param name="bytes">The literal; empty always succeeds, consuming nothing.</param>
    /// <returns>A pattern that consumes the bytes or fails.</returns>
    public static Pattern P(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return new(TrueNode.Instance);
        Node n = CharNode.Of(bytes[^1]);
        for (int i = bytes.Length - 2; i >= 0; i--) n = new SeqNode(CharNode.Of(bytes[i]), n);
        return new(n);
    }

    /// <summary>A pattern of length: <c>n ≥ 0</c> matches exactly n bytes, whatever they are (<c>P(0)</c> always succeeds);
    /// <c>n &lt; 0</c> succeeds only when fewer than -n bytes remain, consuming nothing, so <c>P(-1)</c> (or <c>-P(1)</c>)
    /// is the end of the subject. Lengths count UTF-8 bytes, also for a string subject: "é" is two.</summary>
    /// <param name="n">The count of bytes.</param>
    /// <returns>The pattern.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// Console.WriteLine(Peg.Match(P(3), "abcd").End);               // prints: 3
    /// Console.WriteLine(Peg.Match(P(3), "ab").Success);             // prints: False
    /// Console.WriteLine(Peg.Match("ab" * P(-1), "ab").Success);    // prints: True
    /// Console.WriteLine(Peg.Match("ab" * P(-1), "abc").Success);   // prints: False
    /// </code></example>
    public static Pattern P(int n)
    {
        if (n == 0) return new(TrueNode.Instance);
        int count = n == int.MinValue ? int.MaxValue : Math.Abs(n);
        Node any = AnyNode.Instance;
        for (int i = 1; i < count; i++) any = new SeqNode(AnyNode.Instance, any);
        return new(n > 0 ? any : new NotNode(any));
    }

    /// <summary><c>true</c> always succeeds consuming nothing; <c>false</c> always fails.</summary>
    /// <param name="value">Which of the two.</param>
    /// <returns>The pattern.</returns>
    public static Pattern P(bool value) => new(value ? TrueNode.Instance : FalseNode.Instance);

    /// <summary>The pattern itself (LPeg's <c>P(pattern)</c>).</summary>
    /// <param name="p">A pattern.</param>
    /// <returns><paramref name="p"/>.</returns>
    public static Pattern P(Pattern p) => p;

    /// <summary>A match-time function over the empty string: <c>Cmt(P(true), f)</c>, called with the current
    /// position and no captures; what it returns decides whether and where the match goes on.</summary>
    /// <param name="f">The function; see <see cref="MatchTimeFunction"/> for what it may return.</param>
    /// <returns>The pattern.</returns>
    public static Pattern P(MatchTimeFunction f) => new(new RunTimeNode(TrueNode.Instance, f));

    /// <summary>Matches any one character of <paramref name="set"/> (LPeg's <c>lpeg.S</c>).</summary>
    /// <param name="set">The characters. Text is text: a non-ASCII character matches its UTF-8 encoding as a whole,
    /// as <see cref="P(string)"/> does, so <c>S("éx")</c> matches "é" or "x". For a set of raw bytes use
    /// <see cref="S(ReadOnlySpan{byte})"/>.</param>
    /// <returns>A pattern consuming one character of the set; <c>S("")</c> always fails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="set"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var vowels = S("aeiou") ^ 1;
    /// Console.WriteLine(Peg.Match(vowels, "aeixyz").End);   // prints: 3
    /// Console.WriteLine(Peg.Count(S("éx"), "éxe"));          // prints: 2
    /// </code></example>
    public static Pattern S(string set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var bytes = Charset.Empty;
        Node? wide = null;
        foreach (var rune in set.EnumerateRunes())
        {
            if (rune.IsAscii) bytes |= Charset.Range(rune.Value, rune.Value);
            else wide = Either(wide, P(rune.ToString()).Node);
        }
        return new(Either(new SetNode(bytes), wide));
    }

    /// <summary>Matches one byte that is in <paramref name="set"/> (each byte a member, e.g. <c>S("\r\n"u8)</c>).</summary>
    /// <param name="set">The member bytes.</param>
    /// <returns>A pattern consuming one byte of the set.</returns>
    public static Pattern S(ReadOnlySpan<byte> set) => new(new SetNode(Charset.OfBytes(set.ToArray())));

    /// <summary>Matches one character in any of the ranges (LPeg's <c>lpeg.R</c>), each a two-character string such
    /// as <c>"az"</c>.</summary>
    /// <param name="ranges">Inclusive ranges. Text is text, as in <see cref="S(string)"/>: a range with a non-ASCII
    /// end is a range of code points matched in UTF-8 (<c>R("αω")</c> is <c>UtfR(0x3B1, 0x3C9)</c>). For byte ranges
    /// use <see cref="R(ReadOnlySpan{byte})"/>.</param>
    /// <returns>A pattern consuming one character in a range; no ranges always fails.</returns>
    /// <exception cref="PegArgumentException">A range is not two characters (surrogate pairs count as one).</exception>
    /// <exception cref="ArgumentNullException"><paramref name="ranges"/> is null.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var identifier = (R("az", "AZ") + "_") * ((R("az", "AZ", "09") + "_") ^ 0);
    /// Console.WriteLine(Peg.Match(identifier, "x_1 = 2").End);   // prints: 3
    /// Console.WriteLine(Peg.Match(identifier, "1x").Success);    // prints: False
    /// </code></example>
    public static Pattern R(params string[] ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        var bytes = Charset.Empty;
        Node? wide = null;
        foreach (var r in ranges)
        {
            var ends = (r ?? "").EnumerateRunes().ToArray();
            if (ends.Length != 2) throw new PegArgumentException("range must have two characters", nameof(ranges));
            int from = ends[0].Value, to = ends[1].Value;
            if (from > to) continue;   // an empty range, as LPeg's R("za")
            if (to <= 0x7F) bytes |= Charset.Range(from, to);
            else wide = Either(wide, UtfR(from, to).Node);
        }
        return new(Either(new SetNode(bytes), wide));
    }

    /// <summary>Matches one byte in any of the ranges, given as pairs of bytes: <c>R("az09"u8)</c>.</summary>
    /// <param name="pairs">An even number of bytes, each pair an inclusive range.</param>
    /// <returns>A pattern consuming one byte in a range.</returns>
    /// <exception cref="PegArgumentException">The number of bytes is odd.</exception>
    public static Pattern R(ReadOnlySpan<byte> pairs)
    {
        if (pairs.Length % 2 != 0) throw new PegArgumentException("range must have two characters", nameof(pairs));
        var set = Charset.Empty;
        for (int i = 0; i < pairs.Length; i += 2) set |= Charset.Range(pairs[i], pairs[i + 1]);
        return new(new SetNode(set));
    }

    // A byte set (possibly empty) or'ed with the choice of wide characters, if any.
    private static Node Either(Node? a, Node? b) => a is null ? b! : b is null ? a : Build.Choice(a, b);

    /// <summary>Matches one UTF-8 encoded code point in [<paramref name="from"/>, <paramref name="to"/>] (LPeg 1.1's
    /// <c>utfR</c>): the 1 to 4 bytes of its encoding.</summary>
    /// <param name="from">The first code point of the range, 0 to 0x10FFFF.</param>
    /// <param name="to">The last code point of the range, <paramref name="from"/> to 0x10FFFF.</param>
    /// <returns>A pattern consuming one character in the range.</returns>
    /// <exception cref="PegArgumentException">A code point is out of range, or <paramref name="from"/> is greater than <paramref name="to"/>.</exception>
    public static Pattern UtfR(int from, int to)
    {
        if (from is < 0 or > 0x10FFFF) throw new PegArgumentException("invalid code point", nameof(from));
        if (to is < 0 or > 0x10FFFF) throw new PegArgumentException("invalid code point", nameof(to));
        if (from > to) throw new PegArgumentException("empty range", nameof(to));
        if (to <= 0x7F) return new(new SetNode(Charset.Range(from, to)));
        return new(new UtfRangeNode(from, to));
    }

    /// <summary>A reference to rule <paramref name="name"/> of the enclosing grammar (LPeg's <c>lpeg.V</c>), resolved
    /// when the grammar is built by <see cref="Grammar(ValueTuple{string, Pattern}[])"/>.</summary>
    /// <param name="name">The rule's name.</param>
    /// <returns>A pattern that calls the rule.</returns>
    /// <exception cref="PegArgumentException"><paramref name="name"/> is null.</exception>
    /// <remarks>A reference left outside any grammar makes the first match (or <see cref="DumpCode()"/>) throw a
    /// <see cref="PegGrammarException"/>.</remarks>
    public static Pattern V(string name)
    {
        if (name is null) throw new PegArgumentException("non-nil value expected", nameof(name));
        return new(new OpenCallNode(name));
    }

    /// <summary>Look-behind (LPeg's <c>lpeg.B</c>): succeeds, consuming nothing, when <paramref name="p"/> matches the
    /// bytes just before the current position; p must have a fixed length (≤ 255 bytes) and no captures.</summary>
    /// <param name="p">The pattern to look for behind the current position.</param>
    /// <returns>The predicate.</returns>
    /// <exception cref="PegGrammarException"><paramref name="p"/> has no fixed length, is longer than 255 bytes, or has captures.</exception>
    /// <example><code>
    /// var amount = B("$") * C(R("09") ^ 1);
    /// Console.WriteLine(Peg.Find(amount, "room 12 costs $42").GetString(0));   // prints: 42
    /// </code></example>
    public static Pattern B(Pattern p)
    {
        int n = Analysis.FixedLength(NodeOf(p));
        if (n < 0) throw new PegGrammarException("pattern may not have fixed length");
        if (Analysis.HasCaptures(NodeOf(p))) throw new PegGrammarException("pattern have captures");
        if (n > 255) throw new PegGrammarException("pattern too long to look behind");
        return new(new BehindNode(NodeOf(p), n));
    }

    /// <summary>A grammar (LPeg's <c>lpeg.P</c> of a table): named rules that refer to each other with <see cref="V"/>,
    /// the first one being the start rule. The grammar matches what its start rule matches.</summary>
    /// <param name="rules">The rules as (name, pattern) pairs; at least one.</param>
    /// <returns>The grammar as a pattern, usable inside other patterns.</returns>
    /// <exception cref="PegGrammarException">No rules, a rule defined twice, a reference to an undefined rule, a rule
    /// that may be left recursive, or a loop whose body may match the empty string.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// // Balanced parentheses: S &lt;- "(" S* ")"
    /// var balanced = Grammar(("S", "(" * (V("S") ^ 0) * ")"));
    /// Console.WriteLine(Peg.Match(balanced, "(()(()))").End);   // prints: 8
    /// Console.WriteLine(Peg.Match(balanced, "(()").Success);    // prints: False
    /// </code></example>
    public static Pattern Grammar(params (string Name, Pattern Rule)[] rules) => new(Linker.MakeGrammar(rules ?? throw new ArgumentNullException(nameof(rules)), null));

    /// <summary>A grammar whose start rule is <paramref name="start"/> (LPeg's grammar table with an initial rule name).</summary>
    /// <param name="start">The name of the start rule, one of <paramref name="rules"/>.</param>
    /// <param name="rules">The rules as (name, pattern) pairs.</param>
    /// <returns>The grammar as a pattern.</returns>
    /// <exception cref="PegGrammarException">The start rule is not defined, or the rules are rejected as by
    /// <see cref="Grammar(ValueTuple{string, Pattern}[])"/>.</exception>
    public static Pattern Grammar(string start, IEnumerable<(string Name, Pattern Rule)> rules) =>
        new(Linker.MakeGrammar((rules ?? throw new ArgumentNullException(nameof(rules))).ToArray(), start));

    /// <summary>Character classes of the C locale (alnum, alpha, cntrl, digit, graph, lower, print, punct, space, upper, xdigit),
    /// as LPeg's <c>lpeg.locale()</c> gives them.</summary>
    /// <returns>A new dictionary from class name to a one-byte set pattern.</returns>
    public static IReadOnlyDictionary<string, Pattern> Locale()
    {
        var d = new Dictionary<string, Pattern>(StringComparer.Ordinal);
        foreach (var c in CharClasses.Locale) d[c.Name] = new Pattern(new SetNode(c.Set));
        return d;
    }

    // ---- operators -------------------------------------------------------------------------------

    /// <summary>Matches <paramref name="text"/> literally, as <see cref="P(string)"/>.</summary>
    /// <param name="text">The literal.</param>
    /// <returns>The pattern.</returns>
    public static implicit operator Pattern(string text) => P(text);
    /// <summary>A pattern of length, as <see cref="P(int)"/>.</summary>
    /// <param name="n">The count of bytes (negative: fewer than -n remain).</param>
    /// <returns>The pattern.</returns>
    public static implicit operator Pattern(int n) => P(n);
    /// <summary>Always succeed or always fail, as <see cref="P(bool)"/>.</summary>
    /// <param name="value">Which of the two.</param>
    /// <returns>The pattern.</returns>
    public static implicit operator Pattern(bool value) => P(value);

    /// <summary>Sequence (LPeg's <c>p1 * p2</c>): <paramref name="a"/>, then <paramref name="b"/> where <paramref name="a"/>
    /// ended. There is no backtracking into <paramref name="a"/>: PEG choices and repetitions are committed once they
    /// succeed, so <c>(P("a") ^ 0) * "a"</c> never matches.</summary>
    /// <param name="a">The first pattern.</param>
    /// <param name="b">The pattern that follows.</param>
    /// <returns>The sequence; its captures are those of <paramref name="a"/> followed by those of <paramref name="b"/>.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var greeting = P("hello") * " " * C(R("az") ^ 1);
    /// Console.WriteLine(Peg.Match(greeting, "hello world").GetString(0));   // prints: world
    /// Console.WriteLine(Peg.Match((P("a") ^ 0) * "a", "aaa").Success);      // prints: False
    /// </code></example>
    public static Pattern operator *(Pattern a, Pattern b) => new(Build.Seq(NodeOf(a), NodeOf(b)));

    /// <summary>Ordered choice (LPeg's <c>p1 + p2</c>): <paramref name="a"/>, or, only if it fails, <paramref name="b"/>
    /// from the same position. The first alternative that succeeds wins, even when the other would match more. Two
    /// charsets fold into one.</summary>
    /// <param name="a">The alternative tried first.</param>
    /// <param name="b">The alternative tried when <paramref name="a"/> fails.</param>
    /// <returns>The choice; its captures are those of the alternative that matched.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var keyword = P("for") + "foreach";
    /// Console.WriteLine(Peg.Match(keyword, "foreach").End);                 // prints: 3
    /// Console.WriteLine(Peg.Match(P("foreach") + "for", "foreach").End);    // prints: 7
    /// </code></example>
    public static Pattern operator +(Pattern a, Pattern b) => new(Build.Choice(NodeOf(a), NodeOf(b)));

    /// <summary>Difference (LPeg's <c>p1 - p2</c>): <paramref name="a"/> where <paramref name="b"/> does not match at the
    /// same position, that is <c>-b * a</c>. Two charsets fold into their difference.</summary>
    /// <param name="a">The pattern to match.</param>
    /// <param name="b">The pattern that must not match first; its captures are never kept.</param>
    /// <returns>The difference.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var consonant = R("az") - S("aeiou");
    /// Console.WriteLine(Peg.Match(consonant ^ 1, "strength").End);   // prints: 3
    /// var comment = "/*" * ((P(1) - "*/") ^ 0) * "*/";
    /// Console.WriteLine(Peg.Match(comment, "/* a */ b").End);        // prints: 7
    /// </code></example>
    public static Pattern operator -(Pattern a, Pattern b) => new(Build.Difference(NodeOf(a), NodeOf(b)));

    /// <summary>Not-predicate (LPeg's <c>-p</c>): succeeds, consuming nothing, when <paramref name="p"/> fails at the
    /// current position; fails when it matches. Captures of <paramref name="p"/> are never kept.</summary>
    /// <param name="p">The pattern that must not match.</param>
    /// <returns>The predicate.</returns>
    public static Pattern operator -(Pattern p) => new(new NotNode(NodeOf(p)));

    /// <summary>Not-predicate, as <c>-p</c>.</summary>
    /// <param name="p">The pattern that must not match.</param>
    /// <returns>The predicate.</returns>
    public static Pattern operator !(Pattern p) => -p;

    /// <summary>Repetition (LPeg's <c>p^n</c>): <c>n ≥ 0</c> matches at least n repetitions of <paramref name="p"/>,
    /// <c>n &lt; 0</c> at most -n. Repetitions are greedy and possessive: as many as match, never given back. C# gives
    /// <c>^</c> a lower precedence than <c>*</c>, <c>+</c> and <c>-</c>: write <c>"," * (p ^ 0)</c>, or <see cref="Rep"/>.</summary>
    /// <param name="p">The pattern to repeat.</param>
    /// <param name="n">At least n (n ≥ 0) or at most -n (n &lt; 0) repetitions; <c>^ 0</c> is LPeg's <c>p*</c>, <c>^ 1</c>
    /// its <c>p+</c>, <c>^ -1</c> its <c>p?</c>.</param>
    /// <returns>The repetition; its captures are those of every repetition, in order.</returns>
    /// <exception cref="PegGrammarException">A loop (n ≥ 0) over a pattern that can match the empty string.</exception>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var digits = R("09") ^ 1;
    /// Console.WriteLine(Peg.Match(digits, "2026-12").End);            // prints: 4
    /// Console.WriteLine(Peg.Match(R("09") ^ -2, "2026").End);         // prints: 2
    /// Console.WriteLine(Peg.Match("a" * (P("b") ^ 2), "ab").Success); // prints: False
    /// </code></example>
    public static Pattern operator ^(Pattern p, int n) => new(Build.Repeat(NodeOf(p), n));

    /// <summary>String capture (LPeg's <c>p / string</c>): one value, <paramref name="format"/> with <c>%0</c> replaced by
    /// the whole match, <c>%1</c> to <c>%9</c> by the first to ninth values of <paramref name="p"/>'s captures (each a
    /// string or number), and <c>%%</c> by <c>%</c>.</summary>
    /// <param name="p">The pattern whose match and captures fill the format.</param>
    /// <param name="format">The format text.</param>
    /// <returns>The capture; a <c>%n</c> past the nested values makes the match throw <see cref="PegCaptureException"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="format"/> is null.</exception>
    /// <example><code>
    /// var pair = C(R("az") ^ 1) * "=" * C(R("09") ^ 1) / "%2 is %1 (%0)";
    /// Console.WriteLine(Peg.Match(pair, "x=1").Value);   // prints: 1 is x (x=1)
    /// </code></example>
    public static Pattern operator /(Pattern p, string format) => StringCapture(p, Encoding.UTF8.GetBytes(format));

    /// <summary>A string capture whose format is raw bytes (as re text gives it).</summary>
    internal static Pattern StringCapture(Pattern p, byte[] format) => Cap(CaptureKind.String, p, format);

    /// <summary>Number capture (LPeg's <c>p / number</c>): the <paramref name="n"/>-th value of <paramref name="p"/>'s
    /// captures, counting from 1; with 0, no value at all.</summary>
    /// <param name="p">The pattern whose captures are chosen from.</param>
    /// <param name="n">Which value, from 1; 0 for none.</param>
    /// <returns>The capture; a missing n-th value makes the match throw <see cref="PegCaptureException"/>.</returns>
    /// <exception cref="PegArgumentException"><paramref name="n"/> is negative or above 32,767.</exception>
    /// <example><code>
    /// var second = (C("a") * C("b") * C("c")) / 2;
    /// Console.WriteLine(Peg.Match(second, "abc").Value);               // prints: b
    /// Console.WriteLine(Peg.Match(C("a") / 0, "a").Captures.Count);    // prints: 0
    /// </code></example>
    public static Pattern operator /(Pattern p, int n)
    {
        if (n < 0 || n > short.MaxValue) throw new PegArgumentException("invalid number", nameof(n));
        return Cap(CaptureKind.Number, p, n);
    }

    /// <summary>Query capture (LPeg's <c>p / table</c>): the first value of <paramref name="p"/>'s captures (or the matched
    /// text, when p has none) looked up in <paramref name="table"/>; its entry is the value, and an absent key gives no value.</summary>
    /// <param name="p">The pattern whose first value is the key.</param>
    /// <param name="table">The lookup table.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// var colors = new Dictionary&lt;string, object?&gt; { ["red"] = "#f00", ["green"] = "#0f0" };
    /// var color = (R("az") ^ 1) / colors;
    /// Console.WriteLine(Peg.Match(color, "red").Value);               // prints: #f00
    /// Console.WriteLine(Peg.Match(color, "blue").Captures.Count);     // prints: 0
    /// </code></example>
    public static Pattern operator /(Pattern p, IReadOnlyDictionary<string, object?> table) => Cap(CaptureKind.Query, p, table ?? throw new ArgumentNullException(nameof(table)));

    /// <summary>Function capture (LPeg's <c>p / function</c>): <paramref name="f"/> called, after a successful match,
    /// with the values of <paramref name="p"/>'s captures (or the matched text, when p has none); what it returns is the
    /// capture's value (<see cref="Values"/> for several or none; <c>null</c> is one null value).</summary>
    /// <param name="p">The pattern whose values are passed to <paramref name="f"/>.</param>
    /// <param name="f">The function.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var number = (R("09") ^ 1) / (a => int.Parse((string)a[0]!));
    /// var sum = number * (("+" * number) ^ 0) / (a => a.Sum(v => (int)v!));
    /// Console.WriteLine(Peg.Match(sum, "1+2+39").Value);   // prints: 42
    /// </code></example>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]   // a lambda that fits both kinds means this one
    public static Pattern operator /(Pattern p, CaptureFunction f) => Cap(CaptureKind.Function, p, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>Function capture whose function reads its values in place: the values are those
    /// <see cref="op_Division(Pattern, CaptureFunction)"/> passes, as a span over the evaluator's stack, so a call makes
    /// no array.</summary>
    /// <param name="p">The pattern whose values are passed to <paramref name="f"/>.</param>
    /// <param name="f">The function (a lambda needs the cast: <c>p / (SpanCaptureFunction)(v =&gt; ...)</c>).</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// var digit = C(R("09"));
    /// var pair = (digit * digit) / (SpanCaptureFunction)(v => (string)v[1]! + (string)v[0]!);
    /// Console.WriteLine(Peg.Match(pair, "12").Value);   // prints: 21
    /// </code></example>
    public static Pattern operator /(Pattern p, SpanCaptureFunction f) => Cap(CaptureKind.Function, p, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>Text function capture: <paramref name="f"/> receives the UTF-8 bytes <paramref name="p"/> matched (no
    /// string or array is made) and returns the capture's value; <paramref name="p"/>'s own captures give no values.
    /// LPeg's <c>(p / 0) / f</c>.</summary>
    /// <param name="p">The pattern whose matched text is passed to <paramref name="f"/>.</param>
    /// <param name="f">The function.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// var number = (R("09") ^ 1) / (Utf8CaptureFunction)(t => int.Parse(t, provider: null));
    /// Console.WriteLine(Peg.Match(number, "42").Value);   // prints: 42
    /// </code></example>
    public static Pattern operator /(Pattern p, Utf8CaptureFunction f) => Cap(CaptureKind.Function, p, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>Accumulator capture (LPeg 1.1's <c>p % function</c>): replaces the previous value v (of the capture
    /// before it in the same list) with <c>f(v, values of p...)</c>, and gives no value of its own.</summary>
    /// <param name="p">The pattern whose values are folded into the previous value.</param>
    /// <param name="f">Receives the previous value, then <paramref name="p"/>'s values; returns the new value.</param>
    /// <returns>The capture; without a previous value the match throws <see cref="PegCaptureException"/>.</returns>
    /// <example><code>
    /// var number = (R("09") ^ 1) / (a => int.Parse((string)a[0]!));
    /// var add = ("+" * number) % (a => (int)a[0]! + (int)a[1]!);
    /// Console.WriteLine(Peg.Match(number * (add ^ 0), "1+2+39").Value);   // prints: 42
    /// </code></example>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]   // a lambda that fits both kinds means this one
    public static Pattern operator %(Pattern p, CaptureFunction f) => Cap(CaptureKind.Accumulator, p, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>Accumulator capture whose function reads its values in place (the previous value, then
    /// <paramref name="p"/>'s values, as a span): see <see cref="op_Modulus(Pattern, CaptureFunction)"/>.</summary>
    /// <param name="p">The pattern whose values are folded into the previous value.</param>
    /// <param name="f">Receives the previous value, then <paramref name="p"/>'s values; returns the new value.</param>
    /// <returns>The capture.</returns>
    public static Pattern operator %(Pattern p, SpanCaptureFunction f) => Cap(CaptureKind.Accumulator, p, f ?? throw new ArgumentNullException(nameof(f)));

    /// <summary>And-predicate (LPeg's <c>#p</c>): succeeds, consuming nothing, when this pattern matches at the current
    /// position; fails when it does not. Like LPeg's, it produces no captures.</summary>
    /// <returns>The predicate.</returns>
    /// <example><code>
    /// var keyword = P("if") * -(R("az") ^ 1);
    /// var call = C(R("az") ^ 1) * P("(").And();
    /// var r = Peg.Match(call, "print(x)");
    /// Console.WriteLine($"{r.End} {r.Captures.Count}");                  // prints: 5 1
    /// Console.WriteLine(Peg.Match(C("a").And(), "a").Captures.Count);   // prints: 0
    /// Console.WriteLine(Peg.Match(keyword, "iffy").Success);            // prints: False
    /// </code></example>
    public Pattern And() => new(new AndNode(Node));

    /// <summary>Not-predicate (<c>-p</c>): succeeds, consuming nothing, when this pattern does not match.</summary>
    /// <returns>The predicate.</returns>
    public Pattern Not() => -this;

    /// <summary>Repetition, as <c>p ^ n</c>, without C#'s precedence of <c>^</c> to mind.</summary>
    /// <param name="n">At least n (n ≥ 0) or at most -n (n &lt; 0) repetitions.</param>
    /// <returns>The repetition.</returns>
    /// <exception cref="PegGrammarException">A loop (n ≥ 0) over a pattern that can match the empty string.</exception>
    public Pattern Rep(int n) => this ^ n;

    // ---- captures --------------------------------------------------------------------------------

    /// <summary>Simple capture (LPeg's <c>lpeg.C</c>): the substring <paramref name="p"/> matched (a <c>string</c> for a
    /// string subject, <c>byte[]</c> for bytes), followed by the values of the captures inside it.</summary>
    /// <param name="p">The pattern whose match is captured.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var pair = C(R("az") ^ 1) * "=" * C(R("09") ^ 1);
    /// var r = Peg.Match(pair, "x=10");
    /// Console.WriteLine($"{r.GetString(0)} {r.GetString(1)}");            // prints: x 10
    /// Console.WriteLine(Peg.Match(C(C("a") * "b"), "ab").Captures.Count); // prints: 2
    /// </code></example>
    public static Pattern C(Pattern p) => Cap(CaptureKind.Simple, p, null);

    /// <summary>Argument capture (LPeg's <c>lpeg.Carg</c>): the value of the <paramref name="n"/>-th extra argument of the
    /// match (<c>MatchOptions.Arguments</c>), consuming nothing.</summary>
    /// <param name="n">The argument's index, from 1.</param>
    /// <returns>The capture; a match with fewer arguments throws <see cref="PegCaptureException"/>.</returns>
    /// <exception cref="PegArgumentException"><paramref name="n"/> is below 1 or above 32,767.</exception>
    /// <example><code>
    /// var options = new MatchOptions { Arguments = ["first", 2] };
    /// var r = Peg.Match(Carg(2) * Carg(1), "", options: options);
    /// Console.WriteLine($"{r.Captures[0]} {r.Captures[1]}");   // prints: 2 first
    /// </code></example>
    public static Pattern Carg(int n)
    {
        if (n <= 0 || n > short.MaxValue) throw new PegArgumentException("invalid argument index", nameof(n));
        return Cap(CaptureKind.Arg, true, n);
    }

    /// <summary>Back capture (LPeg's <c>lpeg.Cb</c>): the values of the most recent group named <paramref name="name"/>
    /// (<see cref="Cg(Pattern, string)"/>) before it, consuming nothing.</summary>
    /// <param name="name">The group's name.</param>
    /// <returns>The capture; with no such group the match throws <see cref="PegCaptureException"/>.</returns>
    /// <example><code>
    /// var open = "&lt;" * Cg(C(R("az") ^ 1), "tag") * "&gt;";
    /// var element = open * Cb("tag");
    /// Console.WriteLine(Peg.Match(element, "&lt;b&gt;bold&lt;/b&gt;").GetString(0));   // prints: b
    /// </code></example>
    public static Pattern Cb(string name) => Cap(CaptureKind.Backref, true, name);

    /// <summary>Constant capture (LPeg's <c>lpeg.Cc</c>): the given values (none, one, or several), consuming nothing.</summary>
    /// <param name="values">The values, in order.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// var yes = P("yes") * Cc(true, 1);
    /// Console.WriteLine(string.Join(",", Peg.Match(yes, "yes").Captures));   // prints: True,1
    /// Console.WriteLine(Peg.Match(Cc(null), "").Captures.Count);             // prints: 1
    /// </code></example>
    /// <remarks><c>Cc(null)</c> is LPeg's <c>Cc(nil)</c>: one null value (C# would otherwise pass null as the array).</remarks>
    public static Pattern Cc(params object?[]? values) => new(Build.Constants(values ?? [null]));

    /// <summary>Fold capture (LPeg's <c>lpeg.Cf</c>, deprecated in LPeg 1.1 for <c>%</c>): folds the values of
    /// <paramref name="p"/>'s captures left to right, <c>f(f(v1, v2), v3)</c>..., into one value.</summary>
    /// <param name="p">The pattern whose captures are folded; the first one's values give the initial value.</param>
    /// <param name="f">Receives the accumulated value, then the values of the next capture; returns the new accumulated value.</param>
    /// <returns>The capture; with no captures to start from the match throws <see cref="PegCaptureException"/>.</returns>
    /// <example><code>
    /// var number = (R("09") ^ 1) / (a => int.Parse((string)a[0]!));
    /// var sum = Cf(number * (("+" * number) ^ 0), a => (int)a[0]! + (int)a[1]!);
    /// Console.WriteLine(Peg.Match(sum, "1+2+39").Value);   // prints: 42
    /// </code></example>
    [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]   // a lambda that fits both kinds means this one
    public static Pattern Cf(Pattern p, CaptureFunction f) => Cap(CaptureKind.Fold, p, f);

    /// <summary>Fold capture whose function reads its values in place (the accumulated value, then the next capture's
    /// values, as a span): see <see cref="Cf(Pattern, CaptureFunction)"/>.</summary>
    /// <param name="p">The pattern whose captures are folded.</param>
    /// <param name="f">Receives the accumulated value, then the values of the next capture; returns the new accumulated value.</param>
    /// <returns>The capture.</returns>
    public static Pattern Cf(Pattern p, SpanCaptureFunction f) => Cap(CaptureKind.Fold, p, f);

    /// <summary>Anonymous group (LPeg's <c>lpeg.Cg(p)</c>): the values of <paramref name="p"/>'s captures, as one unit
    /// (for <see cref="Cb"/>, a function's arguments or a fold step).</summary>
    /// <param name="p">The pattern whose captures are grouped.</param>
    /// <returns>The capture.</returns>
    public static Pattern Cg(Pattern p) => Cap(CaptureKind.Group, p, null);

    /// <summary>Named group (LPeg's <c>lpeg.Cg(p, name)</c>): its values are kept under <paramref name="name"/>. It adds
    /// no value to the list it is in; inside a table capture its first value is stored under the name, and
    /// <see cref="Cb"/> reads it back. Outside a table, <c>MatchOptions.NamedGroups</c> puts it in
    /// <c>MatchResult.Groups</c>.</summary>
    /// <param name="p">The pattern whose captures are grouped.</param>
    /// <param name="name">The group's name.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var field = Cg(C(R("az") ^ 1), "key") * "=" * Cg(C(R("09") ^ 1), "value");
    /// var t = Peg.Match(Ct(field), "x=10").Get&lt;PegTable&gt;(0);
    /// Console.WriteLine($"{t["key"]} {t["value"]} {t.Count}");   // prints: x 10 0
    /// </code></example>
    public static Pattern Cg(Pattern p, string name) => Cap(CaptureKind.Group, p, name);

    /// <summary>Position capture (LPeg's <c>lpeg.Cp</c>): the current position as an <c>int</c>, consuming nothing; in the
    /// caller's units and <c>MatchOptions.PositionBase</c> (a UTF-16 index for a string).</summary>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// Console.WriteLine(Peg.Match("ab" * Cp(), "abc").Value);   // prints: 2
    /// Console.WriteLine(Peg.Match("é" * Cp(), "éa").Value);     // prints: 1
    /// var lpeg = new MatchOptions { PositionBase = PositionBase.One };
    /// Console.WriteLine(Peg.Match("ab" * Cp(), "abc", options: lpeg).Value);   // prints: 3
    /// </code></example>
    public static Pattern Cp() => Cap(CaptureKind.Position, true, null);

    /// <summary>Substitution capture (LPeg's <c>lpeg.Cs</c>): one string, the text <paramref name="p"/> matched with the
    /// match of each capture inside it replaced by that capture's first value (a string or number; a capture with no
    /// value keeps its text).</summary>
    /// <param name="p">The pattern whose match is rewritten.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// var digit = R("09");
    /// var masked = Cs(((digit / "#") + P(1)) ^ 0);
    /// Console.WriteLine(Peg.Match(masked, "card 1234").Value);   // prints: card ####
    /// </code></example>
    public static Pattern Cs(Pattern p) => Cap(CaptureKind.Substitution, p, null);

    /// <summary>Table capture (LPeg's <c>lpeg.Ct</c>): one <see cref="PegTable"/> whose list part holds the values of the
    /// captures inside <paramref name="p"/>, in order, and whose named part holds the first value of each named group.</summary>
    /// <param name="p">The pattern whose captures fill the table.</param>
    /// <returns>The capture.</returns>
    /// <example><code>
    /// using PegJit;
    /// using static PegJit.Pattern;
    ///
    /// var item = C(R("az") ^ 1);
    /// var list = Ct(item * (("," * item) ^ 0));
    /// var t = Peg.Match(list, "a,bc,d").Get&lt;PegTable&gt;(0);
    /// Console.WriteLine($"{t.Count} {t.GetString(1)}");   // prints: 3 bc
    /// Console.WriteLine(t);                             // prints: {"a", "bc", "d"}
    /// </code></example>
    public static Pattern Ct(Pattern p) => Cap(CaptureKind.Table, p, null);

    /// <summary>Match-time capture (LPeg's <c>lpeg.Cmt</c>): when <paramref name="p"/> matches, calls
    /// <paramref name="f"/> at once, during the match, with the subject, the position after p's match and the values of
    /// p's captures; what it returns decides whether the match goes on, where, and with which captures.</summary>
    /// <param name="p">The pattern matched first.</param>
    /// <param name="f">The function; see <see cref="MatchTimeFunction"/> for its arguments and results.</param>
    /// <returns>The capture.</returns>
    /// <remarks>Match-time functions run while backtracking is still possible, so they may be called for matches that
    /// are later abandoned, and a search calls them at every position it tries.</remarks>
    /// <example><code>
    /// // A number, accepted only when it is even.
    /// var even = Cmt(C(R("09") ^ 1), (subject, position, captures) => int.Parse((string)captures[0]!) % 2 == 0);
    /// Console.WriteLine(Peg.Match(even, "42").Success);   // prints: True
    /// Console.WriteLine(Peg.Match(even, "7").Success);    // prints: False
    /// var at = Cmt("ab", (subject, position, captures) => position);
    /// Console.WriteLine(Peg.Match(at * C(P(1)), "abc").GetString(0));   // prints: c
    /// </code></example>
    public static Pattern Cmt(Pattern p, MatchTimeFunction f) => new(new RunTimeNode(NodeOf(p), f ?? throw new ArgumentNullException(nameof(f))));

    /// <summary>A match-time capture whose function works on bytes and byte positions (for the library's own functions).</summary>
    internal static Pattern CmtRaw(Pattern p, RawMatchTimeFunction f) => new(new RunTimeNode(NodeOf(p), f));

    private static Pattern Cap(CaptureKind kind, Pattern p, object? data) => new(new CaptureNode(kind, NodeOf(p), data));

    // A pattern argument's tree; null is the caller's error, said as .NET says it (not a NullReferenceException from
    // inside the builder).
    private static Node NodeOf(Pattern p, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(p))] string? name = null) =>
        p?.Node ?? throw new ArgumentNullException(name);

    /// <inheritdoc/>
    public override string ToString() => DumpTree();
}
