// re text -> patterns: syntax errors and their positions, every construct, names, robustness, a few matches.
using System.Text;
using PegJit;
using PegJit.Compiler;
using PegJit.Vm;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.ReParsing;

public class ReParserTests
{
    private static Pattern Parse(string text, IReadOnlyDictionary<string, object?>? defs = null) =>
        ReParser.Parse(Encoding.UTF8.GetBytes(text), defs, text);

    private static readonly CaptureFunction First = a => a.Length > 0 ? a[0] : null;
    private static readonly MatchTimeFunction Here = (_, i, _) => i;

    private static readonly Dictionary<string, object?> Defs = new()
    {
        ["word"] = P("w"),
        ["str"] = "%1!",
        ["num"] = 2,
        ["table"] = new Dictionary<string, object?> { ["k"] = "v" },
        ["f"] = First,
        ["m"] = Here,
        ["yes"] = true,
        ["bytes"] = new byte[] { 0xFF },
        ["text"] = (Utf8CaptureFunction)(t => t.Length),
    };

    // ---- syntax errors -------------------------------------------------------------------------------

    /// <summary>A malformed text, where re reports it (0-based, in characters), its line and column, and a word of the message.</summary>
    public sealed record ErrorCase(string Text, int Position, int Line, int Column, string Fragment)
    {
        public override string ToString() => Text.Replace("\n", "\\n");
    }

    public static readonly TheoryData<ErrorCase> SyntaxErrors =
    [
        new("( 'a'", 0, 1, 1, "'(' has no matching ')'"),
        new("'abc", 0, 1, 1, "unterminated string"),
        new("\"abc'", 0, 1, 1, "unterminated string"),
        new("[abc", 0, 1, 1, "unterminated character class"),
        new("[]", 0, 1, 1, "unterminated character class"),
        new("{ 'a' )", 0, 1, 1, "'{' has no matching '}'"),
        new("{: 'a' }", 1, 1, 2, "'{:' has no matching ':}'"),
        new("{:x:}", 1, 1, 2, "'{:' has no matching ':}'"),      // re reads "x:" as the name, then wants ':}'
        new("{~ 'a' }", 1, 1, 2, "'{~' has no matching '~}'"),
        new("{| 'a' }", 1, 1, 2, "'{|' has no matching '|}'"),
        new("'a' ^ 2", 4, 1, 5, "'^' must be followed by a count"),
        new("'a' ^+ 2", 4, 1, 5, "'^' must be followed by a count"),
        new("'a' -> ", 4, 1, 5, "'->' must be followed by"),
        new("'a' -> { }", 4, 1, 5, "'->' must be followed by"),
        new("'a' => 'x'", 4, 1, 5, "'=>' must be followed by a name"),
        new("'a' ~>", 4, 1, 5, "'~>' must be followed by a name"),
        new("'a' >> 3", 4, 1, 5, "'>>' must be followed by a name"),
        new("%", 0, 1, 1, "'%' must be followed by a name"),
        new("% d", 0, 1, 1, "'%' must be followed by a name"),
        new("= x", 0, 1, 1, "'=' must be followed by a group name"),
        new("<a", 0, 1, 1, "rule reference"),
        new("< a >", 0, 1, 1, "rule reference"),
        new("&", 0, 1, 1, "'&' must be followed by a pattern"),
        new("'a' ! ", 4, 1, 5, "'!' must be followed by a pattern"),
        new("& ( 'a'", 0, 1, 1, "'(' has no matching ')'"),
        new("'a' ]", 4, 1, 5, "unexpected ']'"),
        new("'a' )", 4, 1, 5, "unexpected ')'"),
        new("* 'a'", 0, 1, 1, "unexpected '*'"),
        new("'a' b <- 'c'", 4, 1, 5, "rule definition"),
        new("a <- 'x'\n  b <- 'y' )", 20, 2, 12, "unexpected ')'"),
        new("-- a comment\n'a'\n  ]", 19, 3, 3, "unexpected ']'"),
        new("x <- 'a' -> \n", 9, 1, 10, "'->' must be followed by"),
        new("'é' ]", 4, 1, 5, "unexpected ']'"),                   // positions count characters, not UTF-8 bytes
        new("'a' 'é\n", 4, 1, 5, "unterminated string"),
        new("<a> <- 'x'", 4, 1, 5, "unexpected '<-'"),
        new("'a' \u0001", 4, 1, 5, "character 0x01"),
    ];

