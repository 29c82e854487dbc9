// Compiler output: equivalent patterns give identical bytecode, and LPeg's optimizations appear where valid.
using PegJit.Vm;
using static PegJit.Pattern;

namespace PegJit.Tests.Compiler;

public class CodegenTests
{
    public static readonly TheoryData<string, Func<Pattern>, Func<Pattern>> SameCode = new()
    {
        { "charset union folds", () => S("ab") + S("cd"), () => S("abcd") },
        { "charset difference folds", () => R("az") - S("aeiou"), () => S("bcdfghjklmnpqrstvwxyz") },
        { "any minus char is a set", () => P(1) - P("x"), () => R([0, (byte)'w', (byte)'y', 0xFF]) },
        { "x * true is x", () => P("a") * P(true), () => P("a") },
        { "false + x is x", () => P(false) + P("x"), () => P("x") },
        { "optional is choice with true", () => P("a") ^ -1, () => P("a") + P(true) },
        { "re class equals combinator set", () => Re.Compile("[a-c]+"), () => R("ac") ^ 1 },
        { "re grammar equals combinator grammar", () => Re.Compile("S <- 'a' S / 'b'"), () => Grammar(("S", P("a") * V("S") + P("b"))) },
        { "re literal equals P", () => Re.Compile("'abc'"), () => P("abc") },
    };

    [Theory]
    [MemberData(nameof(SameCode))]
    public void Equivalent_patterns_compile_to_the_same_code(string name, Func<Pattern> a, Func<Pattern> b)
    {
        Assert.True(a().DumpCode() == b().DumpCode(), name + "\n" + a().DumpCode() + "\nvs\n" + b().DumpCode());
    }

    private static Opcode[] Ops(Pattern p) => p.Program.Code.Select(i => i.Op).ToArray();

    // chars <- [a-z] chars / '': the recursive call cannot fail, so the choice point covers [a-z] alone, the call is a
    // tail call, and the rule runs in constant stack on every engine (LPeg's code would need one entry per byte).
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_choice_commits_before_a_part_that_cannot_fail(EngineKind engine)
    {
        var p = Re.Compile("s <- '\"' chars '\"'  chars <- {[a-z]} chars / ''");
        Assert.Equal(2, Ops(p).Count(op => op == Opcode.Call));   // the grammar's entry and s's call of chars, no other
        var subject = "\"" + new string('q', 100_000) + "\"";
        var r = Peg.Match(p, subject, 0, Engines.Options(engine, new MatchOptions { MaxBacktrack = 50 }));
        Assert.True(r.Success);
        Assert.Equal(100_000, r.Captures.Count);
    }

    // Small rules that cannot reach themselves are coded in place of their calls; recursive ones stay calls.
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Small_non_recursive_rules_are_coded_in_place(EngineKind engine)
    {
        var p = Re.Compile("""
            list <- '[' (item (',' item)*)? ']'
            item <- list / str / hex
            str  <- '"' char* '"'
            char <- [^"\] / '\' .
            hex  <- [0-9a-f]+
            """);
        var calls = p.Program.Code.Where(i => i.Op == Opcode.Call).Select(i => i.Target).Distinct().Count();
        var called = PegJit.Compiler.Compiler.CompileWithoutInlining(p.Node).Code.Count(i => i.Op == Opcode.Call);
        Assert.True(calls <= 2, p.DumpCode());   // the start rule and the list <-> item recursion
        Assert.True(called > calls);
        const string subject = "[\"a\\\"b\",[ff],0]";
        Assert.Equal(subject.Length, Peg.Match(p, subject, 0, Engines.Options(engine)).End);
    }

    [Fact]
    public void Set_loop_becomes_a_span() => Assert.Equal([Opcode.Span, Opcode.End], Ops(S("xyz") ^ 0));

    [Fact]
    public void Disjoint_choice_uses_a_test_not_a_choice_point()
    {
        var ops = Ops(P("ab") + P("cd"));
        Assert.Contains(Opcode.TestChar, ops);
        Assert.DoesNotContain(Opcode.Choice, ops);
    }

    [Fact]
    public void Loop_with_backtracking_uses_partial_commit()
    {
        var ops = Ops((P("ab") ^ 0) * P("a"));
        Assert.Contains(Opcode.PartialCommit, ops);
    }

    [Fact]
    public void Last_call_of_a_rule_is_a_tail_call()
    {
        var code = Grammar(("S", P("a") * V("S") + P("b"))).Program.Code;
        Assert.Single(code, i => i.Op == Opcode.Call);      // only the grammar's entry call
        Assert.Contains(code, i => i.Op == Opcode.Jmp && i.Target < Array.IndexOf(code, i));
    }

    [Fact]
    public void Fixed_length_capture_is_one_full_capture()
    {
        var ops = Ops(C(P("abc")));
        Assert.Contains(Opcode.FullCapture, ops);
        Assert.DoesNotContain(Opcode.OpenCapture, ops);
    }

    [Fact]
    public void Jumps_to_jumps_are_threaded()
    {
        var code = (((P("a") + P("b")) ^ 0) * ((P("c") + P("d")) ^ 0)).Program.Code;
        foreach (var (ins, pc) in code.Select((i, pc) => (i, pc)))
            if (ins.Op is Opcode.Jmp or Opcode.Choice or Opcode.Commit or Opcode.TestChar or Opcode.TestSet)
                Assert.NotEqual(Opcode.Jmp, code[ins.Target].Op);
    }

    [Fact]
    public void Dumps_are_readable()
    {
        var p = C(S("ab") ^ 1) * P("!");
        Assert.Contains("span", p.DumpCode());
        Assert.Contains("capture simple", p.DumpTree());
    }
}
