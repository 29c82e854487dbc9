// Proof that the JIT really runs (bytes consumed in traces), shares patterns safely across threads, and agrees
// with the interpreter on random patterns.
using System.Text;
using FsCheck.Fluent;
using PegJit;
using PegJit.Tests.Oracle;
using PegJit.Tracer;

namespace PegJit.Tests.Engine;

public class JitTests
{
    private static byte[] Prose(int size, int seed)
    {
        var rng = new Random(seed);
        string[] words = ["the", "http", "https://example.com/a/b?c=1", "see", "mail", "bob@example.de", "hash#tag", "home", "help"];
        var sb = new StringBuilder();
        while (sb.Length < size) sb.Append(words[rng.Next(words.Length)]).Append(rng.Next(6) == 0 ? "\n" : " ");
        return Encoding.ASCII.GetBytes(sb.ToString(0, size));
    }

    private static (MatchResult, TraceStatistics) RunJit(Pattern p, byte[] text, TracerOptions jit)
    {
        var r = Peg.Match(p, text, 0, new MatchOptions { Jit = jit });
        return (r, JitDiagnostics.Statistics(p, jit)!);
    }

    [Theory]
    [InlineData("( {'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?} / . )*")]
    [InlineData("S <- {'http' [%w/:.]^+3} S / . S / !.")]
    [InlineData("( {[%w]+ '@' [%w]+ '.de'} / . )*")]
    public void Most_bytes_of_a_search_are_consumed_in_compiled_traces(string search)
    {
        var text = Prose(1 << 20, 7);
        // Judging payoff is a separate policy (tested apart); here every compiled tree stays in use.
        var jit = TracerOptions.Default with { HotThreshold = 100, JudgeAfterEntries = int.MaxValue };
        var p = Re.Compile(search);
        var expected = Peg.Match(p, text, 0, new MatchOptions { Jit = jit with { Mode = JitMode.Off } });
        var (actual, stats) = RunJit(p, text, jit);
        Assert.Equal(expected.Captures.Count, actual.Captures.Count);
        Assert.Equal(expected.End, actual.End);
        Assert.True(stats.Traces > 0, stats.ToString());
        Assert.True(stats.BytesInTraces > text.Length / 2, $"only {stats.BytesInTraces} of {text.Length} bytes in traces: {stats}");
        Assert.Contains("-- IL --", JitDiagnostics.Dump(p, jit));
    }

    [Fact]
    public void Trace_events_are_reported()
    {
        var events = new List<TraceEvent>();
        var jit = TracerOptions.Default with { Mode = JitMode.Always, Log = events.Add };
        Peg.Match(Re.Compile("('ab' / 'b')*"), "abbabbab", 0, new MatchOptions { Jit = jit });
        Assert.Contains(events, e => e.Kind == TraceEventKind.Recorded);
        Assert.Contains(events, e => e.Kind == TraceEventKind.Compiled);
    }

    [Fact]
    public void Eight_threads_share_one_pattern_while_traces_compile()
    {
        var p = Re.Compile("{| ( {[%w]+ '@' [%w]+ '.de'} / {'http' [%w/:.]+} / . )* |}");
        var jit = TracerOptions.Default with { HotThreshold = 10, HotExitThreshold = 2 };
        var texts = Enumerable.Range(0, 8).Select(i => Prose(200_000, i)).ToArray();
        var expected = texts.Select(t => Show(Peg.Match(p, t, 0, new MatchOptions { Jit = jit with { Mode = JitMode.Off } }))).ToArray();
        var actual = new string[8];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            for (int k = 0; k < 5; k++) actual[i] = Show(Peg.Match(p, texts[i], 0, new MatchOptions { Jit = jit }));
        });
        Assert.Equal(expected, actual);
        Assert.True(JitDiagnostics.Statistics(p, jit)!.Traces > 0);
    }

    private static string Show(MatchResult r) => r.Success ? LpegJson.EncodeValues(r.Values) : "null";

    [Fact]
    public void Interpreter_and_jit_agree_on_ten_thousand_random_cases()
    {
        var cases = RandomPatterns.TreeCase.Sample(3200, size: 100).ToList();
        int compared = 0;
        foreach (var (tree, subjects) in cases)
        {
            var p = PegRunner.TryCompile(Encoding.UTF8.GetBytes(tree.ToString()), out _);
            if (p is null) continue;
            foreach (var s in subjects)
            {
                string interp = PegRunner.Run(p, s, EngineKind.Interpreter);
                Assert.Equal(interp, PegRunner.Run(p, s, EngineKind.Jit));
                Assert.Equal(interp, PegRunner.Run(p, s, EngineKind.JitForcedExits));
                compared++;
            }
        }
        Assert.True(compared >= 10_000, $"only {compared} cases");
    }

    [Fact]
    public void Trees_that_exit_every_few_bytes_are_retired_to_the_interpreter()
    {
        var events = new List<TraceEvent>();
        // Judged at the first entry against an unreachable payoff: the tree must be retired, the result unchanged.
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = 1, MinBytesPerEntry = int.MaxValue, Log = events.Add };
        var p = Re.Compile("(('ab' / 'b')* 'x')*");
        var subject = string.Concat(Enumerable.Repeat("abbx", 2000));
        var r = Peg.Match(p, subject, 0, new MatchOptions { Jit = jit });
        Assert.Equal(subject.Length, r.End);
        Assert.Contains(events, e => e.Kind == TraceEventKind.Blacklisted && e.Detail.StartsWith("retired", StringComparison.Ordinal));
    }
}
