// The tracer's bookkeeping on its own: anchor states and their moves, the loop analysis (and that it waits until
// something gets hot), the abort table, and that no compile failure escapes a match.
using System.Reflection;
using System.Text;
using PegJit;
using PegJit.Tracer;
using PegJit.Vm;

namespace PegJit.Tests.Engine;

public class TracerStateTests
{
    [Fact]
    public void Anchor_moves_follow_the_diagram_and_an_illegal_move_throws()
    {
        var counter = new HotCounter(4, TracerOptions.Default);
        var a = new Anchor(2, counter);
        Assert.Throws<InvalidOperationException>(() => a.Move(AnchorState.Counting, AnchorState.Compiled, tree: null));
        Assert.Throws<InvalidOperationException>(() => a.Move(AnchorState.Blacklisted, AnchorState.Counting));
        Assert.True(a.Move(AnchorState.Counting, AnchorState.Recording));
        Assert.False(a.Move(AnchorState.Counting, AnchorState.Recording));   // another thread got there first
        Assert.Equal(AnchorState.Counting, a.Abort(AnchorState.Recording, maxAborts: 2));
        Assert.True(a.Move(AnchorState.Counting, AnchorState.Recording));
        Assert.Equal(AnchorState.Blacklisted, a.Abort(AnchorState.Recording, maxAborts: 2));
        Assert.True(counter.Ignored[2]);
        Assert.Equal(int.MaxValue, counter.Gates[2]);   // the interpreter passes it by for good
        Assert.Equal(2, a.Aborts);
    }

