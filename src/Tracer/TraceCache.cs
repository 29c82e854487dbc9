// Per-program JIT state: anchor counters, blacklist, compiled trace trees; the interpreter's hook.
using System.Diagnostics;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>
/// The tracing JIT for one program. Counts anchors, records and compiles root traces, grows side traces from
/// hot exits (linked as <see cref="TracerOptions.Linking"/> says), and runs compiled trees. Shared by threads: counters
/// race benignly; a running match keeps the tree it entered.
/// </summary>
public sealed class TraceCache : IJitHook
{
    private readonly Program _prog;
    private readonly TracerOptions _opt;
    private readonly CompiledTree?[] _trees;
    private readonly int[] _counts;
    private readonly int[] _aborts;
    private readonly bool[] _loopHeads;
    private readonly bool[] _pending;   // anchors whose root trace is being compiled in the background
    private readonly Func<int, bool> _joins;
    private readonly object _compileLock = new();
    private int _nextTraceId;
    // Every compiled method, for dumps (trees replaced by inline linking are marked superseded).
    private readonly System.Collections.Concurrent.ConcurrentQueue<CompiledTree> _all = new();

    /// <inheritdoc/>
    public bool[] Ignored { get; }

    /// <summary>Where trace events go: the options' log when created; the facade hands over the latest caller's.</summary>
    public Action<TraceEvent>? Sink { get; set; }

    /// <summary>Activity counters.</summary>
    public TraceStatistics Statistics { get; } = new();

    /// <summary>Creates the JIT state for <paramref name="prog"/>.</summary>
    public TraceCache(Program prog, TracerOptions opt)
    {
        _prog = prog;
        _opt = opt;
        Sink = opt.Log;
        _trees = new CompiledTree?[prog.Code.Length];
        _counts = new int[prog.Code.Length];
        _aborts = new int[prog.Code.Length];
        Ignored = new bool[prog.Code.Length];
        _loopHeads = LoopHeads(prog);
        _pending = new bool[prog.Code.Length];
        // A rule that cannot reach itself is no loop: traces inline it (its returns stay virtual) instead of
        // starting at its entry, where every caller would be a different guarded return.
        foreach (int target in NonRecursiveRules(prog)) Ignored[target] = !_loopHeads[target];
        _joins = pc => _loopHeads[pc] && Volatile.Read(ref _trees[pc]) is not null;
    }

    // Call targets from which no path of the program leads back to the same target.
    private static IEnumerable<int> NonRecursiveRules(Program prog)
    {
        var code = prog.Code;
        var targets = code.Where(i => i.Op == Opcode.Call).Select(i => i.Target).Distinct();
        foreach (int t in targets)
        {
            var seen = new bool[code.Length];
            var work = new Stack<int>(Successors(code, t));
            bool recursive = false;
            while (work.Count > 0 && !recursive)
            {
                int pc = work.Pop();
                if (pc < 0 || pc >= code.Length || seen[pc]) continue;
                seen[pc] = true;
                recursive = pc == t;
                foreach (int next in Successors(code, pc)) work.Push(next);
            }
            if (!recursive) yield return t;
        }
    }

    private static IEnumerable<int> Successors(Instruction[] code, int pc)
    {
        var ins = code[pc];
        switch (ins.Op)
        {
            case Opcode.Ret or Opcode.End or Opcode.Fail or Opcode.FailTwice or Opcode.Giveup: yield break;
            case Opcode.Jmp or Opcode.Commit or Opcode.BackCommit or Opcode.PartialCommit: yield return ins.Target; yield break;
            case Opcode.Call or Opcode.Choice or Opcode.TestAny or Opcode.TestChar or Opcode.TestSet:
                yield return ins.Target; yield return pc + 1; yield break;
            default: yield return pc + 1; yield break;
        }
    }

    // Targets of backward jumps, commits, tests and partial commits: where a trace hands over to another loop's compiled code.
    private static bool[] LoopHeads(Program prog)
    {
        var heads = new bool[prog.Code.Length];
        for (int pc = 0; pc < prog.Code.Length; pc++)
        {
            var ins = prog.Code[pc];
            if (ins.Op is Opcode.Jmp or Opcode.PartialCommit or Opcode.Commit or Opcode.TestAny or Opcode.TestChar or Opcode.TestSet
                && ins.Target <= pc) heads[ins.Target] = true;
        }
        return heads;
    }

