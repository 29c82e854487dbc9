// Short texts that describe huge patterns, deep trees of every node kind, long literals and large grammars: each
// compiles within a ceiling or stops at once with a PegLimitException, never a hang, a crash or OutOfMemory.
using System.Diagnostics;
using System.Text;
using PegJit;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Fault;

public class CompileBudgetTests
{
    // Far above the figures the fault suite reports (up to about 2 s for the worst shape under the budget, when the
    // machine is quiet): these catch a return of quadratic or exponential compile time (minutes), not slowdowns. The
    // tests run beside others on two shared cores, where the same compile was seen to take 13 s.
    private static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(60);

    /// <summary>Texts a fuzzer found that once hung or exhausted memory; each must compile or be refused as a limit.</summary>
    public static TheoryData<string> FuzzRegressions => new()
    {
        ".^-1000000",
        "'a'?^-8359",
        "[ab]* ^-5429",
        "'a' {}^-24979",
        "S <- A A^+1000000  A <- {.}",
        "'a' ^1001" + new string('+', 40),
        "'%a'" + string.Concat(Enumerable.Repeat("^2", 40)),
        "'a'" + new string('+', 24),
        "'a'" + new string('+', 60),
        "('a'^1000)^1000000",
        "'a'" + string.Concat(Enumerable.Repeat(" ^2", 30)),
        "(('a' / 'b')^-1000)^-1000",
    };

    [Theory]
    [MemberData(nameof(FuzzRegressions))]
    public void Fuzzed_text_compiles_or_stops_with_a_limit(string text)
    {
        var sw = Stopwatch.StartNew();
        try
        {
            var p = Re.Compile(text);
            _ = p.Program;
            _ = Peg.Find(p, "aaab");
        }
        catch (PegLimitException e)
        {
            Assert.False(string.IsNullOrEmpty(e.Message));
        }
        Assert.True(sw.Elapsed < Ceiling, $"{text}: {sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Doubling_past_the_budget_is_refused_before_the_work()
    {
        var p = P("ab");
        var e = Assert.Throws<PegLimitException>(() => { for (int i = 0; i < 40; i++) p = p * p; });
        Assert.Contains("pattern too large", e.Message);
    }

    [Fact]
    public void Repetition_past_the_budget_is_refused_as_a_limit()
    {
        Assert.Throws<PegLimitException>(() => (P("a") ^ 1000) ^ 1_000_000);
        Assert.Throws<PegLimitException>(() => P("abcdefgh") ^ -10_000_000);
    }

    [Fact]
    public void A_re_limit_error_points_into_the_text()
    {
        const string text = "'x' ('a'^1000)^1000000 'y'";
        var e = Assert.Throws<PegLimitException>(() => Re.Compile(text));
        Assert.InRange(e.Position, 4, text.IndexOf('y') - 1);   // at the repetition that grew the tree
    }

    [Fact]
    public void Ten_megabyte_literal_compiles_and_matches()
    {
        var text = new string('q', 10_000_000);
        var p = P(text);
        Assert.True(Peg.Match(p, text + "!").Success);
        var found = Peg.Find(p, "x" + text);
        Assert.True(found.Success);
        Assert.Equal(1, found.Start);
    }

    [Fact]
    public void A_long_literal_folds_case_in_a_loop()
    {
        var p = P(new string('q', 1_000_000)).IgnoreCase();
        Assert.True(Peg.Match(p, new string('Q', 1_000_000)).Success);
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_refused_at_once()
    {
        var sw = Stopwatch.StartNew();
        var e = Assert.Throws<PegLimitException>(() => Re.Compile(".^-1000000"));
        Assert.Contains("too deep", e.Message);
        Assert.True(sw.Elapsed < Ceiling);
    }

    public static TheoryData<string> NodeKinds => new(DeepPatterns.Kinds);

    [Theory]
    [MemberData(nameof(NodeKinds))]
    public void Hundred_thousand_levels_compile_search_and_dump(string kind)
    {
        var sw = Stopwatch.StartNew();
        var p = DeepPatterns.Nest(kind, 100_000);
        _ = p.Program;
        // Evaluating captures nested this deep is refused as LPeg refuses it; matching and counting are not.
        try { _ = Peg.Find(p, "xaby"); }
        catch (PegCaptureException e) { Assert.Contains("nesting too deep", e.Message); }
        _ = Peg.Count(p, "xaby");
        var tree = new CountingWriter();
        p.DumpTree(tree);
        var code = new CountingWriter();
        p.DumpCode(code);
        Assert.True(sw.Elapsed < Ceiling, $"{kind}: {sw.Elapsed.TotalMilliseconds:F0} ms");
        // Linear dumps: no line grows with the depth.
        Assert.True(tree.LongestLine < 200, $"tree line of {tree.LongestLine} chars");
        Assert.True(tree.Lines >= 100_000);
        Assert.True(code.LongestLine < 200);
    }

    [Fact]
    public void Thousand_rule_grammar_compiles_within_the_ceiling()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < 1000; i++) sb.Append($"R{i} <- 'x{i}' R{(i + 1) % 1000} / 'y' R{i / 2} / {{'z'}}\n");
        var sw = Stopwatch.StartNew();
        var p = Re.Compile(sb.ToString());
        Assert.True(Peg.Match(p, "x0x1yz").Success);
        Assert.True(Peg.Find(p, "--x0z").Success);
        Assert.True(sw.Elapsed < Ceiling, $"{sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Rules_that_each_call_two_rules_compile_and_search_in_linear_time()
    {
        // Every rule is reached along exponentially many paths: analyses that follow calls must remember answers.
        var sb = new StringBuilder();
        for (int i = 0; i < 60; i++) sb.Append($"r{i} <- '{i}:' r{(i + 1) % 60} / 'z{i}' r{(3 * i + 7) % 60}?\n");
        var sw = Stopwatch.StartNew();
        var p = Re.Compile(sb.ToString());
        Assert.True(Peg.Match(p, "0:1:z2").Success);
        Assert.True(Peg.Find(p, "--0:z0").Success);
        Assert.True(sw.Elapsed < Ceiling, $"{sw.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void Left_nested_choice_of_sixteen_thousand_literals_compiles()
    {
        Pattern p = P("w0x");
        for (int i = 1; i < 16_000; i++) p = p + P($"w{i}x");
        var sw = Stopwatch.StartNew();
        Assert.True(Peg.Match(p, "w15999x").Success);
        Assert.True(sw.Elapsed < Ceiling);
        var alt = Re.Compile(string.Join(" / ", Enumerable.Range(0, 16_000).Select(i => $"'v{i}y'")));
        Assert.True(Peg.Match(alt, "v15999y").Success);
    }

    private sealed class CountingWriter : TextWriter
    {
        private int _current;
        public int LongestLine { get; private set; }
        public long Lines { get; private set; }
        public override Encoding Encoding => Encoding.UTF8;
        public override void Write(char value)
        {
            if (value == '\n') { Lines++; _current = 0; return; }
            if (++_current > LongestLine) LongestLine = _current;
        }
    }
}