    [Theory]
    [MemberData(nameof(SyntaxErrors))]
    public void Malformed_text_reports_where_re_does(ErrorCase c)
    {
        var e = Assert.Throws<PegSyntaxException>(() => Parse(c.Text));
        Assert.Equal(c.Position, e.Position);
        Assert.Equal(c.Line, e.Line);
        Assert.Equal(c.Column, e.Column);
        Assert.Contains(c.Fragment, e.Message);
        Assert.Contains($"line {c.Line}, column {c.Column}", e.Message);
        Assert.EndsWith(new string(' ', c.Column - 1) + "^", e.Snippet);
        Assert.EndsWith(e.Snippet, e.Message);
    }

    [Fact]
    public void Byte_sources_report_byte_offsets()
    {
        byte[] source = [(byte)'\'', 0xE9, (byte)'\'', (byte)' ', (byte)']'];
        var e = Assert.Throws<PegSyntaxException>(() => ReParser.Parse(source, null, null));
        Assert.Equal(4, e.Position);
        Assert.Equal(5, e.Column);
        Assert.Contains("'\u00E9' ]", e.Snippet);
    }

    [Fact]
    public void A_syntax_error_wins_over_an_undefined_name_before_it()
    {
        // re checks names only once the whole text has parsed.
        var e = Assert.Throws<PegSyntaxException>(() => Parse("%undefined 'a' ]"));
        Assert.Equal(15, e.Position);
        Assert.Contains("unexpected ']'", e.Message);
    }

    // ---- every construct parses ---------------------------------------------------------------------

    public static readonly TheoryData<string> Constructs =
    [
        "", "  ", "-- only a comment", "'literal'", "\"literal\"", "''", "'it''s'", "'multi\nline'", ".", "'a' 'b'",
        "'a' / 'b' / 'c'", "/ 'a'", "'a' /", "&'a'", "!'a'", "! ! & 'a'", "'a'?", "'a'*", "'a'+", "'a'^3", "'a'^0",
        "'a'^+2", "'a'^-2", "'a'^-0", "('a' 'b')*", "()", "[abc]", "[a-z0-9_]", "[^a-z]", "[]]", "[^]]", "[]-a]",
        "[a-]", "[-a]", "[%a%d]", "[%]", "[%1]", "[^%s%nl]", "[z-a]", "[a-%]", "%a", "%A", "%c", "%C", "%d", "%D",
        "%g", "%G", "%l", "%L", "%p", "%P", "%s", "%S", "%u", "%U", "%w", "%W", "%x", "%X", "%nl", "%alpha",
        "%alnum", "%cntrl", "%digit", "%graph", "%lower", "%print", "%punct", "%space", "%upper", "%xdigit",
        "%word", "%str", "%num", "%yes", "%bytes", "%m", "{}", "{ 'a' }", "{: 'a' :}", "{:name: 'a' :}",
        "{:name:'a':}", "{~ 'a' ~}", "{| 'a' |}", "{::}", "{~~}", "{||}",
        "{:g: 'a' :} =g", "'a' -> 'x%1'", "'a' -> \"x\"", "'a' -> 12", "'a' -> {}", "'a' -> str", "'a' -> num",
        "'a' -> table", "'a' -> f", "'a' => m", "'a' ~> f", "'a' >> f", "'a'* -> 'x' ^2", "'a' -> {} -> {}",
        "{'a'}+ -> {} ~> f", "a <- 'x'", "a <- b b <- 'x'", "a<-'x'b<-a", "a <- <b> b <- 'x'",
        "S <- 'a' S / ''", "a <- (b <- 'x') 'y'", "a <- 'x' -- comment\n b <- a -- another\n",
        "s <- {%d+} / . s", "R <- (!.) -> '' / ({.} R) -> '%2%1'",
        "record <- {| field (',' field)* |} (%nl / !.)\nfield <- escaped / nonescaped\n" +
        "nonescaped <- { [^,\"%nl]* }\nescaped <- '\"' {~ ([^\"] / '\"\"' -> '\"')* ~} '\"'",
        "'a'\t/\r\n'b'\v\f", "_x9 <- 'x'", "{:a: {:b: . :} :}",
    ];

    [Theory]
    [MemberData(nameof(Constructs))]
    public void Each_construct_parses(string text) => Assert.NotNull(Parse(text, Defs));