    private int Threshold => _opt.Mode == JitMode.Always ? 0 : _opt.HotThreshold;

    /// <inheritdoc/>
    public bool HasCode(int pc) => Volatile.Read(ref _trees[pc]) is not null;

    /// <inheritdoc/>
    public bool OnAnchor(int anchorPc, ref VmState state)
    {
        var tree = Volatile.Read(ref _trees[anchorPc]);
        if (tree is null)
        {
            if (_aborts[anchorPc] >= _opt.MaxAborts || _pending[anchorPc] || ++_counts[anchorPc] <= Threshold) return false;
            tree = RecordRoot(anchorPc, ref state);
            if (tree is null) return false;
        }
        Run(tree, ref state);
        return true;
    }

    // Runs compiled code from the anchor until an exit leads back to the interpreter. With dispatch linking, an exit
    // that has a side trace (or that is back at the anchor) goes straight on into that compiled code.
    private void Run(CompiledTree tree, ref VmState st)
    {
        var root = tree;
        int start = st.Pos;
        long t0 = _opt.TimeTraces ? Stopwatch.GetTimestamp() : 0;
        // Statistics race benignly between threads (plain increments: entering a trace must stay cheap).
        Statistics.TraceEntries++;
        int exit;
        for (int hops = 1; ; hops++)
        {
            exit = tree.Run(ref st);
            var next = Volatile.Read(ref tree.Next[exit]) ?? (tree.Exits[exit].ToAnchor ? Volatile.Read(ref _trees[tree.Exits[exit].Pc]) : null);
            if (next is null) break;
            ++tree.ExitCounts[exit];
            ++root.Hops;
            if ((hops & (CancelHops - 1)) == 0) st.Context.CheckCancellation();
            tree = next;
        }
        if (_opt.TimeTraces)
        {
            long dt = Stopwatch.GetTimestamp() - t0;
            Interlocked.Add(ref Statistics.TraceTicks, dt);
            root.Ticks += dt;
        }
        int consumed = Math.Max(0, st.Pos - start);
        Statistics.Exits++;
        Statistics.BytesInTraces += consumed;
        root.Bytes += consumed;
        if (++root.Entries == _opt.JudgeAfterEntries)
        {
            // A side trace still compiling in the background would change the payoff: judge afresh after it lands.
            if (Volatile.Read(ref root.PendingSides) > 0) root.Entries = root.Bytes = root.Hops = 0;
            else if (root.Bytes < (long)_opt.MinBytesPerEntry * root.Entries) Retire(root);
        }
        if (IsRecordingPoint(++tree.ExitCounts[exit]))
        {
            var e = tree.Exits[exit];
            if (Sink is not null) Log(TraceEventKind.ExitTaken, root.Tree.AnchorPc, $"exit {exit} (trace {e.Trace} step {e.Step}, pc {e.Pc}) taken {tree.ExitCounts[exit]} times");
            TryGrowSide(root, tree, exit, ref st);
        }
    }

    // An exit is recorded when it has been taken HotExitThreshold times, and (backing off after aborted recordings)
    // again at twice, four times ... that count, MaxAborts times in all.
    private bool IsRecordingPoint(int count)
    {
        int t = Math.Max(1, _opt.HotExitThreshold);
        if (count % t != 0) return false;
        int k = count / t;
        return (k & (k - 1)) == 0 && k < 1 << _opt.MaxAborts;
    }

    /// <summary>Hops between linked compiled trees between two cancellation checks (a power of two).</summary>
    private const int CancelHops = 1024;

    // Compiled code that hands control back every few bytes costs more than it saves: back to the interpreter.
    private void Retire(CompiledTree tree)
    {
        int anchor = tree.Tree.AnchorPc;
        _aborts[anchor] = _opt.MaxAborts;
        Volatile.Write(ref _trees[anchor], null);
        Ignored[anchor] = true;
        if (Sink is not null) Log(TraceEventKind.Blacklisted, anchor, $"retired: {tree.Bytes / Math.Max(1, tree.Entries)} bytes per entry");
    }

    // Compiling in the background lets the match go on in the interpreter while the IL is emitted and compiled;
    // JitMode.Always compiles at once, so that tests and diagnostics see the trace run on the spot.
    private bool Background => _opt.BackgroundCompile && _opt.Mode == JitMode.Auto;

