// Per-program JIT: the interpreter's hook. Anchors get hot, are recorded, compiled and run; exits grow side traces.
using System.Diagnostics;
using System.Runtime.CompilerServices;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>
/// The tracing JIT for one program. Each anchor moves through the states of <see cref="AnchorState"/>; the parts
/// live apart: <see cref="HotCounter"/> (when to record), <see cref="Recorder"/> (trace IR), <see cref="TraceCompiler"/>
/// (the one compile routine), <see cref="CompileScheduler"/> (now or in the background), <see cref="SideTraceLinker"/>
/// and <see cref="Payoff"/> (retirement). Shared by threads: counters race benignly; a running match keeps the tree it
/// entered; state moves are checked and locked per anchor.
/// </summary>
internal sealed class TraceCache : IJitHook
{
    // The methods the optimized path (OnAnchor, Run) calls are internal, not private: a ReadyToRun image holds only
    // methods that something compiled ahead of time can reach, and the optimized path is compiled at run time, so its
    // private callees were left to the runtime too (compiled unoptimized at each process's first recording).

    /// <summary>Hops between linked compiled trees between two cancellation checks (a power of two).</summary>
    private const int CancelHops = 1024;

    private readonly Program _prog;
    private readonly TracerOptions _opt;
    // Per pc, the anchor's object (null: counting, never hot yet). Made when the first anchor gets hot: until then it
    // is empty, and a large program matched once never pays for it (see HotCounter's counts).
    private Anchor?[] _anchors = NoAnchors;
    private static readonly Anchor?[] NoAnchors = [];
    private readonly HotCounter _counter;
    private readonly TraceCompiler _compiler;
    private readonly CompileScheduler _scheduler;
    private readonly SideTraceLinker _linker;
    private readonly TraceLog _log = new();
    private readonly JoinTest _joins;
    private LoopShape? _shape;   // computed at the first recording
    private ByteLoops? _byteLoops;   // made with the shape; each head examined when a recording first reaches it

    /// <summary>Per pc, whether the JIT gave up on it (blacklisted, or a non-recursive rule's entry).</summary>
    internal bool[] Ignored => _counter.Ignored;

    /// <inheritdoc/>
    public int[] Gates => _counter.Gates;

    /// <summary>Where trace events go: the options' log when created; the facade hands over the latest caller's.</summary>
    public Action<TraceEvent>? Sink { get => _log.Sink; set => _log.Sink = value; }

    /// <summary>Activity counters.</summary>
    public TraceStatistics Statistics { get; } = new();

    /// <summary>Creates the JIT state for <paramref name="prog"/>. Nothing is analysed until something gets hot.</summary>
    public TraceCache(Program prog, TracerOptions opt)
    {
        _prog = prog;
        _opt = opt;
        _log.Sink = opt.Log;
        _counter = new HotCounter(prog.Code.Length, opt);
        _compiler = new TraceCompiler(prog, opt, Statistics, _log, () => _anchors);
        _scheduler = new CompileScheduler(opt, Statistics, _log);
        _linker = new SideTraceLinker(opt, _compiler, _scheduler);
        // A recording ends at a loop head with code, and at a return site with code that it reached by a guarded return
        // (a return from a call made in the trace needs no guard, so the trace goes on inline there), unless that site
        // only commits on to a loop head.
        _joins = (pc, byHeapReturn) => Volatile.Read(ref _anchors[pc]) is { } a
            && (_shape!.LoopHeads[pc] || byHeapReturn && a.IsReturnSite && !_shape.LeadsToLoopHead(prog.Code, pc))
            && (a.Tree is not null || opt.JoinCompilingLoops && a.State == AnchorState.Compiling);
    }

    /// <summary>The anchor at <paramref name="pc"/>, made if it has no object yet (tests that set up a state).</summary>
    internal Anchor AnchorOf(int pc) => Find(pc) ?? AnchorAt(pc);

    /// <summary>The state of the anchor at <paramref name="pc"/> (diagnostics and tests).</summary>
    internal AnchorState StateOf(int pc) => Find(pc)?.State ?? AnchorState.Counting;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the path between the interpreter and compiled code: see Run
    public bool HasCode(int pc) => Find(pc)?.Tree is not null;