    /// <summary>re text and the combinator pattern it must build (compared as dumped trees).</summary>
    public static readonly TheoryData<string, Func<Pattern>> SameTrees = new()
    {
        { "'ab'", () => P("ab") },
        { "'a' 'b' 'c'", () => P("abc") },
        { "'a'^3", () => P("aaa") },
        { "'a'^0", () => P(true) },
        { "''", () => P(true) },
        { ".", () => P(1) },
        { "[a-z]+", () => R("az") ^ 1 },
        { "[a-c%d]", () => R("ac", "09") },
        { "[^a]", () => P(1) - P("a") },
        { "'a' / 'b' / [c-d]", () => R("ad") },
        { "%nl", () => P("\n") },
        { "%s", () => S(" \t\n\v\f\r") },
        { "%X", () => P(1) - R("09", "af", "AF") },
        { "&'a' !'b'", () => P("a").And() * -P("b") },
        { "'a'?", () => P("a") ^ -1 },
        { "'a'*", () => P("a") ^ 0 },
        { "'a'^+2", () => P("a") ^ 2 },
        { "'a'^-2", () => P("a") ^ -2 },
        { "{ %d+ }", () => C(R("09") ^ 1) },
        { "{}", () => Cp() },
        { "{: . :}", () => Cg(P(1)) },
        { "{:x: . :}", () => Cg(P(1), "x") },
        { "{~ . ~}", () => Cs(P(1)) },
        { "{| . |}", () => Ct(P(1)) },
        { "'a' -> 2", () => P("a") / 2 },
        { "'a' -> {}", () => Ct(P("a")) },
        { "%word", () => P("w") },
        { "%yes", () => P(true) },
        { "'x' / 'yz' / 'w'", () => P("x") + (P("yz") + P("w")) },
        { "a <- 'x' b  b <- 'y'", () => Grammar(("a", P("x") * V("b")), ("b", P("y"))) },
    };

    [Theory]
    [MemberData(nameof(SameTrees))]
    public void Re_builds_what_the_combinators_build(string text, Func<Pattern> expected) =>
        Assert.Equal(expected().DumpTree(), Parse(text, Defs).DumpTree());

    [Fact]
    public void Classes_of_the_C_locale()
    {
        Assert.True(SetOf("%a").IsSubsetOf(SetOf("%w")));
        Assert.Equal(52, SetOf("%a").Count);
        Assert.Equal(256 - 52, SetOf("%A").Count);
        Assert.Equal(SetOf("%p"), SetOf("%g") - SetOf("%w"));
        Assert.Equal(SetOf("[%u%l]"), SetOf("%a"));
        Assert.Equal(SetOf("[^%d]"), SetOf("%D"));
        Assert.True(SetOf("%print").Contains(' '));
        Assert.False(SetOf("%graph").Contains(' '));
    }

    private static Charset SetOf(string text)
    {
        Assert.True(Analysis.ToCharset(Parse(text).Node, out var set), text + " is not a charset");
        return set;
    }

    // ---- names ------------------------------------------------------------------------------------------

    public static readonly TheoryData<string, string, int> NameErrors = new()
    {
        { "%foo", "name 'foo' undefined", 1 },
        { "[a%foo]", "name 'foo' undefined", 3 },
        { "'a' -> foo", "undefined name: foo", 7 },
        { "'a' => foo", "undefined name: foo", 7 },
        { "'a' ~> foo", "undefined name: foo", 7 },
        { "'a' >> foo", "undefined name: foo", 7 },
        { "a", "rule 'a' used outside a grammar", 0 },
        { "'x' <a>", "rule 'a' used outside a grammar", 5 },
        { "x <- 'a'\nx <- 'b'", "'x' already defined as a rule", 9 },
        { "%alphax", "name 'alphax' undefined", 1 },
        { "'a' => f", "not a match-time function", 7 },
        { "'a' ~> m", "not a capture function", 7 },
        { "'a' -> yes", "not a string, number, table or function", 7 },
        { "%f", "not a pattern", 1 },
        { "'a' -> 40000", "invalid capture number", 7 },
        { "'a' ~> text", "only '->' applies one", 7 },             // a text function folds nothing
        { "'a' >> text", "only '->' applies one", 7 },
        { "%foo %bar", "name 'foo' undefined", 1 },                 // the first one, as re reports it
    };