    private CompiledTree? RecordRoot(int anchorPc, ref VmState st)
    {
        long t0 = Stopwatch.GetTimestamp();
        var (ir, reason) = Recorder.Root(_prog, _opt, ref st, _joins);
        if (ir is null) { Abort(anchorPc, reason); return null; }
        var tree = new TraceTree();
        tree.Traces.Add(ir);
        if (!Background) return InstallRoot(anchorPc, tree, t0);
        long recordTicks = Stopwatch.GetTimestamp() - t0;
        _pending[anchorPc] = true;
        InBackground(anchorPc, () => InstallRoot(anchorPc, tree, Stopwatch.GetTimestamp() - recordTicks),   // compile time excludes the wait
            () => Volatile.Write(ref _pending[anchorPc], false));
        return null;
    }

    // A failure on a pool thread would end the process: whatever goes wrong there is logged, and the interpreter
    // simply carries on without the trace.
    private void InBackground(int anchorPc, Action work, Action done) =>
        ThreadPool.UnsafeQueueUserWorkItem(_ =>
        {
            try { work(); }
#pragma warning disable CA1031 // any failure of a background compilation only loses a trace
            catch (Exception e) { Interlocked.Increment(ref Statistics.Aborts); Log(TraceEventKind.Aborted, anchorPc, $"{AbortReason.CompileFailed.Message()}: {e.Message}"); }
#pragma warning restore CA1031
            finally { done(); }
        }, null);

    private CompiledTree? InstallRoot(int anchorPc, TraceTree tree, long t0)
    {
        var compiled = Compile(tree, t0, isSide: false);
        if (compiled is null) { Abort(anchorPc, AbortReason.CompileFailed); return null; }
        Volatile.Write(ref _trees[anchorPc], compiled);
        return compiled;
    }

    // A hot exit of `from` (a root tree, or with dispatch linking also a side trace's own tree) grows a side trace.
    private void TryGrowSide(CompiledTree root, CompiledTree from, int exit, ref VmState st)
    {
        var info = from.Exits[exit];
        if (info.ToAnchor || root.SideTraces >= _opt.MaxSideTraces || Volatile.Read(ref from.Pending[exit])) return;
        if (_prog.Code[info.Pc].Op == Opcode.End) return;   // a successful match leaves compiled code on purpose
        long t0 = Stopwatch.GetTimestamp();
        var (ir, reason) = Recorder.Side(_prog, _opt, root.Tree.AnchorPc, info.HeightAfter, ref st, _joins);
        if (ir is null) { Log(TraceEventKind.Aborted, root.Tree.AnchorPc, reason.Message()); Interlocked.Increment(ref Statistics.Aborts); return; }
        if (!Background) { Link(root, from, exit, ir, t0); return; }
        long recordTicks = Stopwatch.GetTimestamp() - t0;
        from.Pending[exit] = true;
        Interlocked.Increment(ref root.PendingSides);
        InBackground(root.Tree.AnchorPc, () => Link(root, from, exit, ir, Stopwatch.GetTimestamp() - recordTicks), () =>
        {
            Volatile.Write(ref from.Pending[exit], false);
            Interlocked.Decrement(ref root.PendingSides);
        });
    }

    private void Link(CompiledTree root, CompiledTree from, int exit, TraceIr ir, long t0)
    {
        lock (_compileLock)
        {
            if (!ReferenceEquals(Volatile.Read(ref _trees[root.Tree.AnchorPc]), root) || from.Next[exit] is not null) return;   // replaced meanwhile
            // Inline while the tree is small and nothing is linked by dispatch yet (a re-emitted root would lose
            // those links); past the budget, every further side trace is dispatched.
            bool inline = _opt.Linking == SideTraceLinking.Inline && ReferenceEquals(from, root) && !root.HasDispatchLinks
                && root.Tree.Traces.Sum(t => t.Body.Count) + ir.Body.Count <= _opt.MaxInlineSteps;
            if (inline) LinkInline(root, from.Exits[exit], ir, t0);
            else LinkByDispatch(root, from, exit, ir, t0);
        }
    }