    // The anchor at `pc`, or null (none yet, or no anchor has been hot so far and the table is still empty).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Anchor? Find(int pc)
    {
        var anchors = Volatile.Read(ref _anchors);
        return (uint)pc < (uint)anchors.Length ? Volatile.Read(ref anchors[pc]) : null;
    }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the path between the interpreter and compiled code: see Run
    public bool OnAnchor(int anchorPc, ref VmState state)
    {
        var anchor = Find(anchorPc);
        var tree = anchor?.Tree;
        if (tree is null)
        {
            // A closed gate that the interpreter ran down after 2^31 visits, or one a racing thread overwrote.
            if (Ignored[anchorPc]) { _counter.Ignore(anchorPc); return false; }
            if (anchor is { State: not AnchorState.Counting })
            {
                _counter.Park(anchorPc);   // its code is on the way
                return false;
            }
            if (!_counter.Expired(anchorPc, state.Subject.Length - state.Pos)) return false;
            tree = RecordRoot(anchor ?? AnchorAt(anchorPc), ref state);
            if (tree is null) return false;
        }
        _counter.Open(anchorPc);
        Run(tree, ref state);
        return true;
    }

    private Anchor AnchorAt(int pc)
    {
        if (Volatile.Read(ref _anchors) == NoAnchors) Interlocked.CompareExchange(ref _anchors, new Anchor?[_prog.Code.Length], NoAnchors);
        var anchors = Volatile.Read(ref _anchors);
        return Interlocked.CompareExchange(ref anchors[pc], new Anchor(pc, _counter), null) ?? anchors[pc]!;
    }

    // The loop analysis runs once, when the first anchor gets hot; rules it finds non-recursive stop being anchors.
    internal LoopShape Shape()
    {
        if (Volatile.Read(ref _shape) is { } shape) return shape;
        shape = LoopShape.Of(_prog.Code);
        foreach (int rule in shape.NonRecursiveRules)
            if (!shape.LoopHeads[rule]) _counter.Ignore(rule);
        Interlocked.Increment(ref Statistics.Analyses);
        Interlocked.CompareExchange(ref _byteLoops, new ByteLoops(_prog, shape.LoopHeads), null);
        return Interlocked.CompareExchange(ref _shape, shape, null) ?? shape;
    }

    // Counting -> Recording -> Compiling -> Compiled (or back to Counting / Blacklisted on a failure). Returns the tree
    // to run now: none when compiling in the background.
    internal CompiledTree? RecordRoot(Anchor anchor, ref VmState st)
    {
        Shape();
        if (Ignored[anchor.Pc]) return null;   // a non-recursive rule's entry, found by the analysis just now
        if (!anchor.Move(AnchorState.Counting, AnchorState.Recording)) return null;
        long t0 = Stopwatch.GetTimestamp();
        // Search programs' loops are exempt: their attempt's code lies past the loop's back-edge.
        int loopEnd = anchor.IsReturnSite || _prog.Facts is not null ? -1 : _shape!.LoopEnds[anchor.Pc];
        var (ir, reason) = Recorder.Root(_prog, _opt, ref st, _joins, loopEnd, _byteLoops);
        if (ir is null && reason == AbortReason.LeftLoop) { Retry(anchor, reason.Message()); return null; }
        if (ir is null) { Abort(anchor, AnchorState.Recording, reason.Message()); return null; }
        long recordTicks = TraceCompiler.Since(t0);
        var tree = new TraceTree();
        tree.Traces.Add(ir);
        anchor.Move(AnchorState.Recording, AnchorState.Compiling);
        _scheduler.Run(anchor.Pc, () => Install(anchor, tree, recordTicks), () =>
        {
            if (anchor.State == AnchorState.Compiling) Abort(anchor, AnchorState.Compiling, AbortReason.CompileFailed.Message());
        });
        return anchor.Tree;
    }

    internal void Install(Anchor anchor, TraceTree tree, long recordTicks)
    {
        var compiled = _compiler.TryCompile(tree, recordTicks, isSide: false, out string? error);
        if (compiled is null) Abort(anchor, AnchorState.Compiling, error!, counted: true);
        else anchor.Move(AnchorState.Compiling, AnchorState.Compiled, compiled);
    }

