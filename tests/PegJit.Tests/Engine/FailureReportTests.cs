// The farthest-failure report: where a failed match got furthest and what it expected there, on every engine.
using System.Text;
using PegJit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class FailureReportTests
{
    /// <summary>A case: pattern, subject, and the report's position (UTF-16, 0-based) and expected labels.</summary>
    public sealed record Case(string Name, Func<Pattern> Pattern, string Subject, int Position, string[] Expected)
    {
        public override string ToString() => Name;
    }

    private static Case K(string name, Func<Pattern> p, string subject, int position, params string[] expected) =>
        new(name, p, subject, position, expected);

    private static Func<Pattern> R(string re) => () => Re.Compile(re);

    public static readonly Case[] Cases =
    [
        K("literal", () => P("abc"), "abd", 0, "'abc'"),
        K("literal midway counts at its start", R("'true'"), "tru", 0, "'true'"),
        K("literal after a prefix", R("'[' %s* 'true'"), "[trux", 1, "[\\t-\\r ]", "'true'"),
        K("adjacent literals read as one", () => P("a") * ",", "ab", 0, "'a,'"),
        K("one-character literal", () => P("a") * S(",") * ";", "a,x", 2, "';'"),
        K("class", R("[0-9]+"), "x", 0, "[0-9]"),
        K("negated class", R("[^\"\\]"), "\"", 0, "[^\"\\]"),
        K("span's stop and what follows", R("'a' [0-9]+ ','"), "a12x", 3, "[0-9]", "','"),
        K("alternatives in order, once each", R("'true' / 'false' / 'null' / 'true'"), "nope", 0, "'true'", "'false'", "'null'"),
        K("any character", R("'a' ."), "a", 1, "any character"),
        K("end of input", R("'a' !."), "ab", 1, "end of input"),
        K("optional part", R("'a' 'b'? [0-9]"), "ax", 1, "'b'", "[0-9]"),
        K("and-predicate does not count", R("&(. . 'x') . / 'q'"), "abc", 0, "'q'"),
        K("not-predicate does not count", R("!(. . [xy]) 'z' / 'q'"), "abc", 0, "'z'", "'q'"),
        K("lookbehind does not count", () => (P(1) * B("x")) + "q", "ab", 0, "'q'"),
        K("nothing to name", () => P(false), "ab", 0),
        K("rule name at the farthest position", R("top <- '(' item (',' item)* ')'  item <- [0-9]+ / 'x'"), "(1,)", 3, "item"),
        K("rule name in a combinator grammar",
            () => Grammar(("top", "(" * V("item") * (("," * V("item")) ^ 0) * ")"), ("item", (Pattern.R("09") ^ 1) + "x")), "(1,)", 3, "item"),
        K("outermost rule started there",
            R("top <- '<' a '>'  a <- b / 'k'  b <- 'x' / 'y'"), "<z>", 1, "a"),
        K("a rule started earlier keeps the labels", R("top <- num ';' num <- [0-9] [0-9]"), "1x", 1, "[0-9]"),
        K("a finished rule's leftovers give way", R("top <- num ';' num <- [0-9]+"), "12x", 2, "';'"),
        K("a finished rule's leftovers when alone", R("top <- num 'z'  num <- [0-9]+ '.' [0-9] / [0-9]+"), "12.x", 3, "[0-9]"),
        K("grammar start rule is not named", R("top <- 'ab' / 'cd'"), "c", 0, "'ab'", "'cd'"),
        K("two classes fold into one", R("'a' / 'b'"), "c", 0, "[ab]"),
        K("tail call named", R("top <- '[' v  v <- 'a' w  w <- 'b' / 'c'"), "[ax", 2, "w"),
        K("non-ASCII subject in UTF-16 units", R("'é'+ [0-9]"), "ééa", 2, "'é'", "[0-9]"),
        K("code point range", () => P("a") * UtfR(0x3B1, 0x3C9), "ab", 1, "[α-ω]"),
    ];

    public static IEnumerable<object[]> Rows => Engines.Cross(Cases);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Case_reports_the_farthest_failure(EngineKind engine, Case c)
    {
        var o = Engines.Options(engine);
        var p = c.Pattern();
        var e = Assert.Throws<PegMatchException>(() => Peg.Parse(p, c.Subject, null, o));
        Assert.Equal(c.Position, e.Failure.Position);
        Assert.Equal(c.Expected, e.Failure.Expected);
        var explained = Peg.Explain(p, c.Subject, null, o);
        Assert.NotNull(explained);
        Assert.Equal(e.Failure.ToString(), explained.ToString());
        Assert.Equal(e.Failure.ToString(), e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Bytes_report_byte_positions(EngineKind engine)
    {
        var f = Peg.Explain(Re.Compile("'é'+ [0-9]"), "ééa"u8, null, Engines.Options(engine))!;
        Assert.Equal(4, f.Position);
        Assert.Equal(5, f.Column);
        Assert.Equal("ééa\n  ^", f.Snippet);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Position_base_one_and_init(EngineKind engine)
    {
        var o = Engines.Options(engine, new MatchOptions { PositionBase = PositionBase.One });
        var f = Peg.Explain(Re.Compile("'a' [0-9]"), "xxab", 3, o)!;
        Assert.Equal(4, f.Position);
        Assert.Equal(1, f.Line);
        Assert.Equal(4, f.Column);
        Assert.Equal(["[0-9]"], f.Expected);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Line_column_and_caret_on_multi_line_input(EngineKind engine)
    {
        var p = ((Pattern.R("az") + "\t") ^ 1) * "\n" ^ 0;
        var f = Peg.Explain(p * -P(1), "one\n\ttwo\r\nthree", null, Engines.Options(engine))!;
        Assert.Equal(2, f.Line);
        Assert.Equal(5, f.Column);
        Assert.Equal(8, f.Position);
        Assert.Equal("line 2, column 5: expected [\\ta-z] or '\\n'\n\ttwo\n\t   ^", f.ToString());
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_successful_match_explains_nothing(EngineKind engine)
    {
        var o = Engines.Options(engine);
        Assert.Null(Peg.Explain(P("ab"), "abc", null, o));
        Assert.Equal(2, Peg.Parse(P("ab"), "abc", null, o).End);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Instance_calls_report_as_the_static_ones(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var p = Re.Compile("'a' [0-9]");
        Assert.Equal(Peg.Explain(p, "ab", null, o)!.ToString(), p.Explain("ab", options: o)!.ToString());
        var e = Assert.Throws<PegMatchException>(() => p.Parse("ab", options: o));
        Assert.Equal(1, e.Failure.Position);
        Assert.Equal(2, p.Parse("a1", options: o).End);
    }

    [Fact]
    public void The_report_is_built_only_when_asked_for()
    {
        var p = Re.Compile("'a' [0-9]");
        Assert.False(Peg.Match(p, "ab").Success);
        Assert.False(Peg.Find(p, "ab").Success);
        Assert.False(p.HasReportProgram);
        Assert.NotNull(Peg.Explain(p, "ab"));
        Assert.True(p.HasReportProgram);
    }

    [Fact]
    public void The_report_program_is_the_same_code_with_every_rule_called()
    {
        var p = Re.Compile(Json);
        Assert.Equal(PegJit.Compiler.Compiler.CompileWithoutInlining(p.Node).Dump(), p.ReportProgram.Dump());
        Assert.NotEqual(p.DumpCode(), p.ReportProgram.Dump());   // the match program codes S in place
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Match_time_captures_run_in_the_report(EngineKind engine)
    {
        int calls = 0;
        var p = Cmt(P("a"), (s, i, c) => { calls++; return true; }) * "b";
        var f = Peg.Explain(p, "ax", null, Engines.Options(engine))!;
        Assert.Equal(1, calls);
        Assert.Equal(["'b'"], f.Expected);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Deep_input_is_reported_without_overflow(EngineKind engine)
    {
        var p = Re.Compile("s <- '[' s ']' / 'x'");
        string deep = new string('[', 200_000) + "x" + new string(']', 199_999);
        var f = Peg.Explain(p, deep, null, Engines.Options(engine))!;
        Assert.Equal(deep.Length, f.Position);
        Assert.Equal(["']'"], f.Expected);
    }

    // ---- realistic mistakes ------------------------------------------------------------------------

    internal const string Json = """
        json    <- S value S !.
        value   <- object / array / string / number / 'true' / 'false' / 'null'
        object  <- '{' S (member (S ',' S member)*)? S '}'
        member  <- string S ':' S value
        array   <- '[' S (value (S ',' S value)*)? S ']'
        string  <- '"' ([^"\] / '\' .)* '"'
        number  <- '-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
        S       <- %s*
        """;

    private const string Config = """
        config  <- (line %nl)* line !.
        line    <- S (comment / pair)? S
        pair    <- key S '=' S value
        key     <- [a-zA-Z_] [a-zA-Z0-9_.]*
        value   <- [^%nl#]*
        comment <- '#' [^%nl]*
        S       <- ' '*
        """;

    public static IEnumerable<object[]> Mistakes => Engines.Cross(
    [
        ("json missing comma", Json, "{\n  \"name\": \"demo\",\n  \"tags\": [\"a\", \"b\"]\n  \"size\": 3\n}\n",
            "line 4, column 3: expected ',' or '}'\n  \"size\": 3\n  ^"),
        ("the example of Parse", "list <- '[' (num (',' num)*)? ']' !.   num <- [0-9]+", "[1,2;3]",
            "line 1, column 5: expected ',' or ']'\n[1,2;3]\n    ^"),
        ("json missing value", Json, "[1, 2, ]", "line 1, column 8: expected value\n[1, 2, ]\n       ^"),
        ("config line without '='", Config, "name = demo\n# listen here\nport 8080\n",
            "line 3, column 6: expected '='\nport 8080\n     ^"),
        ("unclosed string", Json, "{\"name\": \"demo}",
            "line 1, column 16: expected [^\"\\], '\\' or '\"'\n{\"name\": \"demo}\n               ^"),
    ]);

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Realistic_mistakes_read_well(EngineKind engine, (string Name, string Grammar, string Input, string Report) c)
    {
        var e = Assert.Throws<PegMatchException>(() => Peg.Parse(Re.Compile(c.Grammar), c.Input, null, Engines.Options(engine)));
        Assert.Equal(c.Report, e.Failure.ToString());
    }
}
