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

    private static (MatchResult, JitStatistics) RunJit(Pattern p, byte[] text, TracerOptions jit)
    {
        var r = Peg.Match(p, text, 0, new MatchOptions { Jit = jit });
        return (r, JitDiagnostics.Statistics(p, jit)!);
    }

    // Random JSON: objects, arrays, strings with escapes, numbers and literals, nested a few levels, pretty-printed.
    private static byte[] Json(int size, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder("[\n");
        while (sb.Length < size)
        {
            Value(sb, rng, 0, 1);
            sb.Append(",\n");
        }
        sb.Append("{}\n]\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static readonly string[] Literals = ["true", "false", "null"];

    private static void Value(StringBuilder sb, Random rng, int depth, int indent)
    {
        string pad = new(' ', indent);
        switch (depth > 4 ? rng.Next(3) : rng.Next(6))
        {
            case 0: sb.Append('"').Append(string.Concat(Enumerable.Range(0, rng.Next(40)).Select(_ => rng.Next(12) == 0 ? "\\\"" : ((char)rng.Next('a', 'z' + 1)).ToString()))).Append('"'); break;
            case 1: sb.Append(rng.Next(-5000, 5000)).Append(rng.Next(3) == 0 ? ".25e-3" : ""); break;
            case 2: sb.Append(Literals[rng.Next(3)]); break;
            case 3 or 4:
                sb.Append("{\n");
                for (int i = rng.Next(6); i >= 0; i--)
                {
                    sb.Append(pad).Append(" \"key").Append(rng.Next(100)).Append("\": ");
                    Value(sb, rng, depth + 1, indent + 1);
                    sb.Append(i > 0 ? ",\n" : "\n");
                }
                sb.Append(pad).Append('}');
                break;
            default:
                sb.Append('[');
                for (int i = rng.Next(5); i >= 0; i--) { Value(sb, rng, depth + 1, indent + 1); sb.Append(i > 0 ? ", " : ""); }
                sb.Append(']');
                break;
        }
    }

    // The tests' JSON grammar (shared with the failure reports' realistic mistakes).
    private const string JsonGrammar = FailureReportTests.Json;

    [Theory]
    [InlineData("( {'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?} / . )*", "prose")]
    [InlineData("S <- {'http' [%w/:.]^+3} S / . S / !.", "prose")]
    [InlineData("( {[%w]+ '@' [%w]+ '.de'} / . )*", "prose")]
    [InlineData(JsonGrammar, "json")]
    public void Most_bytes_of_a_search_are_consumed_in_compiled_traces(string search, string corpus) => TestSeed.Run(seed =>
    {
        var text = corpus == "json" ? Json(1 << 20, seed) : Prose(1 << 20, seed);
        // Judging payoff is a separate policy (tested apart); here every compiled tree stays in use. Compiling at once
        // (not in the background, also tested apart) makes the share of bytes in traces independent of timing.
        var jit = TracerOptions.Default with { HotThreshold = 100, JudgeAfterEntries = int.MaxValue, BackgroundCompile = false };
        var p = Re.Compile(search);
        var expected = Peg.Match(p, text, 0, new MatchOptions { Jit = jit with { Mode = JitMode.Off } });
        var (actual, stats) = RunJit(p, text, jit);
        Assert.True(expected.Success);
        Assert.Equal(expected.End, actual.End);
        Assert.Equal(Show(expected), Show(actual));   // every capture's value, not only how many
        Assert.True(stats.Traces > 0, stats.ToString());
        Assert.True(stats.BytesInTraces > text.Length / 2, $"only {stats.BytesInTraces} of {text.Length} bytes in traces: {stats}");
        Assert.Contains("-- IL --", JitDiagnostics.Dump(p, jit));
    });

    // Search loops whose alternative starts with a literal skip to the literal's next occurrence: partial literals,
    // overlapping starts and a literal cut by the end of the subject must give the interpreter's result.
    [Theory]
    [InlineData("( {'abc' 'd'?} / . )*")]
    [InlineData("{| ( {'aab' [%w]*} / . )* |}")]
    [InlineData("( 'ab' 'c' / . )* {}")]
    [InlineData("( {'a' %d+} / . )*")]
    public void Search_loops_agree_with_the_interpreter(string search)
    {
        var p = Re.Compile(search);
        string[] subjects = ["", "ab", "abc", "aabcd", "ababcabc", "xxabcdxabc", "aab", "aaab1aab", "a1a22", "zzzzab", "abcab", "aabaab9"];
        foreach (var subject in subjects.Concat(subjects.Select(x => string.Concat(Enumerable.Repeat(x + "-", 50)))))
        {
            var expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Jit))));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.JitForcedExits))));
        }
    }

    // Traces write the capture log inline: an open capture closed with nothing nested (in the same trace, or opened
    // before the trace began), a close after nested captures, full captures, and logs that outgrow their array inside
    // a trace (and, on the next match, take back the one kept from the last). Spans are tested inline for their first
    // bytes, then vectorized: fields of every length around that boundary, with sets given by their complement.
    [Theory]
    [InlineData("{| ( {| {[^,%nl]*} (',' {[^,%nl]*})* |} %nl )* |}")]
    [InlineData("{| ( { {[a-z]+} [0-9]* } / . )* |}")]
    [InlineData("{| ( {} {[a-z]+} {} / . )* |}")]
    [InlineData("{| ( {:k: {[a-z]+} :} '=' {[0-9]+} / . )* |}")]
    [InlineData("{| ( '\"' {~ ([^\"\\]+ / '\\' . -> 'x')* ~} '\"' / . )* |}")]
    [InlineData("{| ( ({[a-z]+} ',' {[0-9]+}) -> '%2%1' / . )* |}")]
    public void Capture_logs_built_in_traces_match_the_interpreter(string grammar) => TestSeed.Run(seed =>
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        while (sb.Length < 200_000)
        {
            int fields = rng.Next(1, 6);
            for (int f = 0; f < fields; f++)
            {
                if (f > 0) sb.Append(',');
                int n = rng.Next(4) == 0 ? rng.Next(40) : rng.Next(6, 19);
                for (int k = 0; k < n; k++) sb.Append((char)('a' + rng.Next(26)));
                if (rng.Next(3) == 0) sb.Append(rng.Next(1000));
                if (rng.Next(5) == 0) sb.Append("=\"q\\\"").Append(rng.Next(99)).Append('"');
            }
            sb.Append('\n');
        }
        string subject = sb.ToString();
        var p = Re.Compile(grammar);
        string expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
        for (int run = 0; run < 2; run++)
        {
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Jit))));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.JitForcedExits))));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter))));
        }
    });

    // Runs of literal bytes are compared 8, 4, 2 and 1 at a time: a literal that mismatches at any one of its 15
    // bytes must end the loop where the interpreter ends it, and matching runs must never leave compiled code.
    [Fact]
    public void Literal_runs_compare_wide_and_exactly()
    {
        const string literal = "abcdefghijklmno";
        string run = string.Concat(Enumerable.Repeat(literal + " ", 300));
        for (int k = 0; k < literal.Length; k++)
        {
            var near = literal.ToCharArray();
            near[k] = 'Z';
            string subject = run + new string(near) + " " + literal + " ";
            var p = Re.Compile("{| ( {'abcdefghijklmno'} ' ' )* |} {}");   // fresh JIT state for each subject
            var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue };
            var expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit })));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.JitForcedExits))));
            var stats = JitDiagnostics.Statistics(p, jit)!;
            Assert.True(stats.TraceEntries <= 2 && stats.BytesInTraces >= run.Length - 16, stats.ToString());
        }
    }

    // Compiled spans test one vector inline (the set's ranges as constants) before the helper: random sets of one to
    // four byte ranges (about a fifth of them one byte wide, which compare by equality), or their complements, over subjects
    // of a few KB whose runs end anywhere in a vector or past it.
    [Fact]
    public void Inline_vector_spans_end_where_the_interpreter_ends_them() => TestSeed.Run(seed =>
    {
        var rng = new Random(seed);
        for (int k = 0; k < 60; k++)
        {
            var pairs = new List<byte>();
            for (int r = rng.Next(1, 5); r > 0; r--)
            {
                int lo = rng.Next(256), hi = Math.Min(255, lo + rng.Next(rng.Next(2) == 0 ? 3 : 40));
                pairs.Add((byte)lo); pairs.Add((byte)hi);
            }
            var set = Pattern.R(pairs.ToArray());
            if (rng.Next(2) == 0) set = Pattern.P(1) - set;
            byte[] members = Enumerable.Range(0, 256).Select(b => (byte)b)
                .Where(b => Peg.Match(set, new[] { b }).Success).ToArray();
            if (members.Length == 0) continue;
            var subject = new byte[rng.Next(2000, 6000)];
            int runLength = rng.Next(1, 80);
            for (int i = 0; i < subject.Length; i++)
                subject[i] = rng.Next(runLength) == 0 ? (byte)rng.Next(256) : members[rng.Next(members.Length)];
            var p = Pattern.Ct((Pattern.Cp() * (set ^ 0) * Pattern.Cp() * Pattern.P(1)) ^ 0);
            string expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Jit))));
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.JitForcedExits))));
        }
    });

    // A rule that fails as a whole returns the failure through its call entry to the caller's choice. A side trace
    // that starts inside the rule (the call entry already on the heap) follows it there, guarding that the entries it
    // passes are calls, instead of aborting; a rule that fails through two nested calls is covered too.
    [Fact]
    public void Side_traces_follow_a_failure_through_call_entries_to_the_callers_choice()
    {
        var p = Re.Compile("""
            list <- {| (item ' ')* |}
            item <- pair / {%a+}
            pair <- key '=' {%d+}
            key  <- inner
            inner <- {%a+} / '(' item ')'
            """);   // recursive through item, so the rules stay calls (small non-recursive ones are coded in place)
        var rng = new Random(7);
        var sb = new StringBuilder();
        for (int i = 0; i < 3000; i++) sb.Append(rng.Next(3) == 0 ? "word " : rng.Next(8) == 0 ? "(key=7)=1 " : "key=42 ");
        string subject = sb.ToString();
        var jit = TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 2, JudgeAfterEntries = int.MaxValue };
        var expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
        Assert.Equal(expected, Show(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit })));
        Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.JitForcedExits))));
        var stats = JitDiagnostics.Statistics(p, jit)!;
        Assert.True(stats.Aborts == 0 && stats.SideTraces > 0, stats.ToString());
        Assert.Contains("call(s)]", JitDiagnostics.Dump(p, jit));
    }

    // A loop's compiled code that reaches another loop's anchor calls that loop's code (a tail call from the exit)
    // instead of returning to the dispatcher, which called every tree from one place. A JSON document hands over
    // between its value, member and string loops at every value: the captures agree with the interpreter's, with
    // hand-over off, and under forced exits, and the chains run far past the dispatcher's cancellation interval.
    [Fact]
    public void Compiled_loops_hand_over_to_each_other_with_the_interpreters_results()
    {
        var p = Re.Compile("""
            json   <- S {| value |} S !.
            value  <- object / array / string / number / 'true' / 'false' / 'null'
            object <- '{' S (member (S ',' S member)*)? S '}'
            member <- string S ':' S value
            array  <- '[' S (value (S ',' S value)*)? S ']'
            string <- '"' {([^"\] / '\' .)*} '"'
            number <- {'-'? [0-9]+ ('.' [0-9]+)?}
            S      <- %s*
            """);
        var rng = new Random(11);
        var sb = new StringBuilder("[");
        for (int i = 0; i < 20_000; i++)
            sb.Append(i == 0 ? "" : ",\n ").Append("{\"name\": \"item ").Append(i).Append("\", \"tags\": [\"a\", \"b\\\"c\"], \"size\": ")
              .Append(rng.Next(1000)).Append(rng.Next(3) == 0 ? ", \"ok\": true}" : ", \"sub\": {\"x\": -1.5, \"y\": null}}");
        string doc = sb.Append(']').ToString();
        var on = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue };
        var off = on with { HandOver = false };
        string expected = Show(Peg.Match(p, doc, 0, Engines.Options(EngineKind.Interpreter)));
        for (int run = 0; run < 3; run++)
        {
            Assert.Equal(expected, Show(Peg.Match(p, doc, 0, new MatchOptions { Jit = on })));
            Assert.Equal(expected, Show(Peg.Match(p, doc, 0, new MatchOptions { Jit = off })));
        }
        Assert.Equal(expected, Show(Peg.Match(p, doc, 0, Engines.Options(EngineKind.JitForcedExits))));
        var stats = JitDiagnostics.Statistics(p, on)!;
        Assert.True(stats.Hops > 20 * 1024, stats.ToString());
        Assert.Contains("tail. callvirt", JitDiagnostics.Dump(p, on));
        Assert.DoesNotContain("tail. callvirt", JitDiagnostics.Dump(p, off));
    }

    // Right recursion returns once per level as it unwinds ("members <- member (',' members)?"), at depths no trace
    // unrolls, and each rule returns to several call sites. A return a trace did not expect goes on in code compiled
    // at its return site (the unwinding itself becomes a loop there that consumes nothing and ends with the stack):
    // lists of up to 300 members give the same captures on every engine, and return-site trees exist.
    [Fact]
    public void Returns_that_traces_did_not_expect_go_on_in_code_at_their_return_site() => TestSeed.Run(seed =>
    {
        var p = Re.Compile("""
            json     <- S {| value |} S !.
            value    <- object / array / string / {'-'? [0-9]+} / 'true' / 'false' / 'null'
            object   <- '{' S {| (members S)? |} '}'
            members  <- member (S ',' S members)?
            member   <- {: string S ':' S value :}
            array    <- '[' S {| (elements S)? |} ']'
            elements <- value (S ',' S elements)?
            string   <- '"' {chars} '"'
            chars    <- ([^"\] / '\' .) chars / ''
            S        <- %s*
            """);
        var rng = new Random(seed);
        var sb = new StringBuilder("[");
        for (int i = 0; i < 400; i++)
        {
            sb.Append(i == 0 ? "" : ",\n").Append('{');
            int n = rng.Next(3) == 0 ? rng.Next(100, 300) : rng.Next(8);
            for (int k = 0; k < n; k++)
                sb.Append(k == 0 ? "" : ", ").Append("\"k").Append(k).Append("\": ")
                  .Append(rng.Next(4) == 0 ? "[1, \"a\\\"b\", {\"x\": null}]" : rng.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            sb.Append('}');
        }
        string doc = sb.Append(']').ToString();
        var jit = TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 2, JudgeAfterEntries = int.MaxValue };
        string expected = Show(Peg.Match(p, doc, 0, Engines.Options(EngineKind.Interpreter)));
        for (int run = 0; run < 3; run++) Assert.Equal(expected, Show(Peg.Match(p, doc, 0, new MatchOptions { Jit = jit })));
        Assert.Equal(expected, Show(Peg.Match(p, doc, 0, Engines.Options(EngineKind.JitForcedExits))));
        Assert.Contains("(return site)", JitDiagnostics.Dump(p, jit));
    });

    // Re-emitting a tree with its side traces inline compiles the whole tree again: past MaxRelinkSteps of
    // re-emission, side traces are compiled alone and their exits call them. With no room at all, every tree holds
    // one trace, and the results are the same.
    [Fact]
    public void Past_the_relink_budget_side_traces_are_compiled_alone()
    {
        var p = Re.Compile("{| ( {[%w]+ '@' [%w]+ '.de'} / {'http' [%w/:.]+} / . )* |}");
        var text = Prose(200_000, 5);
        var inline = TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 2, JudgeAfterEntries = int.MaxValue };
        var alone = inline with { MaxRelinkSteps = 0 };
        string expected = Show(Peg.Match(p, text, 0, Engines.Options(EngineKind.Interpreter)));
        for (int run = 0; run < 2; run++)
        {
            Assert.Equal(expected, Show(Peg.Match(p, text, 0, new MatchOptions { Jit = inline })));
            Assert.Equal(expected, Show(Peg.Match(p, text, 0, new MatchOptions { Jit = alone })));
        }
        Assert.True(JitDiagnostics.Statistics(p, alone)!.SideTraces > 0);
        Assert.Matches(@"== tree at pc \d+: [2-9] trace\(s\)", JitDiagnostics.Dump(p, inline));
        Assert.DoesNotMatch(@"== tree at pc \d+: [2-9] trace\(s\)", JitDiagnostics.Dump(p, alone));
    }

    // Auto mode compiles on a pool thread: matches go on in the interpreter meanwhile and switch to the compiled
    // code once it is installed, with identical results throughout.
    [Fact]
    public void Background_compilation_installs_traces_while_matches_go_on()
    {
        var p = Re.Compile("{| ( {[%w]+ '@' [%w]+ '.de'} / {'http' [%w/:.]+} / . )* |}");
        var jit = TracerOptions.Default with { HotThreshold = 50, HotExitThreshold = 2 };
        var text = Prose(100_000, 3);
        string expected = Show(Peg.Match(p, text, 0, Engines.Options(EngineKind.Interpreter)));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do Assert.Equal(expected, Show(Peg.Match(p, text, 0, new MatchOptions { Jit = jit })));
        while (JitDiagnostics.Statistics(p, jit)!.BytesInTraces == 0 && clock.Elapsed < TimeSpan.FromSeconds(30));
        Assert.True(JitDiagnostics.Statistics(p, jit)!.Traces > 0);
        Assert.Equal(expected, Show(Peg.Match(p, text, 0, new MatchOptions { Jit = jit })));
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
        // Traces compile on pool threads: give them time to land, then they must have.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (JitDiagnostics.Statistics(p, jit)!.Traces == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
            Assert.Equal(expected[0], Show(Peg.Match(p, texts[0], 0, new MatchOptions { Jit = jit })));
        Assert.True(JitDiagnostics.Statistics(p, jit)!.Traces > 0);
    }

    private static string Show(MatchResult r) => r.Success ? LpegJson.EncodeValues(r.Values) : "null";

    // Random patterns on their short subjects, and on one subject of a few KB built from the same pieces, so that loops
    // run long enough to be recorded, compiled, left through their exits and grown side traces.
    [Fact]
    public void Interpreter_and_jit_agree_on_ten_thousand_random_cases() => TestSeed.Run((seed, progress) =>
    {
        var rng = new Random(seed);
        int compared = 0, longCompared = 0, timedOut = 0;
        for (int i = 0; i < 3500; i++)
        {
            var tree = RandomPatterns.Tree(rng, 5);
            var subjects = RandomPatterns.Subjects(rng, tree);
            var p = PegRunner.TryCompile(Encoding.UTF8.GetBytes(tree.ToString()), out _);
            if (p is null) continue;
            var all = i % 4 == 0 ? subjects.Append(LongSubject(rng, tree, 4096)) : subjects;
            foreach (var s in all)
            {
                progress($"case {i}: {tree} on {s.Length} bytes");
                // A grammar that backtracks exponentially on the long subject is left out of the comparison; the JIT
                // gets far longer than the interpreter needed, so a JIT that loops forever still fails.
                string interp = PegRunner.Run(p, s, EngineKind.Interpreter, timeout: InterpreterLimit);
                if (interp == PegRunner.TimedOut) { timedOut++; continue; }
                foreach (var engine in new[] { EngineKind.Jit, EngineKind.JitForcedExits })
                {
                    string jit = PegRunner.Run(p, s, engine, timeout: JitLimit);
                    Assert.True(interp == jit, $"case {i} {engine}: {tree} on {LpegJson.EncodeByteString(s)}: interpreter {interp}, {engine} {jit}");
                }
                compared++;
                if (s.Length >= 4096) longCompared++;
            }
        }
        Assert.True(compared >= 10_000 && longCompared >= 500 && timedOut < 20, $"only {compared} cases, {longCompared} long ({timedOut} timed out)");
    });

    private static readonly TimeSpan InterpreterLimit = TimeSpan.FromSeconds(1), JitLimit = TimeSpan.FromSeconds(30);

    /// <summary>At least <paramref name="size"/> bytes of pieces of the pattern's random subjects, in random order.</summary>
    private static byte[] LongSubject(Random rng, PatternNode tree, int size)
    {
        var pieces = RandomPatterns.Subjects(rng, tree).Concat(RandomPatterns.Subjects(rng, tree)).Where(x => x.Length > 0).ToArray();
        if (pieces.Length == 0) pieces = [[(byte)'a']];
        var bytes = new List<byte>(size + 16);
        while (bytes.Count < size) bytes.AddRange(pieces[rng.Next(pieces.Length)]);
        return bytes.ToArray();
    }

    // A root trace that is one byte loop ending in a partial commit runs as one span. Entered where the span's byte does
    // not follow (after a side trace consumed "ab"), the span skips nothing, so the loop's backtrack entry must keep the
    // position of the last whole iteration: "ccabccccab" matches 8 bytes, not 10 (seed 1064238688 of the random cases).
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_span_that_skips_nothing_leaves_the_backtrack_entry_alone(EngineKind engine)
    {
        var p = Re.Compile("('ab'* \"c\")+^-1");
        foreach (var (subject, end) in new[] { ("ccabccccab", 8), ("cab", 1), ("abababcab", 7), ("ccabccccab", 8), ("ccc", 3) })
            Assert.Equal(end, Peg.Match(p, subject, options: Engines.Options(engine)).End);
    }

    // Right recursion that LPeg turns into a loop pushes a choice before each byte and commits it after: the
    // choice leaves nothing behind, so the loop is still one span over the bytes that take its path. Strings of every
    // length around the vector width, with escapes anywhere, agree with the interpreter on every engine.
    [Fact]
    public void A_byte_loop_whose_choice_commits_before_the_next_byte_runs_as_a_span()
    {
        var p = Re.Compile("""
            list   <- {| (string ' ')* |} !.
            string <- '"' {chars} '"'
            chars  <- ([^"\] / '\' .) chars / ''
            """);
        string subject = QuotedStrings("", 4000, new Random(3), r => r.Next(3) == 0 ? r.Next(90) : 28 + r.Next(10), escapeOdds: 25);
        var jit = AssertEnginesAgree(p, subject, 4000);
        Assert.Contains("byte loop: span over the bytes that take a recorded path", JitDiagnostics.Dump(p, jit));
    }

    // Quoted strings separated by spaces, after `first`, with an escaped quote for one character in escapeOdds.
    private static string QuotedStrings(string first, int count, Random rng, Func<Random, int> length, int escapeOdds)
    {
        var sb = new StringBuilder(first);
        for (int i = 0; i < count; i++)
        {
            sb.Append('"');
            int n = length(rng);
            for (int k = 0; k < n; k++) sb.Append(rng.Next(escapeOdds) == 0 ? "\\\"" : ((char)('a' + rng.Next(26))).ToString());
            sb.Append("\" ");
        }
        return sb.ToString();
    }

    // The JIT, with forced exits, and recording every anchor at its first visit agree with the interpreter on a list
    // of `values` captures; returns the options of the last (whose dump the caller reads).
    private static TracerOptions AssertEnginesAgree(Pattern p, string subject, int values)
    {
        var interpreted = Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter));
        Assert.Equal(values, ((PegTable)interpreted.Value!).Count);
        string expected = Show(interpreted);
        foreach (var engine in new[] { EngineKind.Jit, EngineKind.JitForcedExits })
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(engine))));
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue };
        Assert.Equal(expected, Show(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit })));
        return jit;
    }

    // A byte loop whose root trace was recorded on a rare path (the loop's anchor is its back-edge, and the first
    // string is "a\q": the iteration recorded is the escape) runs its common path as a side trace entered from the
    // root's second test; the span at the loop head covers that path's bytes too. Without it the loop ran a byte at a
    // time through the side trace. The span must be there, in a tree of more than its root, and every engine agrees
    // with the interpreter.
    [Fact]
    public void A_byte_loop_recorded_on_a_rare_path_spans_over_its_side_traces_path()
    {
        var p = Re.Compile("""
            list   <- {| (string ' ')* |} !.
            string <- '"' {([^"\] / '\' .)*} '"'
            """);
        string subject = QuotedStrings("\"a\\q\" ", 3000, new Random(5), r => r.Next(4) == 0 ? 0 : r.Next(70), escapeOdds: 30);
        var jit = AssertEnginesAgree(p, subject, 3001);
        string dump = JitDiagnostics.Dump(p, jit);
        int loop = dump.IndexOf("byte loop: span over the bytes that take a recorded path", StringComparison.Ordinal);
        Assert.True(loop >= 0, "the loop head spans");
        // The tree whose listing has the span: its root took the escape, its side trace is the common path.
        int tree = dump.LastIndexOf("== tree at pc", loop, StringComparison.Ordinal);
        string header = dump[tree..dump.IndexOf('\n', tree)];
        Assert.DoesNotContain(" 1 trace(s)", header, StringComparison.Ordinal);
    }

    // A root recorded at a loop head whose iteration leaves the loop (the anchor is the loop's back-edge, hot at its
    // 51st visit, and the first string has 51 characters: the iteration recorded is the closing quote) is abandoned,
    // not counted as a failure, and recorded again at the next hot moment: the loop's tree then starts with its
    // common path.
    [Fact]
    public void A_root_that_leaves_its_loop_is_recorded_again()
    {
        var p = Re.Compile("""
            list   <- {| (string ' ')* |} !.
            string <- '"' {([^"\] / '\' .)*} '"'
            """);
        string subject = "\"" + new string('a', 51) + "\" " + string.Concat(Enumerable.Repeat("\"abcdefghij\\\"klmnopqrstuvwxyz0123\" \"\" ", 300));
        string expected = Show(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)));
        var events = new List<TraceEvent>();
        var jit = TracerOptions.Default with
        {
            HotThreshold = 50, EarlyHotThreshold = 50, BackgroundCompile = false, JudgeAfterEntries = int.MaxValue, Log = events.Add,
        };
        Assert.Equal(expected, Show(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit })));
        var left = events.First(e => e.Kind == TraceEventKind.Aborted && e.Detail.Contains("left the loop", StringComparison.Ordinal));
        Assert.Contains(events, e => e.Kind == TraceEventKind.Compiled && e.AnchorPc == left.AnchorPc);
        Assert.DoesNotContain(events, e => e.Kind == TraceEventKind.Blacklisted);
        string dump = JitDiagnostics.Dump(p, jit with { Log = null });
        string root = dump[dump.IndexOf($"trace from pc {left.AnchorPc} (anchor {left.AnchorPc})\n", StringComparison.Ordinal)..];
        Assert.Contains("[expect pass]", root[..root.IndexOf("\n   1:", StringComparison.Ordinal)]);
        foreach (var engine in new[] { EngineKind.Jit, EngineKind.JitForcedExits })
            Assert.Equal(expected, Show(Peg.Match(p, subject, 0, Engines.Options(engine))));
    }

    // A retired tree's anchor counts again and gets a tree again; the MaxAborts-th retirement blacklists it. Judged at
    // every first entry against an unreachable payoff, so every tree is retired.
    [Fact]
    public void A_retired_anchor_is_recorded_again_until_its_failures_blacklist_it()
    {
        var events = new List<TraceEvent>();
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = 1, MinBytesPerEntry = int.MaxValue, MaxAborts = 3, Log = events.Add };
        var p = Re.Compile("(('ab' / 'b')* 'x')*");
        var subject = string.Concat(Enumerable.Repeat("abbx", 2000));
        for (int run = 0; run < 4; run++) Assert.Equal(subject.Length, Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).End);
        var first = events.First(e => e.Kind == TraceEventKind.Retired);
        var mine = events.Where(e => e.AnchorPc == first.AnchorPc).Select(e => e.Kind).ToList();
        int retired = mine.IndexOf(TraceEventKind.Retired);
        Assert.Contains(TraceEventKind.Compiled, mine.Skip(retired + 1));   // recorded and compiled again
        Assert.Equal(2, mine.Count(k => k == TraceEventKind.Retired));
        Assert.Equal(TraceEventKind.Blacklisted, mine[^1]);
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