    // A recording that found the wrong moment, not a failure: back to counting, not towards blacklisting.
    private void Retry(Anchor anchor, string why)
    {
        Interlocked.Increment(ref Statistics.Aborts);
        _log.Write(TraceEventKind.Aborted, anchor.Pc, why);
        anchor.Move(AnchorState.Recording, AnchorState.Counting, failure: false);   // counts up to the threshold again
    }

    private void Abort(Anchor anchor, AnchorState from, string why, bool counted = false)
    {
        if (!counted)
        {
            Interlocked.Increment(ref Statistics.Aborts);
            _log.Write(TraceEventKind.Aborted, anchor.Pc, why);
        }
        if (anchor.Abort(from, _opt.MaxAborts) == AnchorState.Blacklisted)
            _log.Write(TraceEventKind.Blacklisted, anchor.Pc, $"after {_opt.MaxAborts} aborts");
        // else back off: the move to Counting has it count up to the threshold again before the next attempt
    }

    // Runs compiled code from the anchor until an exit leads back to the interpreter. An exit that has a side trace
    // compiled alone, or that is back at an anchor with compiled code, goes straight on into that code: by a tail
    // call from the exit (hand-over), so the id returned may be another tree's (ExitIds tells which), and here when
    // hand-over is off or its budget of hops between cancellation checks ran out.
    // This path runs at every entry and exit, so it is compiled optimized at its first call: tiering left it
    // unoptimized for the first few hundred milliseconds of a process, which ran json-5m at 22 ms a match against
    // 10-12 ms once it was optimized.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the path between the interpreter and compiled code: see Run
    private void Run(CompiledTree tree, ref VmState st)
    {
        var root = tree;
        int start = st.Pos;
        long t0 = _opt.TimeTraces ? Stopwatch.GetTimestamp() : 0;
        // Statistics race benignly between threads (plain increments: entering a trace must stay cheap).
        Statistics.TraceEntries++;
        int exit;
        bool returned;   // the last exit was taken as a return (the state is past the exit's: no side trace grows there)
        long hops = 0;
        st.HopsLeft = CancelHops;
        for (;;)
        {
            exit = tree.Run(ref st);
            tree = _compiler.ExitIds.Owner(exit, tree);   // hand-overs inside compiled code change the tree
            exit -= tree.ExitBase;
            var info = tree.Exits[exit];
            var next = Volatile.Read(ref tree.Next[exit]) ?? (info.ToAnchor ? Volatile.Read(ref _anchors[info.Pc])?.Tree : null);
            // At an unexpected return, unless this is the exit's turn to grow a side trace (which starts before the return).
            returned = next is null && info.AtReturn && !_counter.IsExitRecordingPoint(tree.ExitCounts[exit] + 1);
            if (returned) next = ReturnSite(ref st);
            if (next is null) break;
            ++tree.ExitCounts[exit];
            if (--st.HopsLeft < 0)
            {
                st.Context.CheckCancellation();
                hops += CancelHops + 1;
                st.HopsLeft = CancelHops;
            }
            tree = next;
        }
        hops += CancelHops - st.HopsLeft;
        root.Hops += hops;
        Statistics.Hops += hops;
        Account(root, st.Pos - start, t0);
        if (_counter.IsExitRecordingPoint(++tree.ExitCounts[exit]) && !returned && HomeOf(tree, root) is { } home) OnHotExit(home, tree, exit, ref st);
    }

    // An exit at a return that its trace did not expect (the rule was called from elsewhere, or its recursion runs
    // deeper than the trace unrolled): returns as the interpreter would, then goes on in the compiled code at the return
    // site, which gets hot and is recorded like any anchor. The interpreter never enters code there; exits do. Right
    // recursion unwinds through one such return per level ("members <- member (',' members)?"), at depths no recorded
    // trace can unroll, and the levels' returns become one compiled loop at the site. Null: the interpreter resumes
    // at the return site.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the path between the interpreter and compiled code: see Run
    internal CompiledTree? ReturnSite(ref VmState st)
    {
        int pc = st.Context.Stack[--st.StackTop].Pc;
        st.Pc = pc;
        var anchor = Find(pc);
        if (anchor?.Tree is { } tree) return tree;
        if (anchor is { State: not AnchorState.Counting } || Ignored[pc] || !_counter.Visit(pc, st.Subject.Length - st.Pos)) return null;
        anchor ??= AnchorAt(pc);
        anchor.IsReturnSite = true;
        return RecordRoot(anchor, ref st);
    }

