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
    public string DumpTree() => TreePrinter.Print(Node);

    /// <summary>Writes the pattern tree to <paramref name="output"/> as <see cref="DumpTree()"/> does, without building the text in memory.</summary>
    public void DumpTree(TextWriter output) => TreePrinter.Print(Node, output);

    /// <summary>The compiled bytecode, one instruction a line (LPeg's <c>pcode</c>).</summary>
    public string DumpCode() => Program.Dump();

    /// <summary>Writes the compiled bytecode to <paramref name="output"/>, one instruction a line.</summary>
    public void DumpCode(TextWriter output) => Program.Dump(output);

    // ---- basic patterns ----------------------------------------------------------------------------

    /// <summary>Matches <paramref name="text"/> literally (its UTF-8 bytes); "" always succeeds.</summary>
    public static Pattern P(string text) => P(Encoding.UTF8.GetBytes(text));

    /// <summary>Matches these bytes literally.</summary>
    public static Pattern P(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return new(TrueNode.Instance);
        Node n = CharNode.Of(bytes[^1]);
        for (int i = bytes.Length - 2; i >= 0; i--) n = new SeqNode(CharNode.Of(bytes[i]), n);
        return new(n);
    }

    /// <summary><c>n ≥ 0</c>: matches exactly n bytes. <c>n &lt; 0</c>: succeeds only when fewer than -n bytes remain, consuming nothing.</summary>
    public static Pattern P(int n)
    {
        if (n == 0) return new(TrueNode.Instance);
        int count = n == int.MinValue ? int.MaxValue : Math.Abs(n);
        Node any = AnyNode.Instance;
        for (int i = 1; i < count; i++) any = new SeqNode(AnyNode.Instance, any);
        return new(n > 0 ? any : new NotNode(any));
    }

    /// <summary><c>true</c> always succeeds consuming nothing; <c>false</c> always fails.</summary>
    public static Pattern P(bool value) => new(value ? TrueNode.Instance : FalseNode.Instance);

    /// <summary>The pattern itself (LPeg's <c>P(pattern)</c>).</summary>
    public static Pattern P(Pattern p) => p;

    /// <summary>A match-time function over the empty string: <c>Cmt(P(true), f)</c>.</summary>
    public static Pattern P(MatchTimeFunction f) => new(new RunTimeNode(TrueNode.Instance, f));

    /// <summary>Matches any one character of <paramref name="set"/> (LPeg's <c>lpeg.S</c>).</summary>
    /// <param name="set">The characters. Text is text: a non-ASCII character matches its UTF-8 encoding as a whole,
    /// as <see cref="P(string)"/> does, so <c>S("éx")</c> matches "é" or "x". For a set of raw bytes use
    /// <see cref="S(ReadOnlySpan{byte})"/>.</param>
    /// <returns>A pattern consuming one character of the set; <c>S("")</c> always fails.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="set"/> is null.</exception>
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

    /// <summary>Matches one UTF-8 encoded code point in [<paramref name="from"/>, <paramref name="to"/>] (LPeg 1.1).</summary>
    public static Pattern UtfR(int from, int to)
    {
        if (from < 0 || from > 0x10FFFF || to < 0 || to > 0x10FFFF) throw new PegArgumentException("invalid code point", nameof(to));
        if (from > to) throw new PegArgumentException("empty range", nameof(to));
        if (to <= 0x7F) return new(new SetNode(Charset.Range(from, to)));
        return new(new UtfRangeNode(from, to));
    }

    /// <summary>A reference to rule <paramref name="name"/> of the enclosing grammar.</summary>
    public static Pattern V(string name)
    {
        if (name is null) throw new PegArgumentException("non-nil value expected", nameof(name));
        return new(new OpenCallNode(name));
    }

    /// <summary>Matches <paramref name="p"/> behind the current position, consuming nothing; p must have a fixed length (≤ 255) and no captures.</summary>
    public static Pattern B(Pattern p)
    {
        int n = Analysis.FixedLength(p.Node);
        if (n < 0) throw new PegGrammarException("pattern may not have fixed length");
        if (Analysis.HasCaptures(p.Node)) throw new PegGrammarException("pattern have captures");
        if (n > 255) throw new PegGrammarException("pattern too long to look behind");
        return new(new BehindNode(p.Node, n));
    }

    /// <summary>A grammar: the first rule is the start rule; rules refer to each other with <see cref="V"/>.</summary>
    public static Pattern Grammar(params (string Name, Pattern Rule)[] rules) => new(Linker.MakeGrammar(rules, null));

    /// <summary>A grammar whose start rule is <paramref name="start"/>.</summary>
    public static Pattern Grammar(string start, IEnumerable<(string Name, Pattern Rule)> rules) => new(Linker.MakeGrammar(rules.ToArray(), start));

    /// <summary>Character classes of the C locale (alnum, alpha, cntrl, digit, graph, lower, print, punct, space, upper, xdigit).</summary>
    public static IReadOnlyDictionary<string, Pattern> Locale() => CharClasses.Locale.ToDictionary(kv => kv.Key, kv => new Pattern(new SetNode(kv.Value)));

    // ---- operators -------------------------------------------------------------------------------

    /// <summary>Matches <paramref name="text"/> literally.</summary>
    public static implicit operator Pattern(string text) => P(text);
    /// <summary>See <see cref="P(int)"/>.</summary>
    public static implicit operator Pattern(int n) => P(n);
    /// <summary>See <see cref="P(bool)"/>.</summary>
    public static implicit operator Pattern(bool value) => P(value);

    /// <summary>Sequence: <paramref name="a"/> then <paramref name="b"/>.</summary>
    public static Pattern operator *(Pattern a, Pattern b) => new(Build.Seq(a.Node, b.Node));

    /// <summary>Ordered choice: <paramref name="a"/>, or else (backtracking) <paramref name="b"/>. Two charsets fold into one.</summary>
    public static Pattern operator +(Pattern a, Pattern b) => new(Build.Choice(a.Node, b.Node));

    /// <summary>Difference: <paramref name="a"/> where <paramref name="b"/> does not match (<c>-b * a</c>; two charsets fold).</summary>
    public static Pattern operator -(Pattern a, Pattern b) => new(Build.Difference(a.Node, b.Node));

    /// <summary>Not-predicate: succeeds, consuming nothing, when <paramref name="p"/> fails.</summary>
    public static Pattern operator -(Pattern p) => new(new NotNode(p.Node));

    /// <summary>Not-predicate, as <c>-p</c>.</summary>
    public static Pattern operator !(Pattern p) => -p;

    /// <summary><c>n ≥ 0</c>: at least n repetitions; <c>n &lt; 0</c>: at most -n. Mind C#'s precedence of <c>^</c>.</summary>
    public static Pattern operator ^(Pattern p, int n) => new(Build.Repeat(p.Node, n));

    /// <summary>String capture: the format with <c>%0</c> (whole match) to <c>%9</c> (nested values) replaced; <c>%%</c> is <c>%</c>.</summary>
    public static Pattern operator /(Pattern p, string format) => StringCapture(p, Encoding.UTF8.GetBytes(format));

    /// <summary>A string capture whose format is raw bytes (as re text gives it).</summary>
    internal static Pattern StringCapture(Pattern p, byte[] format) => Cap(CaptureKind.String, p, format);

    /// <summary>Number capture: the n-th value of the nested captures (0: no value).</summary>
    public static Pattern operator /(Pattern p, int n)
    {
        if (n < 0 || n > short.MaxValue) throw new PegArgumentException("invalid number", nameof(n));
        return Cap(CaptureKind.Number, p, n);
    }

    /// <summary>Query capture: the first nested value (or the match) looked up in <paramref name="table"/>; no value when absent.</summary>
    public static Pattern operator /(Pattern p, IReadOnlyDictionary<string, object?> table) => Cap(CaptureKind.Query, p, table);

    /// <summary>Function capture: <paramref name="f"/> applied to the nested values (or the match); its results are the values.</summary>
    public static Pattern operator /(Pattern p, CaptureFunction f) => Cap(CaptureKind.Function, p, f);

    /// <summary>Accumulator capture (LPeg 1.1): replaces the previous value v with <c>f(v, values of p...)</c>.</summary>
    public static Pattern operator %(Pattern p, CaptureFunction f) => Cap(CaptureKind.Accumulator, p, f);

    /// <summary>And-predicate (<c>#p</c>): succeeds, consuming nothing, when this pattern matches.</summary>
    public Pattern And() => new(new AndNode(Node));

    /// <summary>Not-predicate (<c>-p</c>).</summary>
    public Pattern Not() => -this;

    /// <summary>Repetition, as <c>p ^ n</c>.</summary>
    public Pattern Rep(int n) => this ^ n;

    // ---- captures --------------------------------------------------------------------------------

    /// <summary>Simple capture: the matched substring, followed by the values of nested captures.</summary>
    public static Pattern C(Pattern p) => Cap(CaptureKind.Simple, p, null);

    /// <summary>The n-th extra argument given to the match (1-based, as LPeg).</summary>
    public static Pattern Carg(int n)
    {
        if (n <= 0 || n > short.MaxValue) throw new PegArgumentException("invalid argument index", nameof(n));
        return Cap(CaptureKind.Arg, true, n);
    }

    /// <summary>Back capture: the values of the most recent group named <paramref name="name"/>.</summary>
    public static Pattern Cb(string name) => Cap(CaptureKind.Backref, true, name);

    /// <summary>Constant capture: the given values (none, one, or several), consuming nothing.</summary>
    /// <remarks><c>Cc(null)</c> is LPeg's <c>Cc(nil)</c>: one null value (C# would otherwise pass null as the array).</remarks>
    public static Pattern Cc(params object?[]? values) => new(Build.Constants(values ?? [null]));

    /// <summary>Fold capture (deprecated in LPeg 1.1): folds the nested values left to right with <paramref name="f"/>.</summary>
    public static Pattern Cf(Pattern p, CaptureFunction f) => Cap(CaptureKind.Fold, p, f);

    /// <summary>Anonymous group: the values of <paramref name="p"/>'s captures, as one unit.</summary>
    public static Pattern Cg(Pattern p) => Cap(CaptureKind.Group, p, null);

    /// <summary>Named group: no values of its own; read by <see cref="Cb"/> and stored under its name by <see cref="Ct"/>.</summary>
    public static Pattern Cg(Pattern p, string name) => Cap(CaptureKind.Group, p, name);

    /// <summary>Position capture: the current position, consuming nothing.</summary>
    public static Pattern Cp() => Cap(CaptureKind.Position, true, null);

    /// <summary>Substitution capture: the match with each nested capture replaced by its (string) value.</summary>
    public static Pattern Cs(Pattern p) => Cap(CaptureKind.Substitution, p, null);

    /// <summary>Table capture: a <see cref="PegTable"/> of the nested values, named groups as keys.</summary>
    public static Pattern Ct(Pattern p) => Cap(CaptureKind.Table, p, null);

    /// <summary>Match-time capture: when <paramref name="p"/> matches, calls <paramref name="f"/> at once, which decides the outcome.</summary>
    public static Pattern Cmt(Pattern p, MatchTimeFunction f) => new(new RunTimeNode(p.Node, f));

    /// <summary>A match-time capture whose function works on bytes and byte positions (for the library's own functions).</summary>
    internal static Pattern CmtRaw(Pattern p, RawMatchTimeFunction f) => new(new RunTimeNode(p.Node, f));

    private static Pattern Cap(CaptureKind kind, Pattern p, object? data) => new(new CaptureNode(kind, p.Node, data));

    /// <inheritdoc/>
    public override string ToString() => DumpTree();
}
