// Deep input, deep patterns, big subjects, limits and cancellation -> a result or a clear PegException, never a crash.
using System.Text;
using PegJit;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class RobustnessTests
{
    // A JSON-ish array grammar: arrays nest through a rule call, so depth lives on the backtrack stack.
    private static readonly Pattern Arrays = Grammar(
        ("V", P("[") * (V("V") * ((P(",") * V("V")) ^ 0)).Rep(-1) * P("]") + R("09") ^ 1));

    private static byte[] DeepArray(int depth) =>
        Encoding.ASCII.GetBytes(new string('[', depth) + "1" + new string(']', depth));

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Million_deep_array_matches_on_the_heap_stack(EngineKind engine)
    {
        var subject = DeepArray(1_000_000);
        var r = Peg.Match(Arrays, subject, 0, Engines.Options(engine));
        Assert.True(r.Success);
        Assert.Equal(subject.Length, r.End);
    }

    // LPeg stops at 65,535 constants in a pattern ("too many Lua values in pattern") and 32,767 values from one
    // match-time capture ("too many results in match-time capture"): limits of its 16-bit indices. PegJit's values
    // live in arrays, so both counts are limited by memory alone (a documented difference); every value must come
    // back in order, past the 16-bit edges.
    private static readonly int[] Edges = [0, 32_767, 32_768, 65_535, 65_536, 69_999];

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Values_past_LPeg_16_bit_limits_come_back_in_order(EngineKind engine)
    {
        var constants = Enumerable.Range(0, 70_000).Select(i => Cc(i)).Aggregate((a, b) => a * b);
        var r = Peg.Match(constants, "", options: Engines.Options(engine));
        Assert.Equal(70_000, r.Captures.Count);
        foreach (int i in Edges) Assert.Equal(i, r.Get<int>(i));

        var many = Values.Of([true, .. Enumerable.Range(0, 40_000).Select(i => (object?)i)]);
        var runtime = Cmt(P(1), (_, _, _) => many) * C(P(1));
        var m = Peg.Match(runtime, "xy", options: Engines.Options(engine));
        Assert.Equal(40_001, m.Captures.Count);
        Assert.Equal(32_768, m.Get<int>(32_768));
        Assert.Equal("y", m.GetString(40_000));
    }

    // The thread's pooled context grew to millions of entries for that match; back in the pool it is small again, and
    // the next match (which grows it anew) still succeeds.
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_context_grown_by_a_huge_match_shrinks_back_in_the_pool(EngineKind engine)
    {
        var subject = DeepArray(200_000);
        var captures = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("ab", 100_000)));
        for (int round = 0; round < 2; round++)
        {
            Assert.True(Peg.Match(Arrays, subject, 0, Engines.Options(engine)).Success);
            Assert.Equal(100_000, Peg.Match((C(P("a")) + P("b")) ^ 0, captures, 0, Engines.Options(engine)).Captures.Count);
            var pooled = PegJit.Engine.Pooled!;
            Assert.True(pooled.Stack.Length <= Vm.MatchContext.KeptStackEntries, $"stack of {pooled.Stack.Length} kept");
            Assert.True(pooled.Captures.Length <= Vm.MatchContext.KeptCaptureEntries, $"capture log of {pooled.Captures.Length} kept");
        }
    }

    // Given back, but held weakly: the next huge match on the thread takes the same log up again instead of regrowing
    // one by doubling (the test holds the array, so no collection can take it in between).
    [Fact]
    public void The_next_huge_match_takes_up_the_capture_log_given_back()
    {
        var ctx = new Vm.MatchContext();
        var big = ctx.GrowCaptures(100_000, 1);
        ctx.Captures[5] = new Vm.CaptureEntry { Pos = 7 };
        ctx.Trim();
        Assert.True(ctx.Captures.Length <= Vm.MatchContext.KeptCaptureEntries);
        ctx.Captures[3] = new Vm.CaptureEntry { Pos = 9 };
        var again = ctx.GrowCaptures(50_000, 1);
        Assert.Same(big, again);
        Assert.Equal(9, again[3].Pos);   // the entries logged before the growth are carried over
    }

    // A full collection took the log given back, but not its size: the next huge match grows straight to what the last
    // one needed, scaled to its subject's length and at most twice that, instead of doubling there again (which
    // allocated and copied twice the log on every parse in a loop).
    [Fact]
    public void A_huge_log_that_was_collected_grows_straight_to_the_size_the_last_one_needed()
    {
        // On a thread of its own: the size is remembered per thread, and this one has grown no log before.
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var ctx = new Vm.MatchContext();
                int kept = Vm.MatchContext.KeptCaptureEntries;
                Assert.Equal(131_072, GrowCollected(ctx, 1_000_000, 100_000));   // by doubling from 32
                Assert.Equal(131_072, GrowCollected(ctx, 1_000_000, kept));      // the same subject: that size at once
                Assert.Equal(32_768, GrowCollected(ctx, 250_000, kept));         // a quarter of the subject, of the log
                Assert.Equal(65_536, GrowCollected(ctx, 100_000_000, kept));     // at most twice the last one's size
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
    }

    /// <summary>Grows the log of a match over <paramref name="subjectLength"/> bytes past <paramref name="top"/> entries,
    /// gives it back, and lets a full collection take it; returns the size it grew to.</summary>
    private static int GrowCollected(Vm.MatchContext ctx, int subjectLength, int top)
    {
        var (size, log) = GrowAndGiveBack(ctx, subjectLength, top);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(log.TryGetTarget(out _), "the spare log survived a full collection");
        return size;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]   // no local of the caller keeps the log alive
    private static (int Size, WeakReference<Vm.CaptureEntry[]> Log) GrowAndGiveBack(Vm.MatchContext ctx, int subjectLength, int top)
    {
        ctx.SubjectLength = subjectLength;
        var log = ctx.GrowCaptures(top, 1);
        ctx.Trim();
        return (log.Length, new WeakReference<Vm.CaptureEntry[]>(log));
    }

    // Null where a pattern, rule or function is expected: the caller's error, said as .NET says it, never a
    // NullReferenceException from inside the builder.
    public static TheoryData<string> NullArguments => [.. NullCases.Keys];

    private static readonly Dictionary<string, Action> NullCases = new()
    {
        ["seq"] = () => _ = P("a") * (Pattern)null!,
        ["choice"] = () => _ = (Pattern)null! + P("a"),
        ["difference"] = () => _ = P("a") - (Pattern)null!,
        ["not"] = () => _ = !(Pattern)null!,
        ["repeat"] = () => _ = (Pattern)null! ^ 0,
        ["capture"] = () => C(null!),
        ["table"] = () => Ct(null!),
        ["behind"] = () => B(null!),
        ["match-time function"] = () => Cmt(P("a"), null!),
        ["function capture"] = () => _ = P("a") / (CaptureFunction)null!,
        ["fold"] = () => _ = P("a") % (CaptureFunction)null!,
        ["query table"] = () => _ = P("a") / (IReadOnlyDictionary<string, object?>)null!,
        ["grammar"] = () => Grammar(null!),
        ["grammar rule"] = () => Grammar(("a", null!)),
        ["grammar rule name"] = () => Grammar((null!, P("a"))),
        ["grammar with start"] = () => Grammar("a", null!),
    };

    [Theory]
    [MemberData(nameof(NullArguments))]
    public void Null_arguments_to_the_builders_are_argument_errors(string which) =>
        Assert.Throws<ArgumentNullException>(NullCases[which]);

    [Fact]
    public void Null_options_are_refused_when_set_not_at_the_match()
    {
        // A caller without nullable annotations could hand these over; the match must not be where it surfaces.
        Assert.Equal("value", Assert.Throws<ArgumentNullException>(() => new MatchOptions { Jit = null! }).ParamName);
        Assert.Throws<ArgumentNullException>(() => MatchOptions.Default with { Arguments = null! });
        Assert.Equal(5, Peg.Match(Arrays, "[1,2]"u8.ToArray(), 0, MatchOptions.Default with { Arguments = [] }).End);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Stack_limit_gives_lpeg_message(EngineKind engine)
    {
        var e = Assert.Throws<PegLimitException>(() =>
            Peg.Match(Arrays, DeepArray(10_000), 0, Engines.Options(engine, new MatchOptions { MaxBacktrack = 400 })));
        Assert.Equal("backtrack stack overflow (current limit is 400)", e.Message);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Deeply_nested_captures_stop_with_a_capture_error(EngineKind engine)
    {
        var tables = Grammar(("V", Ct(P("[") * V("V").Rep(-1) * P("]")) + C(R("09") ^ 1)));
        var e = Assert.Throws<PegCaptureException>(() => Peg.Match(tables, DeepArray(100_000), 0, Engines.Options(engine)));
        Assert.Contains("nesting too deep", e.Message);
        var ok = Peg.Match(tables, DeepArray(100), 0, Engines.Options(engine));
        Assert.True(ok.Success);
    }

    [Fact]
    public void Hundred_thousand_deep_parenthesized_pattern_compiles_or_fails_cleanly()
    {
        string text = new string('(', 100_000) + "'a'" + new string(')', 100_000);
        try
        {
            var p = Re.Compile(text);
            Assert.True(Peg.Match(p, "a").Success);
        }
        catch (PegException) { /* a clear limit error is acceptable */ }
    }

    [Fact]
    public void Very_deep_combinator_tree_compiles_on_a_large_stack()
    {
        // 100,000 nested choices: far deeper than the caller's stack would allow a recursive walk.
        Pattern p = P("x");
        for (int i = 0; i < 100_000; i++) p = P("(") * p * P(")") + P("y");
        Assert.True(Peg.Match(p, "(((y)))").Success);
        Assert.False(Peg.Match(p, "(((x)))").Success);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Hundred_megabyte_subject_is_searched_in_bounded_memory(EngineKind engine)
    {
        var subject = new byte[100 * 1024 * 1024];
        subject.AsSpan().Fill((byte)'a');
        "needle"u8.CopyTo(subject.AsSpan(subject.Length - 10));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Peg.Find(P("needle"), subject, 0, Engines.Options(engine));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(subject.Length - 10, r.Start);
        Assert.True(allocated < 1_000_000, $"searching allocated {allocated} bytes");

        var all = Peg.Match((P("a") ^ 0) * P("needle"), subject, 0, Engines.Options(engine));
        Assert.True(all.Success);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Cancellation_and_timeout_stop_a_long_match(EngineKind engine)
    {
        // Exponential backtracking: (a*)* style through a grammar, on a subject that almost matches.
        var slow = Grammar(("S", (P("a") * V("S") * P("b")) + (P("a") * V("S")) + P("a")), ("T", P(true)));
        var subject = new string('a', 40) + "c";
        var pattern = slow * -P(1);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Peg.Match(pattern, subject, 0, Engines.Options(engine, new MatchOptions { CancellationToken = cts.Token })));
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Peg.Match(pattern, subject, 0, Engines.Options(engine, new MatchOptions { Timeout = TimeSpan.FromMilliseconds(100) })));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Match_without_captures_allocates_nothing_in_steady_state(EngineKind engine)
    {
        var p = (R("az") ^ 1) * P("@") * (R("az") ^ 1);
        var subject = "user@example"u8.ToArray();
        var options = Engines.Options(engine);
        for (int i = 0; i < 100; i++) Peg.Match(p, subject, 0, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Peg.Match(p, subject, 0, options);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        for (int i = 0; i < 100; i++) Peg.Match(p, "user@example", 0, options);
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Peg.Match(p, "user@example", 0, options);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