    // The side trace becomes its own method; the exit returns to Run, which enters it.
    private void LinkByDispatch(CompiledTree root, CompiledTree from, int exit, TraceIr ir, long t0)
    {
        var single = new TraceTree();
        single.Traces.Add(ir);
        var side = Compile(single, t0, isSide: true);
        if (side is null) return;
        root.SideTraces++;
        root.HasDispatchLinks = true;
        Volatile.Write(ref from.Next[exit], side);
        // The tree changed: judge its payoff afresh (a re-emitted tree starts with fresh counters too).
        root.Entries = root.Bytes = root.Hops = 0;
    }

    // The tree is re-emitted with the side trace in the same method: the guard's failure jumps into it.
    private void LinkInline(CompiledTree root, ExitInfo info, TraceIr ir, long t0)
    {
        var grown = new TraceTree();
        grown.Traces.AddRange(root.Tree.Traces);
        foreach (var kv in root.Tree.Links) grown.Links[kv.Key] = kv.Value;
        grown.Traces.Add(ir);
        grown.Links[(info.Trace, info.Step)] = grown.Traces.Count - 1;
        var compiled = Compile(grown, t0, isSide: true);
        if (compiled is null) return;
        compiled.SideTraces = root.SideTraces + 1;
        root.Superseded = true;
        Volatile.Write(ref _trees[root.Tree.AnchorPc], compiled);
    }

    private CompiledTree? Compile(TraceTree tree, long t0, bool isSide)
    {
        int id = Interlocked.Increment(ref _nextTraceId);
        var ir = tree.Traces[^1];
        Log(TraceEventKind.Recorded, tree.AnchorPc, ir.Dump(_prog), id);
        CompiledTree compiled;
        try { compiled = IlEmitter.Compile(tree, _prog, _opt); }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException or NotSupportedException)
        {
            // Emission bugs must never break a match: the interpreter carries on without this trace.
            Log(TraceEventKind.Aborted, tree.AnchorPc, $"{AbortReason.CompileFailed.Message()}: {e.Message}", id);
            return null;
        }
        _all.Enqueue(compiled);
        Interlocked.Add(ref Statistics.CompileTicks, Stopwatch.GetTimestamp() - t0);
        Interlocked.Increment(ref Statistics.Traces);
        if (isSide) Interlocked.Increment(ref Statistics.SideTraces);
        Log(isSide ? TraceEventKind.SideTrace : TraceEventKind.Compiled, tree.AnchorPc,
            $"{tree.Traces.Count} trace(s) in the method, {compiled.Exits.Length} exits, {ir.Body.Count} steps", id);
        return compiled;
    }

    private void Abort(int anchorPc, AbortReason reason)
    {
        Interlocked.Increment(ref Statistics.Aborts);
        Log(TraceEventKind.Aborted, anchorPc, reason.Message());
        if (++_aborts[anchorPc] >= _opt.MaxAborts)
        {
            Ignored[anchorPc] = true;
            Log(TraceEventKind.Blacklisted, anchorPc, $"after {_opt.MaxAborts} aborts");
        }
        _counts[anchorPc] = 0;   // back off: count up to the threshold again before the next attempt
    }

    private void Log(TraceEventKind kind, int anchor, string detail, int id = 0) => Sink?.Invoke(new TraceEvent(kind, anchor, id, detail));

    // Per tree: entries, bytes, time, and every exit taken (trace, step, pc) with its count, hottest first.
    private static string TreeSummary(CompiledTree t)
    {
        var sb = new System.Text.StringBuilder($"== tree at pc {t.Tree.AnchorPc}: {t.Tree.Traces.Count} trace(s), entries {t.Entries}, " +
            $"bytes {t.Bytes}, time {t.Ticks * 1000.0 / Stopwatch.Frequency:F1} ms\n");
        foreach (int id in Enumerable.Range(0, t.Exits.Length).Where(i => t.ExitCounts[i] > 0).OrderByDescending(i => t.ExitCounts[i]))
            sb.Append($"   exit {id} (trace {t.Exits[id].Trace} step {t.Exits[id].Step}, pc {t.Exits[id].Pc}): {t.ExitCounts[id]}\n");
        return sb.ToString();
    }

    /// <summary>The compiled trees: a summary (entries, bytes, exits taken per guard), their trace IR and emitted IL.</summary>
    public string Dump()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var t in _all.Where(t => !t.Superseded))
        {
            sb.Append(TreeSummary(t));
            foreach (var ir in t.Tree.Traces) sb.Append(ir.Dump(_prog));
            sb.Append("-- IL --\n").Append(t.IlListing);
        }
        return sb.ToString();
    }
}
