// Case tables for the combinator API: each case runs on every engine.
using PegJit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class CombinatorTests
{
    /// <summary>A case: pattern, subject, and the expected LPeg-style values (null = no match).</summary>
    public sealed record Case(string Name, Func<Pattern> Pattern, string Subject, string? Expected)
    {
        public override string ToString() => Name;
    }

    private static Case K(string name, Func<Pattern> p, string subject, string? expected) => new(name, p, subject, expected);

    // Expected values use Values.Show with 1-based positions (LPeg's own notation).
    public static readonly Case[] Cases =
    [
        K("literal", () => P("abc"), "abcd", "4"),
        K("literal fails", () => P("abc"), "abd", null),
        K("empty literal", () => P(""), "x", "1"),
        K("P(n)", () => P(3), "abcd", "4"),
        K("P(n) short", () => P(5), "abcd", null),
        K("P(-n)", () => P(-3), "ab", "1"),
        K("P(-n) fails", () => P(-2), "ab", null),
        K("P(true)", () => P(true), "", "1"),
        K("P(false)", () => P(false), "a", null),
        K("set", () => S("abc") ^ 1, "cabx", "4"),
        K("range", () => R("az", "09") ^ 0, "a1z9-", "5"),
        K("set union folds", () => (S("ab") + S("cd")) ^ 1, "dcba!", "5"),
        K("set difference", () => (R("az") - S("aeiou")) ^ 1, "bcda", "4"),
        K("sequence", () => P("a") * P("b"), "abc", "3"),
        K("choice", () => P("x") + P("ab"), "abc", "3"),
        K("choice backtracks", () => (P("a") * P("c")) + P("ab"), "abc", "3"),
        K("not", () => -P("a") * P(1), "ba", "2"),
        K("not fails", () => -P("a") * P(1), "ab", null),
        K("and", () => P("a").And() * P(1), "ab", "2"),
        K("difference", () => (P(1) - P("x")) ^ 0, "abxc", "3"),
        K("at least n", () => P("a") ^ 2, "aaab", "4"),
        K("at least n fails", () => P("a") ^ 2, "ab", null),
        K("at most n", () => P("a") ^ -2, "aaab", "3"),
        K("at most n zero", () => P("a") ^ -2, "b", "1"),
        K("behind", () => P("a") * B(P("a")), "ab", "2"),
        K("behind fails", () => P("b") + (P(1) * B(P("b"))), "ab", null),
        K("utfR (string subject: char units)", () => UtfR(0xE9, 0xE9) * P("!"), "é!", "3"),
        K("utfR ascii", () => UtfR(0x61, 0x7A) ^ 1, "abc1", "4"),
        K("grammar", () => Grammar(("S", P("a") * V("S") + P("b"))), "aaab", "5"),
        K("balanced parens", () => Grammar(("S", P("(") * (V("S") ^ 0) * P(")"))), "(()())x", "7"),
        K("simple capture", () => C(P("a") ^ 1), "aab", "\"aa\""),
        K("nested captures", () => C(C(P("a")) * C(P("b"))), "ab", "\"ab\", \"a\", \"b\""),
        K("position", () => P("a") * Cp(), "ab", "2"),
        K("constant", () => Cc("x", 1), "", "\"x\", 1"),
        K("no constant", () => Cc() * P("a"), "a", "2"),
        K("table", () => Ct(C(P("a")) * C(P("b"))), "ab", "{\"a\", \"b\"}"),
        K("named group in table", () => Ct(Cg(C(P("a")), "k") * C(P("b"))), "ab", "{\"b\", k = \"a\"}"),
        K("anonymous group", () => Cg(C(P("a")) * C(P("b"))), "ab", "\"a\", \"b\""),
        K("named group has no value", () => Cg(C(P("a")), "k") * C(P("b")), "ab", "\"b\""),
        K("back reference", () => Cg(C(P("a") ^ 1), "x") * P("-") * Cb("x"), "aa-", "\"aa\""),
        K("substitution", () => Cs(((P("a") / "A") + P(1)) ^ 0), "banana", "\"bAnAnA\""),
        K("string capture", () => (C(P("a")) * C(P("b"))) / "%2%1%0%%", "ab", "\"baab%\""),
        K("number capture", () => (C(P("a")) * C(P("b"))) / 2, "ab", "\"b\""),
        K("number capture zero", () => (C(P("a")) * C(P("b"))) / 0, "ab", "3"),
        K("function capture", () => C(R("09") ^ 1) / (a => int.Parse((string)a[0]!) * 2), "21", "42"),
        K("function capture multiple", () => P("a") / (_ => PegJit.Values.Of(1, 2)), "a", "1, 2"),
        K("function capture none", () => P("a") / (_ => PegJit.Values.None), "a", "2"),
        K("query", () => C(P(1)) / new Dictionary<string, object?> { ["a"] = "A" }, "a", "\"A\""),
        K("query miss", () => C(P(1)) / new Dictionary<string, object?> { ["a"] = "A" }, "b", "2"),
        K("fold", () => Cf(C(R("09")) * ((P(",") * C(R("09"))) ^ 0), a => (string)a[0]! + (string)a[1]!), "1,2,3", "\"123\""),
        K("accumulator", () => Cc(0) * ((C(R("09")) % (a => (int)a[0]! + int.Parse((string)a[1]!))) ^ 0), "123", "6"),
        K("span function", () => (C(R("09")) * C(R("09"))) / (SpanCaptureFunction)(v => (string)v[1]! + (string)v[0]!), "12", "\"21\""),
        K("span function of the whole match", () => (R("09") ^ 1) / (SpanCaptureFunction)(v => v.Length + ":" + (string)v[0]!), "123", "\"1:123\""),
        K("span fold", () => Cf(C(R("09")) * ((P(",") * C(R("09"))) ^ 0), (SpanCaptureFunction)(v => (string)v[0]! + (string)v[1]!)), "1,2,3", "\"123\""),
        K("span accumulator", () => Cc(0) * ((C(R("09")) % (SpanCaptureFunction)(v => (int)v[0]! + int.Parse((string)v[1]!))) ^ 0), "123", "6"),
        // LPeg 1.1 leaves the previous value on its stack while the accumulator's pattern is evaluated, and a fold leaves
        // the accumulated value: an accumulator nested in either takes that value as its own previous one.
        K("accumulator nested in an accumulator", () => Cc("x") * ((P("a") % (a => $"i({a[0]},{a[1]})")) % (a => $"o({a[0]},{a[1]})")), "a", "\"o(i(x,a),a)\""),
        K("accumulator nested in a fold step", () => Cf(Cc("x") * (P("a") % (a => $"i({a[0]},{a[1]})")), a => $"f({a.Length},{a[0]})"), "a", "\"f(1,i(x,a))\""),
        // A text function sees UTF-8 (3 bytes for the two characters of this string subject), and the captures inside
        // its pattern are not evaluated (LPeg's (p / 0) / f): the back reference to a missing group never runs.
        K("text function", () => (C(P("a")) * P("é")) / (Utf8CaptureFunction)(t => t.Length), "aé", "3"),
        K("text function of a fixed-length pattern (one full capture entry)", () => P("ab") / (Utf8CaptureFunction)(t => t.Length), "abc", "2"),
        K("text function skips its pattern's captures", () => (Cb("missing") * P("a")) / (Utf8CaptureFunction)(t => t[0]), "ab", "97"),
        K("match-time capture", () => Cmt(C(P(1)), (s, i, c) => (string)c[0]! == "a"), "a", "2"),
        K("match-time capture fails", () => Cmt(C(P(1)), (s, i, c) => (string)c[0]! == "a"), "b", null),
        K("match-time new position", () => Cmt(P(true), (s, i, c) => 3), "abcd", "3"),
        K("match-time values", () => Cmt(P("a"), (s, i, c) => PegJit.Values.Of(true, "v")), "a", "\"v\""),
        K("loop with captures", () => Ct((C(P("a")) + C(P("b"))) ^ 0), "abba", "{\"a\", \"b\", \"b\", \"a\"}"),
    ];

    public static IEnumerable<object[]> Rows => Engines.Cross(Cases);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Case_matches_expected(EngineKind engine, Case c)
    {
        var options = Engines.Options(engine, new MatchOptions { PositionBase = PositionBase.One });
        var r = Peg.Match(c.Pattern(), c.Subject, 1, options);
        string? actual = r.Success ? PegJit.Values.Show(PegJit.Values.Of([.. r.Values])) : null;
        Assert.Equal(c.Expected, actual);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Extra_arguments_are_read_by_Carg(EngineKind engine)
    {
        var p = Carg(2) * Carg(1);
        var r = Peg.Match(p, "", 0, Engines.Options(engine, new MatchOptions { Arguments = ["a", 7] }));
        Assert.Equal(new object?[] { 7, "a" }, r.Captures);
        var e = Assert.Throws<PegCaptureException>(() => Peg.Match(p, "", 0, Engines.Options(engine)));
        Assert.Contains("absent extra argument #2", e.Message);
    }
}
