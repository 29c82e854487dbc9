// LPeg's grammar checks and construction errors, with LPeg's messages.
using static PegJit.Pattern;

namespace PegJit.Tests.Compiler;

public class GrammarCheckTests
{
    public static readonly TheoryData<string, Func<Pattern>, string> Rejected = new()
    {
        { "left recursion", () => Grammar(("S", V("S") * P("a") + P("b"))), "rule 'S' may be left recursive" },
        { "indirect left recursion", () => Grammar(("A", V("B") * P("x")), ("B", V("A") + P("y"))), "may be left recursive" },
        { "empty loop in rule", () => Grammar(("S", (V("T") ^ 0) * P("a")), ("T", P("b") ^ -1)), "empty loop in rule 'S'" },
        { "loop on nullable body", () => (P("a") ^ -1) ^ 0, "loop body may accept empty string" },
        { "undefined rule", () => Grammar(("S", V("X"))), "rule 'X' undefined in given grammar" },
        { "rule outside grammar", () => { var p = V("X") * P("a"); _ = p.Program; return p; }, "rule 'X' used outside a grammar" },
        { "behind variable length", () => B(P("a") ^ 0), "pattern may not have fixed length" },
        { "behind with captures", () => B(C(P("a"))), "pattern have captures" },
        { "behind too long", () => B(P(300)), "pattern too long to look behind" },
        { "initial rule missing", () => Grammar("X", [("S", P("a"))]), "initial rule 'X' is not defined in given grammar" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Invalid_grammars_are_rejected_with_lpegs_message(string name, Func<Pattern> build, string message)
    {
        var e = Assert.ThrowsAny<PegException>(() => { var p = build(); _ = p.Program; });
        Assert.True(e.Message.Contains(message, StringComparison.Ordinal), $"{name}: {e.Message}");
    }

    [Fact]
    public void Too_many_rules_are_rejected()
    {
        var rules = Enumerable.Range(0, 1001).Select(i => ($"r{i}", P("a"))).ToArray();
        var e = Assert.Throws<PegGrammarException>(() => Grammar(rules));
        Assert.Equal("grammar has too many rules", e.Message);
    }

    [Fact]
    public void A_rule_referenced_only_by_itself_is_still_checked()
    {
        var e = Assert.Throws<PegGrammarException>(() => Grammar(("S", P("a")), ("U", V("U") * P("x"))));
        Assert.Equal("rule 'U' may be left recursive", e.Message);
    }

    [Fact]
    public void Unreferenced_rules_are_not_checked_as_lpeg_does()
    {
        // Unused is referenced by no rule, so its loop over a nullable rule is not checked (T is, and is fine).
        var g = Grammar(("S", P("a")), ("Unused", V("T") ^ 0), ("T", P("b") ^ -1));
        Assert.True(Peg.Match(g, "a").Success);
    }
}