    // The root whose side traces a hot exit of `tree` grows: the root entered, or, when compiled code handed over to
    // another anchor's, that anchor's current tree. Recorded for the root entered, the side trace started at the wrong
    // anchor and spent that root's side-trace budget on another loop's exits: json-40m ran at 45-56 ms a match
    // against 35-41 ms (json-rr 83-93 against 77-84, json-railroad 44-45 against 39-41).
    internal CompiledTree? HomeOf(CompiledTree tree, CompiledTree root) =>
        ReferenceEquals(tree, root) ? root : Volatile.Read(ref _anchors[tree.Tree.AnchorPc])?.Tree;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the path between the interpreter and compiled code: see Run
    private void Account(CompiledTree root, int consumed, long t0)
    {
        if (_opt.TimeTraces)
        {
            long dt = Stopwatch.GetTimestamp() - t0;
            Interlocked.Add(ref Statistics.TraceTicks, dt);
            root.Ticks += dt;
        }
        consumed = Math.Max(0, consumed);
        Statistics.Exits++;
        Statistics.BytesInTraces += consumed;
        root.Bytes += consumed;
        if (Payoff.CountEntry(root, _opt)
            && Payoff.Judge(root, _opt, Volatile.Read(ref _anchors[root.Tree.AnchorPc]!.PendingSides) > 0) == Verdict.Retire) Retire(root);
    }

    // Compiled code that hands control back every few bytes costs more than it saves: back to the interpreter, which
    // counts the anchor again (recorded later, the tree may take other paths, or be entered from compiled code around
    // it); the MaxAborts-th failure is for good.
    private void Retire(CompiledTree root)
    {
        var anchor = _anchors[root.Tree.AnchorPc]!;
        long perEntry = root.Bytes / Math.Max(1, root.Entries);
        switch (anchor.Retire(root, _opt.MaxAborts))
        {
            case AnchorState.Counting:
                _log.Write(TraceEventKind.Retired, anchor.Pc, $"retired: {perEntry} bytes per entry; counts again");
                break;
            case AnchorState.Blacklisted:
                _log.Write(TraceEventKind.Blacklisted, anchor.Pc, $"retired: {perEntry} bytes per entry, after {_opt.MaxAborts} failures");
                break;
        }
    }

    // A hot exit of `from` (a root tree, or with dispatch linking also a side trace's own tree) grows a side trace.
    internal void OnHotExit(CompiledTree root, CompiledTree from, int exit, ref VmState st)
    {
        var info = from.Exits[exit];
        if (_log.On) _log.Write(TraceEventKind.ExitTaken, root.Tree.AnchorPc, $"exit {exit} (trace {info.Trace} step {info.Step}, pc {info.Pc}) taken {from.ExitCounts[exit]} times");
        var anchor = _anchors[root.Tree.AnchorPc]!;
        if (info.ToAnchor || root.SideTraces >= _opt.MaxSideTraces || Volatile.Read(ref from.Pending[exit])) return;
        if (_prog.Code[info.Pc].Op == Opcode.End || !ReferenceEquals(anchor.Tree, root)) return;   // a successful match leaves compiled code on purpose
        long t0 = Stopwatch.GetTimestamp();
        var (ir, reason) = Recorder.Side(_prog, _opt, anchor.Pc, info.HeightAfter, ref st, _joins, _byteLoops);
        if (ir is null) { Interlocked.Increment(ref Statistics.Aborts); _log.Write(TraceEventKind.Aborted, anchor.Pc, reason.Message()); return; }
        long recordTicks = TraceCompiler.Since(t0);
        from.Pending[exit] = true;
        Interlocked.Increment(ref anchor.PendingSides);
        _linker.Request(new SideRequest(anchor, root, from, exit, ir, recordTicks), SideDone);
    }

    internal static void SideDone(SideRequest r)
    {
        Volatile.Write(ref r.From.Pending[r.Exit], false);
        Interlocked.Decrement(ref r.Anchor.PendingSides);
    }

    /// <summary>The compiled trees: a summary (entries, bytes, compile phases, exits taken per guard), their trace IR and
    /// emitted IL.</summary>
    public string Dump() => TraceDump.Trees(_compiler.All, _prog, pc => Find(pc)?.IsReturnSite == true);
}