    [Theory]
    [MemberData(nameof(NameErrors))]
    public void Undefined_and_misused_names_are_reported(string text, string message, int position)
    {
        var e = Assert.Throws<PegSyntaxException>(() => Parse(text, Defs));
        Assert.Contains(message, e.Message);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Grammar_errors_come_from_building_the_grammar()
    {
        var e = Assert.Throws<PegGrammarException>(() => Parse("a <- b"));
        Assert.Contains("rule 'b' undefined in given grammar", e.Message);
        // A rule of the enclosing grammar is not visible inside a nested one, as in LPeg.
        Assert.Throws<PegGrammarException>(() => Parse("a <- (b <- a) 'x'"));
    }

    [Fact]
    public void Defs_come_before_predefined_names_unless_nil_or_false()
    {
        var over = new Dictionary<string, object?> { ["d"] = P("x"), ["s"] = false, ["w"] = null };
        Assert.Equal(P("x").DumpTree(), Parse("%d", over).DumpTree());
        Assert.Equal(Parse("%s").DumpTree(), Parse("%s", over).DumpTree());
        Assert.Equal(Parse("%w").DumpTree(), Parse("%w", over).DumpTree());
    }

    [Fact]
    public void Huge_repetition_counts_are_a_limit_error()
    {
        Assert.Throws<PegLimitException>(() => Parse("'a'^2000000"));
        Assert.Throws<PegLimitException>(() => Parse("'a'^+99999999999999999999999"));
        Assert.Throws<PegLimitException>(() => Parse("'a'^-2000000"));
    }

    // ---- robustness -----------------------------------------------------------------------------------

    private static readonly string[] FuzzTokens =
    [
        "'a'", "\"b\"", "'", "\"", "[", "]", "^", "-", "%", "a", "b", "x", "word", "f", "m", "str", "num", "table",
        "<-", "<", ">", "(", ")", "{", "}", "{:", ":}", "{~", "~}", "{|", "|}", ":", "=", "->", "=>", "~>", ">>",
        "&", "!", "/", "*", "+", "?", ".", "1", "2", "0", "99999999999", " ", "\n", "--c\n", "%d", "%nl", "{}",
        "^+1", "^-2", "^3", "[a-z]", "[^a]", "_", "\t", "é", "\u0000",
    ];

    [Fact]
    public void Random_malformed_text_only_throws_peg_exceptions()
    {
        var random = new Random(20240607);
        for (int i = 0; i < 5000; i++)
        {
            var sb = new StringBuilder();
            int n = random.Next(1, 16);
            for (int k = 0; k < n; k++) sb.Append(FuzzTokens[random.Next(FuzzTokens.Length)]);
            string text = sb.ToString();
            try
            {
                Parse(text, Defs);
                Parse(text);
            }
            catch (PegException) { }
            catch (Exception e)
            {
                Assert.Fail($"'{text}' threw {e.GetType().Name}: {e.Message}");
            }
        }
    }

    [Fact]
    public void Random_bytes_only_throw_peg_exceptions()
    {
        var random = new Random(7);
        byte[] alphabet = Encoding.ASCII.GetBytes("'\"[]^-%a_(){}:~|=<>&!/*+?.0 \n");
        for (int i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 24)];
            for (int k = 0; k < bytes.Length; k++)
                bytes[k] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            try { ReParser.Parse(bytes, Defs, null); }
            catch (PegException) { }
            catch (Exception e)
            {
                Assert.Fail($"{Convert.ToHexString(bytes)} threw {e.GetType().Name}: {e.Message}");
            }
        }
    }

    public static readonly TheoryData<string, string> Nestings = new()
    {
        { "(", ")" }, { "{", "}" }, { "{|", "|}" }, { "{:", ":}" }, { "&(", ")" }, { "!", "" }, { "(", "" }, { "{~", "" },
    };

    [Theory]
    [MemberData(nameof(Nestings))]
    public void Deep_nesting_parses_or_throws_a_peg_exception(string open, string close)
    {
        const int Depth = 100_000;
        var sb = new StringBuilder();
        for (int i = 0; i < Depth; i++) sb.Append(open);
        sb.Append("'a'");
        for (int i = 0; i < Depth; i++) sb.Append(close);
        try { Assert.NotNull(Parse(sb.ToString())); }
        catch (PegException) { }
    }

    [Fact]
    public void Long_flat_texts_parse_in_linear_time()
    {
        string alternatives = string.Join(" / ", Enumerable.Range(0, 20_000).Select(i => $"'k{i}'"));
        string sequence = string.Join(" ", Enumerable.Repeat("[a-z]", 50_000));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Parse(alternatives);
        Parse(sequence);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    // ---- a few matches (broad semantics are checked against native LPeg elsewhere) ---------------------

    /// <summary>re text, subject, and the expected values (Values.Show, 0-based positions; null = no match).</summary>
    public sealed record MatchCase(string Text, string Subject, string? Expected)
    {
        public override string ToString() => $"{Text} ~ {Subject}";
    }

    public static readonly MatchCase[] MatchCases =
    [
        new("{%a+} ' '* {%d+}", "abc 123", "\"abc\", \"123\""),
        new("s <- {%d+} / . s", "the 423 is odd", "\"423\""),
        new("({%a+} / .)*", "the number 423 is odd", "\"the\", \"number\", \"is\", \"odd\""),
        new("'a'^3", "aaaa", "3"),
        new("'a'^3", "aa", null),
        new("'a'^-2 !.", "aa", "2"),
        new("'a'^-2 !.", "aaa", null),
        new("[^,]+", "ab,c", "2"),
        new("{:q: ['\"] :} (!=q .)* =q", "'it\"s' x", "6"),
        new("{:q: ['\"] :} (!=q .)* =q", "'abc", null),
        new("{| {:k: %a+ :} '=' {:v: %d+ :} |}", "x=1", "{k = \"x\", v = \"1\"}"),
        new("{| ({%a} ','?)* |}", "a,b,c", "{\"a\", \"b\", \"c\"}"),
        new("'a' -> 'x'", "a", "\"x\""),
        new("({.} {.}) -> 2", "ab", "\"b\""),
        new("balanced <- '(' ([^()] / balanced)* ')'", "(a(b)c)d", "7"),
        new("{~ ([aeiou] -> '.' / .)* ~}", "hello", "\"h.ll.\""),
    ];

    public static IEnumerable<object[]> MatchRows => Engines.Cross(MatchCases);

    public static IEnumerable<object[]> EnginesAndBases =>
        Engines.Cross([PositionBase.Zero, PositionBase.One]);

    [Theory]
    [MemberData(nameof(EnginesAndBases))]
    public void Back_references_work_in_either_position_base(EngineKind engine, PositionBase positionBase)
    {
        int b = (int)positionBase;
        var options = Engines.Options(engine, new MatchOptions { PositionBase = positionBase });
        int? End(string text, string subject)
        {
            var r = Peg.Match(Parse(text), subject, b, options);
            return r.Success ? r.End - b : null;
        }
        int? EndOfBytes(string text, byte[] subject)
        {
            var r = Peg.Match(Parse(text), subject, b, options);
            return r.Success ? r.End - b : null;
        }
        const string Quoted = "{:q: ['\"] :} (!=q .)* =q";
        Assert.Equal(4, End(Quoted, "'ab' x"));
        Assert.Equal(4, End(Quoted, "'ab'"));                  // the reference ends the subject
        Assert.Null(End(Quoted, "'ab"));
        Assert.Equal(2, End("{:k: 'a' :} =k", "aa"));
        Assert.Null(End("{:k: 'a' :} =k", "a"));
        Assert.Null(End("{:k: 'a' :} =k", "ab"));
        Assert.Equal(0, End("{:k: '' :} =k !.", ""));
        Assert.Equal(4, End("{:k: .... :} =k", "\U0001F600\U0001F600"));
        Assert.Null(End("{:k: .... :} =k", "\U0001F600\U0001F601"));
        Assert.Null(End("{:k: {} :} =k", "a"));                // a position is not a string
        Assert.Equal(2, EndOfBytes("{:k: 'a' :} =k", "aa"u8.ToArray()));
        Assert.Null(EndOfBytes("{:k: 'a' :} =k", "a"u8.ToArray()));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Replacement_literals_keep_their_bytes(EngineKind engine)
    {
        byte[] source = [(byte)'\'', (byte)'a', (byte)'\'', (byte)'-', (byte)'>', (byte)'\'', 0xFF, (byte)'%', (byte)'0', (byte)'\''];
        var result = Peg.Match(ReParser.Parse(source, null, null), "a"u8, 0, Engines.Options(engine));
        Assert.Equal(new byte[] { 0xFF, (byte)'a' }, Assert.IsType<byte[]>(result.Value));
    }

    [Theory]
    [MemberData(nameof(MatchRows))]
    public void Re_patterns_match_as_in_lpeg(EngineKind engine, MatchCase c)
    {
        var result = Peg.Match(Parse(c.Text), c.Subject, 0, Engines.Options(engine));
        Assert.Equal(c.Expected, result.Success ? PegJit.Values.Show(PegJit.Values.Of([.. result.Values])) : null);
    }
}