    // A program's JIT state is looked up by its options, whose equality is written by hand: a setting left out of it
    // would share one state between options that differ in it.
    [Fact]
    public void Options_that_differ_in_any_setting_are_unequal_and_equal_ones_hash_alike()
    {
        var props = typeof(TracerOptions).GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.CanWrite).ToArray();
        Assert.True(props.Length >= 20);
        foreach (var p in props)
        {
            var changed = new TracerOptions();
            p.SetValue(changed, Other(p.PropertyType, p.GetValue(changed)));
            Assert.False(changed.Equals(new TracerOptions()), p.Name);
            var same = new TracerOptions();
            p.SetValue(same, p.GetValue(changed));
            Assert.True(changed.Equals(same), p.Name);
            Assert.Equal(changed.GetHashCode(), same.GetHashCode());
        }
        Assert.Equal(TracerOptions.Default, new TracerOptions());
        Assert.Equal(TracerOptions.Default.GetHashCode(), new TracerOptions().GetHashCode());
    }

    private static object? Other(Type t, object? value) => value switch
    {
        int i => i + 1,
        bool b => !b,
        Enum e => Enum.GetValues(t).Cast<object>().First(v => !v.Equals(e)),
        null when t == typeof(Action<TraceEvent>) => (Action<TraceEvent>)(_ => { }),
        _ => throw new InvalidOperationException($"no other value for {t}"),
    };

    // The interpreter calls the JIT only when an anchor's gate runs out: the visits to the first recording are still
    // the thresholds' (the early one with a long input ahead), each visit counted once; code opens the gate.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Gates_call_the_jit_at_the_thresholds_and_at_every_visit_of_compiled_code(bool longInput)
    {
        var opt = TracerOptions.Default with { HotThreshold = 5_000, EarlyHotThreshold = 300, LongInputBytes = 1_000 };
        var counter = new HotCounter(3, opt);
        int ahead = longInput ? 1_000 : 999, visits = 0, calls = 0;
        for (bool hot = false; !hot;)
        {
            visits++;
            if (--counter.Gates[1] > 0) continue;
            calls++;
            hot = counter.Expired(1, ahead);
        }
        Assert.Equal(longInput ? 301 : 5_001, visits);
        Assert.InRange(calls, 2, longInput ? 4 : 12);
        var anchor = new Anchor(1, counter);
        Assert.True(anchor.Move(AnchorState.Counting, AnchorState.Recording));
        Assert.True(counter.Gates[1] > 0);   // parked while recording and compiling
        Assert.True(anchor.Move(AnchorState.Recording, AnchorState.Compiling));
        Assert.True(anchor.Move(AnchorState.Compiling, AnchorState.Compiled, Dummy()));
        Assert.Equal(0, counter.Gates[1]);
        Assert.True(anchor.Move(AnchorState.Compiled, AnchorState.Counting));   // retired: counts from zero again
        Assert.True(counter.Gates[1] is > 0 and < 1_000);
    }

    // Compilation sized to the input ahead: a loop that one long subject visits a few thousand times is compiled within
    // that match; the same visits spread over short subjects wait for the hot threshold.
    [Fact]
    public void A_long_subject_is_compiled_within_its_match_and_short_ones_wait_for_the_threshold()
    {
        var jit = TracerOptions.Default with { BackgroundCompile = false };
        var options = new MatchOptions { Jit = jit };
        var item = Re.Compile("({[a-z]+} ',')*");
        var longSubject = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc,", 400_000)));   // 1.6 MB
        Assert.True(Peg.Match(item, longSubject, 0, options).Success);
        Assert.True(JitDiagnostics.Statistics(item, jit)!.Traces > 0);

        var again = Re.Compile("({[a-z]+} ',')*");
        var shortSubject = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abc,", 2_000)));   // 8 KB
        for (int i = 0; i < 10; i++) Assert.True(Peg.Match(again, shortSubject, 0, options).Success);   // 20,000 visits
        Assert.Equal(0, JitDiagnostics.Statistics(again, jit)!.Traces);
    }

    [Fact]
    public void The_warm_up_emits_binds_and_runs_a_method_of_a_trace_signature()
    {
        Assert.Equal(-1, Warmup.Run());   // a state with no context returns at once, as a trace's compiling call does
    }

    [Fact]
    public void A_long_input_starts_the_warm_up_before_its_match_only_when_compiling_as_it_goes()
    {
        var auto = TracerOptions.Default;
        Assert.True(Warmup.StartsBefore(auto, auto.LongInputBytes));
        Assert.False(Warmup.StartsBefore(auto, auto.LongInputBytes - 1));
        Assert.False(Warmup.StartsBefore(auto with { Mode = JitMode.Off }, 1 << 30));
        Assert.False(Warmup.StartsBefore(auto with { Mode = JitMode.Always }, 1 << 30));
        Assert.True(Warmup.StartsBefore(auto with { LongInputBytes = 10 }, 10));
    }

    // Side-trace requests are linked one anchor per compile job, all of that anchor's queued requests at once, so that
    // new roots can go between the jobs.
    [Fact]
    public void A_side_trace_drain_takes_the_first_anchors_requests_and_leaves_the_rest_in_order()
    {
        string a = "a", b = "b", c = "c";
        var queue = new List<(string Anchor, int N)> { (a, 1), (b, 2), (a, 3), (c, 4), (b, 5) };
        var group = SideTraceLinker.TakeGroup(queue, static r => r.Anchor);
        Assert.Equal([(a, 1), (a, 3)], group);
        Assert.Equal([(b, 2), (c, 4), (b, 5)], queue);
        Assert.Equal([(b, 2), (b, 5)], SideTraceLinker.TakeGroup(queue, static r => r.Anchor));
        Assert.Equal([(c, 4)], queue);
    }

    // Compiled traces must not call code that the runtime may still run unoptimized (tier 0): every method of the
    // project's own that emitted IL calls is optimized at once (see NotOptimizedAtOnce), or inlined (a delegate's
    // Invoke, a hand-over into another compiled tree, is the runtime's own).
    [Fact]
    public void Every_project_method_that_traces_call_is_optimized_at_its_first_call()
    {
        var ours = new[] { typeof(Vm.Program).Assembly, typeof(TraceCache).Assembly };
        var methods = typeof(Handles).GetFields(BindingFlags.Static | BindingFlags.Public)
            .Select(f => f.GetValue(null)).OfType<MethodInfo>()
            .Where(m => ours.Contains(m.DeclaringType!.Assembly) && !typeof(Delegate).IsAssignableFrom(m.DeclaringType)).ToList();
        Assert.True(methods.Count >= 8, string.Join(", ", methods.Select(m => m.Name)));
        Assert.Empty(NotOptimizedAtOnce(methods, inlined: true));
    }

    // The same for the path between the interpreter and compiled code, which runs at every entry and exit: the hook's
    // methods are optimized at once, and the small helpers they call are inlined into them (an optimized-at-once
    // method left them as calls to code still unoptimized).
    [Fact]
    public void The_path_between_the_interpreter_and_compiled_code_is_optimized_at_its_first_call()
    {
        Assert.Empty(NotOptimizedAtOnce(Named(typeof(TraceCache), nameof(TraceCache.OnAnchor), nameof(TraceCache.HasCode), "Run", "Account",
            nameof(TraceCache.ReturnSite)), inlined: false));
        Assert.Empty(Lacking(Named(typeof(HotCounter), nameof(HotCounter.Visit), nameof(HotCounter.IsExitRecordingPoint))
            .Concat(Named(typeof(Payoff), nameof(Payoff.CountEntry))), MethodImplAttributes.AggressiveInlining));
    }

    // The search loop under SearchFacts.Next (which traces call too) has vector code that only the precompiled image
    // holds: each of its methods is optimized at once or inlined into one that is.
    [Fact]
    public void The_search_loop_is_optimized_at_its_first_call()
    {
        var loop = Named(typeof(Vm.SearchFacts), "Next", "Scan", "Candidate", "FixedSetCandidate", "SpanCandidate")
            .Concat(Named(typeof(Vm.PairSearch), "IndexFrom", "First"));
        Assert.Empty(NotOptimizedAtOnce(loop, inlined: true));
    }

    // Every method of the type with one of the names (all overloads), each name found at least once.
    private static List<MethodInfo> Named(Type type, params string[] names)
    {
        const BindingFlags declared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.DeclaredOnly;
        var methods = type.GetMethods(declared).Where(m => names.Contains(m.Name)).ToList();
        Assert.All(names, n => Assert.Contains(methods, m => m.Name == n));
        return methods;
    }

    // Optimized at the first call: AggressiveOptimization in the IL; in a precompiled ReadyToRun image, flagged in the
    // portable image and cleared in this one, whose code the method uses (Directory.Build.targets).
    private static IEnumerable<string> NotOptimizedAtOnce(IEnumerable<MethodInfo> methods, bool inlined)
    {
        foreach (var m in methods)
        {
            var impl = m.MethodImplementationFlags;
            if (inlined && (impl & MethodImplAttributes.AggressiveInlining) != 0) continue;
            bool flagged = (impl & MethodImplAttributes.AggressiveOptimization) != 0;
            var assembly = m.DeclaringType!.Assembly;
            bool ok = !Package.PrecompiledImageTests.Precompiled(assembly) ? flagged
                : !flagged && Package.PrecompiledImageTests.PortableTwin(assembly) is { } twin && Package.PrecompiledImageTests.FlaggedIn(twin, m.MetadataToken);
            if (!ok) yield return $"{m.DeclaringType!.Name}.{m.Name}";
        }
    }

    // The methods that carry none of the flags, by name.
    private static IEnumerable<string> Lacking(IEnumerable<MethodInfo> methods, MethodImplAttributes flags) =>
        methods.Where(m => (m.MethodImplementationFlags & flags) == 0).Select(m => $"{m.DeclaringType!.Name}.{m.Name}");

    [Fact]
    public void Only_the_diagrams_moves_are_legal()
    {
        var legal = new HashSet<(AnchorState, AnchorState)>
        {
            (AnchorState.Counting, AnchorState.Recording), (AnchorState.Recording, AnchorState.Counting),
            (AnchorState.Recording, AnchorState.Blacklisted), (AnchorState.Recording, AnchorState.Compiling),
            (AnchorState.Compiling, AnchorState.Counting), (AnchorState.Compiling, AnchorState.Blacklisted),
            (AnchorState.Compiling, AnchorState.Compiled), (AnchorState.Compiled, AnchorState.Compiled),
            (AnchorState.Compiled, AnchorState.Counting), (AnchorState.Compiled, AnchorState.Blacklisted),
        };
        foreach (var from in Enum.GetValues<AnchorState>())
            foreach (var to in Enum.GetValues<AnchorState>())
                Assert.Equal(legal.Contains((from, to)), Anchor.IsLegal(from, to));
    }

    // A repetition's head knows its body's range (a root recorded there must come back before it leaves it); a rule
    // entry that a tail call jumps back to is a loop head too, but its body is no one range, so it has none.
    [Fact]
    public void Repetitions_know_their_range_and_tail_called_rules_do_not()
    {
        var p = Re.Compile("""
            value  <- '[' S (value (S ',' S value)*)? S ']' / pair / [0-9]+
            pair   <- '<' [a-z]+ ':' value
            S      <- ' '*
            """);
        var code = p.Program.Code;
        var shape = LoopShape.Of(code);
        for (int pc = 0; pc < code.Length; pc++)
        {
            if (!shape.LoopHeads[pc]) { Assert.Equal(-1, shape.LoopEnds[pc]); continue; }
            int end = shape.LoopEnds[pc];
            if (end < 0) continue;
            Assert.True(end > pc);
            var leaves = new[] { code[pc], pc > 0 ? code[pc - 1] : code[pc] };
            Assert.Contains(leaves, ins => ins.Op is PegJit.Vm.Opcode.TestSet or PegJit.Vm.Opcode.TestChar or PegJit.Vm.Opcode.TestAny
                or PegJit.Vm.Opcode.Choice && ins.Target == end + 1);
        }
        Assert.Contains(shape.LoopEnds, e => e >= 0);   // the list's (',' value)* and S's ' '*
        var rule = code.Select((ins, pc) => (ins, pc)).First(x => x.ins.Op == PegJit.Vm.Opcode.Jmp && x.ins.Target < x.pc && code.Any(c => c.Op == PegJit.Vm.Opcode.Call && c.Target == x.ins.Target));
        Assert.True(shape.LoopHeads[rule.ins.Target]);
        Assert.Equal(-1, shape.LoopEnds[rule.ins.Target]);
    }

    // A retired anchor never gets a tree back: a side trace compiled for the old tree finds the anchor moved on.
    [Fact]
    public void A_retired_anchor_refuses_a_relinked_tree()
    {
        var p = Re.Compile("('ab' / 'b')*");
        var events = new List<TraceEvent>();
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = 1, MinBytesPerEntry = int.MaxValue, Log = events.Add };
        Peg.Match(p, string.Concat(Enumerable.Repeat("abbab", 400)), 0, new MatchOptions { Jit = jit });
        var cache = Cache(p, jit);
        int retired = events.First(e => e.Kind == TraceEventKind.Blacklisted).AnchorPc;
        Assert.Equal(AnchorState.Blacklisted, cache.StateOf(retired));
        Assert.False(cache.HasCode(retired));
        var anchor = new Anchor(0, new HotCounter(1, TracerOptions.Default));
        Assert.False(anchor.Move(AnchorState.Compiled, AnchorState.Compiled, Dummy(), expected: Dummy()));
        Assert.Null(anchor.Tree);
    }

    // A recording that reaches another loop's head while that loop is being compiled ends there (a join: the trace
    // hands over once that code is installed) instead of inlining the loop; with JoinCompilingLoops off it inlines
    // it. The inner loop's anchor is held in Compiling, so it never gets code: the joins exit to the interpreter,
    // and the results stay the interpreter's.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_recording_joins_a_loop_that_is_being_compiled(bool join)
    {
        // The inner loop has no one-byte iteration (else the recording would span it: see the next test).
        string grammar = "{| ({ ('ab' / 'cd')* } ';')* |}" + new string(' ', join ? 1 : 2);   // a fresh pattern per row
        var p = Re.Compile(grammar);
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue, JoinCompilingLoops = join };
        var cache = (TraceCache)PegJit.Engine.JitFor(p.Program, jit)!;
        var heads = LoopShape.Of(p.Program.Code).LoopHeads;
        int inner = Array.LastIndexOf(heads, true);
        Assert.True(Array.IndexOf(heads, true) < inner, "two loop heads");
        var anchor = cache.AnchorOf(inner);
        Assert.True(anchor.Move(AnchorState.Counting, AnchorState.Recording) && anchor.Move(AnchorState.Recording, AnchorState.Compiling));
        string subject = string.Concat(Enumerable.Repeat("abcdab;cd;;abab;", 300));
        string expected = LpegJson.EncodeValues(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)).Values);
        for (int run = 0; run < 2; run++)
            Assert.Equal(expected, LpegJson.EncodeValues(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).Values));
        Assert.Equal(join, JitDiagnostics.Dump(p, jit).Contains($"join the compiled code at pc {inner}", StringComparison.Ordinal));
        Assert.Equal(AnchorState.Compiling, cache.StateOf(inner));
    }

    // A recording that reaches the head of a loop whose iterations take one byte each for some bytes (a string's
    // escape loop; "(!(';' / 'zz') .)*", whose iterations partially commit the loop's choice) spans those iterations and goes
    // on past the loop, whether the loop has code or not: the outer loop's trace neither joins nor unrolls it. Runs of
    // every length (none, short, past a vector) and the escape path that leaves the span; every engine agrees with the
    // interpreter.
    // A path may span after its byte ("[^;\\]+"), while the span's bytes all take such paths: with a wider span
    // ("[a-x] [a-z]*", whose 'y' and 'z' end the loop when first) the iterations are no span of the loop's bytes.
    // ("[a-x] [a-z]* / [^;]" spans: there every byte but ';' takes a one-byte path or a run of such bytes.)
    [Theory]
    [InlineData("{| ({ ([^;\\] / '\\' .)* } ';')* |}", true)]
    [InlineData("{| ({ (!';' .)* } ';')* |}", true)]
    [InlineData("{| ({ (!(';' / 'zz') .)* } ';')* |}", true)]
    [InlineData("{| ({ (!(';' / '\\') . / '\\' .)* } ';')* |}", true)]
    [InlineData("{| ({ ([^;\\]+ / '\\' .)* } ';')* |}", true)]
    [InlineData("{| ({ ([a-x] [a-z]* / [^;])* } ';')* |}", true)]
    [InlineData("{| ({ ([a-x] [a-z]* / [^;a-z])* } ';')* |}", false)]
    public void A_recording_spans_a_loop_of_one_byte_iterations(string grammar, bool spans)
    {
        var p = Re.Compile(grammar);
        var heads = LoopShape.Of(p.Program.Code).LoopHeads;
        int inner = Array.LastIndexOf(heads, true);
        Assert.True(Array.IndexOf(heads, true) < inner, "two loop heads");
        string longRun = new string('x', 70);
        string subject = string.Concat(Enumerable.Repeat($"ab;;{longRun};a\\;b\\;c;{longRun}\\;x;az;ayzy;ay1;", 200));
        string expected = LpegJson.EncodeValues(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)).Values);
        foreach (var engine in new[] { EngineKind.Jit, EngineKind.JitForcedExits })
            for (int run = 0; run < 3; run++)
                Assert.Equal(expected, LpegJson.EncodeValues(Peg.Match(p, subject, 0, Engines.Options(engine)).Values));
        Assert.Equal(spans, JitDiagnostics.Dump(p, Engines.Tracer(EngineKind.Jit)).Contains($"one-byte iterations of the loop at pc {inner} as a span", StringComparison.Ordinal));
    }

    // Past TracerOptions.SpanLoopsWithin guards a recording joins such a loop's code as any loop's (here at once): the
    // outer loop's trace ends at the inner loop, which has code, and the results stay the interpreter's.
    [Fact]
    public void A_recording_joins_a_loop_of_one_byte_iterations_past_its_span_bound()
    {
        var p = Re.Compile("{| ({ ([^;\\] / '\\' .)* } ';')* |}  ");
        int inner = Array.LastIndexOf(LoopShape.Of(p.Program.Code).LoopHeads, true);
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue, SpanLoopsWithin = 0 };
        string subject = string.Concat(Enumerable.Repeat("abc;;a\\;b;" + new string('x', 50) + ";", 300));
        string expected = LpegJson.EncodeValues(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)).Values);
        for (int run = 0; run < 3; run++)
            Assert.Equal(expected, LpegJson.EncodeValues(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).Values));
        Assert.Contains($"join the compiled code at pc {inner}", JitDiagnostics.Dump(p, jit), StringComparison.Ordinal);
    }

    // The bound counts guards, not steps: spans and captures emit no exit, so a loop reached after ten such steps and
    // one test is spanned under a bound of two guards, and one reached after two literal bytes and a test is joined.
    [Theory]
    [InlineData("s <- {| (a ';')* |}  a <- %s* { %s* { %s* { { ([^;\\<] / '\\' .)* } } } }", true)]
    [InlineData("s <- {| (a ';')* |}  a <- '<>' { ([^;\\<] / '\\' .)* }", false)]
    public void The_span_bound_counts_a_traces_guards(string grammar, bool spans)
    {
        var p = Re.Compile(grammar);
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue, SpanLoopsWithin = 2 };
        string item = spans ? "abc" : "<>abc";
        string subject = string.Concat(Enumerable.Repeat(item + ";" + item + "\\;b;" + new string('x', 50) + ";", 300));
        string expected = LpegJson.EncodeValues(Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)).Values);
        for (int run = 0; run < 3; run++)
            Assert.Equal(expected, LpegJson.EncodeValues(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).Values));
        // The outer loop's trace is the only one that meets the inner loop from outside it.
        Assert.Equal(spans, JitDiagnostics.Dump(p, jit).Contains("one-byte iterations of the loop at pc", StringComparison.Ordinal));
    }

    // A return site that only commits on to a loop head ("partialcommit -> the member loop" after a member) is no place
    // to end a recording: code there would hand over again at once. Recordings that return there by a guarded return go
    // on to the loop head. The sites' anchors are held as return sites being compiled, where any other return site
    // would end the recording (the join test above); the traces that return there from the loops inside values must
    // not end there.
    [Fact]
    public void A_recording_goes_on_through_a_return_site_that_only_commits_to_a_loop()
    {
        const string grammar = """
            json   <- S value S !.
            value  <- object / array / string / [0-9]+
            object <- '{' S (member (S ',' S member)*)? S '}'
            member <- string S ':' S value
            array  <- '[' S (value (S ',' S value)*)? S ']'
            string <- '"' [a-z]* '"'
            S      <- %s*
            """;
        var p = Re.Compile(grammar);
        var code = p.Program.Code;
        var shape = LoopShape.Of(code);
        var sites = Enumerable.Range(1, code.Length - 1).Where(pc => code[pc - 1].Op == Opcode.Call).ToArray();
        var trampolines = sites.Where(pc => shape.LeadsToLoopHead(code, pc)).ToArray();
        Assert.NotEmpty(trampolines);
        Assert.NotEqual(sites.Length, trampolines.Length);
        var jit = TracerOptions.Default with { Mode = JitMode.Always, JudgeAfterEntries = int.MaxValue };
        var cache = (TraceCache)PegJit.Engine.JitFor(p.Program, jit)!;
        foreach (int site in trampolines)
        {
            var anchor = cache.AnchorOf(site);
            anchor.IsReturnSite = true;
            Assert.True(anchor.Move(AnchorState.Counting, AnchorState.Recording) && anchor.Move(AnchorState.Recording, AnchorState.Compiling));
        }
        string item = "{\"ab\": [1, [2]], \"c\": [2, \"x\", {\"d\": [3]}], \"e\": {\"f\": [4, {\"g\": 5}]}}";
        string subject = "[" + string.Join(", ", Enumerable.Repeat(item, 300)) + "]";
        for (int run = 0; run < 3; run++) Assert.True(Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).Success);
        string dump = JitDiagnostics.Dump(p, jit);
        foreach (int site in trampolines)
        {
            Assert.Contains($"ret (heap, expect -> {site})", dump, StringComparison.Ordinal);
            Assert.DoesNotContain($"join the compiled code at pc {site}\n", dump, StringComparison.Ordinal);
        }
    }

    private static CompiledTree Dummy() => new()
    {
        Tree = new TraceTree(), Run = (ref VmState _) => 0, Consts = new IlEmitter.Consts { SetBits = [], SetRuns = [] }, Exits = [], ListingSource = () => "",
    };

    private static TraceCache Cache(Pattern p, TracerOptions jit) =>
        (TraceCache)p.Program.JitStates[jit.Log is null ? jit : jit with { Log = null }];

    // Rules that cannot reach themselves, by the linear analysis and by a search from every call target.
    [Theory]
    [InlineData("S <- 'a' S / 'b'")]
    [InlineData("A <- B 'x'  B <- 'b' C  C <- 'c'*")]
    [InlineData("A <- (B / C)*  B <- 'b' A?  C <- 'c'")]
    [InlineData("E <- T ('+' T)*  T <- F ('*' F)*  F <- '(' E ')' / [0-9]+")]
    [InlineData("J <- V !.  V <- '[' (V (',' V)*)? ']' / 'n'  X <- 'x'")]
    public void The_linear_loop_analysis_agrees_with_a_search_from_every_rule(string grammar)
    {
        var code = Re.Compile(grammar).Program.Code;
        var expected = code.Where(i => i.Op == Opcode.Call).Select(i => i.Target).Distinct().Where(t => !Reaches(code, t)).Order();
        Assert.Equal(expected, LoopShape.FindNonRecursiveRules(code).Order());
    }

    private static bool Reaches(Instruction[] code, int target)
    {
        var seen = new bool[code.Length];
        Span<int> next = stackalloc int[2];
        var work = new Stack<int>();
        for (int k = LoopShape.Successors(code, target, next) - 1; k >= 0; k--) work.Push(next[k]);
        while (work.Count > 0)
        {
            int pc = work.Pop();
            if (pc < 0 || pc >= code.Length || seen[pc]) continue;
            if (pc == target) return true;
            seen[pc] = true;
            for (int k = LoopShape.Successors(code, pc, next) - 1; k >= 0; k--) work.Push(next[k]);
        }
        return false;
    }

    /// <summary>A grammar of <paramref name="rules"/> chained rules after its start rule, none recursive: r0 &lt;- '0:' r1 / 'z0' ...</summary>
    internal static string ChainGrammar(int rules)
    {
        var sb = new StringBuilder("g <- r0 !.\n");
        for (int i = 0; i < rules - 1; i++) sb.Append($"r{i} <- '{i}:' r{i + 1} / 'z{i}'\n");
        sb.Append($"r{rules - 1} <- 'end'\n");
        return sb.ToString();
    }

    // A program that never gets hot pays for no analysis: the JIT only counts until some anchor passes the threshold.
    [Fact]
    public void A_grammar_that_never_gets_hot_is_never_analysed()
    {
        var p = Re.Compile(ChainGrammar(999));
        var jit = TracerOptions.Default with { HotThreshold = 1000 };
        for (int i = 0; i < 200; i++) Assert.True(Peg.Match(p, "0:1:2:z3", 0, new MatchOptions { Jit = jit }).Success);
        Assert.Equal(0, JitDiagnostics.Statistics(p, jit)!.Analyses);
        // Once an anchor gets hot the analysis runs, once.
        var always = jit with { Mode = JitMode.Always };
        for (int i = 0; i < 3; i++) Assert.True(Peg.Match(p, "0:1:2:z3", 0, new MatchOptions { Jit = always }).Success);
        Assert.Equal(1, JitDiagnostics.Statistics(p, always)!.Analyses);
    }

    // A program matched once with the JIT on pays for its gates and give-up flags (five bytes an instruction), not for
    // the counts, armed spans and anchor table that only an anchor on its way to hot needs: for a large grammar those
    // were large-object allocations, and a grammar made and matched once per operation paid for them in collections.
    [Fact]
    public void A_program_that_never_gets_warm_allocates_only_its_gates()
    {
        var jit = new MatchOptions { Jit = TracerOptions.Default };
        var off = new MatchOptions { Jit = TracerOptions.Default with { Mode = JitMode.Off } };
        long least = long.MaxValue;
        int size = 0;
        for (int k = 0; k < 3; k++)
        {
            var p = Re.Compile(ChainGrammar(999));
            Assert.True(Peg.Match(p, "0:1:2:z3", 0, off).Success);   // the program is compiled outside the count
            size = p.Program.Code.Length;
            long before = GC.GetAllocatedBytesForCurrentThread();
            Assert.True(Peg.Match(p, "0:1:2:z3", 0, jit).Success);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.True(size > 10_000, $"{size} instructions");
        Assert.InRange(least, 5L * size, 5L * size + 16_384);
    }

    // Compilations keep no listing; a dump emits each tree again with one, and it shows what was compiled.
    [Fact]
    public void Dumps_list_the_il_of_every_tree_though_compilations_keep_none()
    {
        var p = Re.Compile("('ab' / 'b')*");
        var jit = TracerOptions.Default with { Mode = JitMode.Always };
        Peg.Match(p, string.Concat(Enumerable.Repeat("abbab", 100)), 0, new MatchOptions { Jit = jit });
        string dump = JitDiagnostics.Dump(p, jit);
        Assert.Contains("-- IL --", dump);
        Assert.Contains("stfld VmState.Pos", dump);
        Assert.Contains("step 0: pc", dump);
        Assert.Contains("compiled: record", dump);
    }

    // The forced-exit engine's countdown starts afresh with every match: a match forces the same guards whether it runs
    // alone or after other matches on the same thread (so a failure found in a table reproduces when run alone).
    [Fact]
    public void Forced_exits_do_not_depend_on_earlier_matches()
    {
        const string grammar = "{| ( {[%w]+ '@' [%w]+ '.de'} / . )* |}";
        string subject = string.Concat(Enumerable.Repeat("mail bob@example.de now ", 50));
        var forced = Engines.Options(EngineKind.JitForcedExits);
        var alone = Re.Compile(grammar);
        Peg.Match(alone, subject, 0, forced);
        long exitsAlone = JitDiagnostics.Statistics(alone, forced.Jit)!.Exits;
        for (int other = 1; other <= 5; other++)
        {
            Peg.Match(Re.Compile("('ab' / 'b')*"), string.Concat(Enumerable.Repeat("abb", other)), 0, forced);
            var after = Re.Compile(grammar);
            Peg.Match(after, subject, 0, forced);
            Assert.Equal(exitsAlone, JitDiagnostics.Statistics(after, forced.Jit)!.Exits);
        }
    }

    [Fact]
    public void Every_abort_reason_has_its_own_message()
    {
        var rows = AbortReasons.Rows;
        Assert.Equal(Enum.GetValues<AbortReason>(), rows.Select(r => r.Reason));
        Assert.Equal(rows.Length, rows.Select(r => r.Message).Distinct().Count());
        Assert.All(Enum.GetValues<AbortReason>(), r => Assert.NotEqual(r.ToString(), r.Message()));
    }

    // Whatever the emitter or the runtime's compilation of the method throws stays inside the JIT: the match gives the
    // interpreter's result, and each failure counts as an abort until the anchor is blacklisted.
    [Theory]
    [InlineData("Throw", true)]
    [InlineData("InvalidIl", true)]
    [InlineData("Throw", false)]
    [InlineData("InvalidIl", false)]
    public void No_compile_failure_escapes_a_match(string faultName, bool atOnce)
    {
        var fault = Enum.Parse<CompileFault>(faultName);
        var p = Re.Compile("{| ( {[%w]+ '@' [%w]+ '.de'} / . )* |}");
        var events = new List<TraceEvent>();
        var jit = TracerOptions.Default with
        {
            Mode = atOnce ? JitMode.Always : JitMode.Auto, HotThreshold = 5, Fault = fault, Log = e => { lock (events) events.Add(e); },
        };
        string subject = string.Concat(Enumerable.Repeat("mail bob@example.de now ", 200));
        var expected = Peg.Match(p, subject, 0, Engines.Options(EngineKind.Interpreter)).Values;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do Assert.Equal(expected, Peg.Match(p, subject, 0, new MatchOptions { Jit = jit }).Values);
        while (JitDiagnostics.Statistics(p, jit)!.Aborts == 0 && clock.Elapsed < TimeSpan.FromSeconds(30));
        var stats = JitDiagnostics.Statistics(p, jit)!;
        Assert.True(stats.Aborts > 0, stats.ToString());
        Assert.Equal(0, stats.Traces);
        string expectedType = fault == CompileFault.Throw ? nameof(InjectedFaultException) : nameof(InvalidProgramException);
        lock (events) Assert.Contains(events, e => e.Kind == TraceEventKind.Aborted && e.Detail.Contains(expectedType, StringComparison.Ordinal));
    }
}
