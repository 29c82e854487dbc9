// Per-program JIT state: anchor counters, blacklist, compiled trace trees; the interpreter's hook.
using System.Diagnostics;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>
/// The tracing JIT for one program. Counts anchors, records and compiles root traces, grows side traces from
/// hot exits (re-emitting the tree, installed atomically), and runs compiled trees. Shared by threads: counters
/// race benignly; a running match keeps the tree it entered.
/// </summary>
public sealed class TraceCache : IJitHook
{
    private readonly Program _prog;
    private readonly TracerOptions _opt;
    private readonly CompiledTree?[] _trees;
    private readonly int[] _counts;
    private readonly int[] _aborts;
    private readonly object _compileLock = new();
    private int _nextTraceId;
    private readonly System.Collections.Concurrent.ConcurrentQueue<CompiledTree> _retired = new();

    /// <inheritdoc/>
    public bool[] Ignored { get; }

    /// <summary>Activity counters.</summary>
    public TraceStatistics Statistics { get; } = new();

    /// <summary>Creates the JIT state for <paramref name="prog"/>.</summary>
    public TraceCache(Program prog, TracerOptions opt)
    {
        _prog = prog;
        _opt = opt;
        _trees = new CompiledTree?[prog.Code.Length];
        _counts = new int[prog.Code.Length];
        _aborts = new int[prog.Code.Length];
        Ignored = new bool[prog.Code.Length];
    }

    private int Threshold => _opt.Mode == JitMode.Always ? 0 : _opt.HotThreshold;

    /// <inheritdoc/>
    public bool OnAnchor(int anchorPc, ref VmState state)
    {
        var tree = Volatile.Read(ref _trees[anchorPc]);
        if (tree is null)
        {
            if (_aborts[anchorPc] >= _opt.MaxAborts || ++_counts[anchorPc] <= Threshold) return false;
            tree = RecordRoot(anchorPc, ref state);
            if (tree is null) return false;
        }
        Run(tree, ref state);
        return true;
    }

    private void Run(CompiledTree tree, ref VmState st)
    {
        int start = st.Pos;
        Interlocked.Increment(ref Statistics.TraceEntries);
        int exit = tree.Run(ref st);
        int consumed = Math.Max(0, st.Pos - start);
        Interlocked.Increment(ref Statistics.Exits);
        Interlocked.Add(ref Statistics.BytesInTraces, consumed);
        tree.Bytes += consumed;
        if (++tree.Entries == _opt.JudgeAfterEntries && tree.Bytes < (long)_opt.MinBytesPerEntry * tree.Entries) Retire(tree);
        if (++tree.ExitCounts[exit] == _opt.HotExitThreshold)
            TryGrowSide(tree, exit, ref st);
    }

    // Compiled code that hands control back every few bytes costs more than it saves: back to the interpreter.
    private void Retire(CompiledTree tree)
    {
        int anchor = tree.Tree.AnchorPc;
        _aborts[anchor] = _opt.MaxAborts;
        Volatile.Write(ref _trees[anchor], null);
        Ignored[anchor] = true;
        _retired.Enqueue(tree);
        Log(TraceEventKind.Blacklisted, anchor, $"retired: {tree.Bytes / Math.Max(1, tree.Entries)} bytes per entry");
    }

    private CompiledTree? RecordRoot(int anchorPc, ref VmState st)
    {
        long t0 = Stopwatch.GetTimestamp();
        var (ir, reason) = Recorder.Root(_prog, _opt, ref st);
        if (ir is null) { Abort(anchorPc, reason); return null; }
        var tree = new TraceTree();
        tree.Traces.Add(ir);
        var compiled = CompileAndInstall(tree, t0, isSide: false);
        if (compiled is null) Abort(anchorPc, AbortReason.CompileFailed);
        return compiled;
    }

    private void TryGrowSide(CompiledTree tree, int exit, ref VmState st)
    {
        var info = tree.Exits[exit];
        if (tree.Tree.Traces.Count > _opt.MaxSideTraces) return;
        long t0 = Stopwatch.GetTimestamp();
        var (ir, reason) = Recorder.Side(_prog, _opt, tree.Tree.AnchorPc, info.HeightAfter, ref st);
        if (ir is null) { Log(TraceEventKind.Aborted, tree.Tree.AnchorPc, reason.Message()); Interlocked.Increment(ref Statistics.Aborts); return; }
        lock (_compileLock)
        {
            if (!ReferenceEquals(Volatile.Read(ref _trees[tree.Tree.AnchorPc]), tree)) return;   // replaced meanwhile
            var grown = new TraceTree();
            grown.Traces.AddRange(tree.Tree.Traces);
            foreach (var kv in tree.Tree.Links) grown.Links[kv.Key] = kv.Value;
            grown.Traces.Add(ir);
            grown.Links[(info.Trace, info.Step)] = grown.Traces.Count - 1;
            CompileAndInstall(grown, t0, isSide: true);
        }
    }

    private CompiledTree? CompileAndInstall(TraceTree tree, long t0, bool isSide)
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
        Volatile.Write(ref _trees[tree.AnchorPc], compiled);
        Interlocked.Add(ref Statistics.CompileTicks, Stopwatch.GetTimestamp() - t0);
        Interlocked.Increment(ref Statistics.Traces);
        if (isSide) Interlocked.Increment(ref Statistics.SideTraces);
        Log(isSide ? TraceEventKind.SideTrace : TraceEventKind.Compiled, tree.AnchorPc,
            $"{tree.Traces.Count} trace(s), {compiled.Exits.Length} exits, {ir.Body.Count} steps", id);
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

    private void Log(TraceEventKind kind, int anchor, string detail, int id = 0) => _opt.Log?.Invoke(new TraceEvent(kind, anchor, id, detail));

    /// <summary>The compiled trees: their trace IR and emitted IL, for people.</summary>
    public string Dump()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var t in _trees.Where(t => t is not null).Concat(_retired).Distinct())
        {
            foreach (var ir in t!.Tree.Traces) sb.Append(ir.Dump(_prog));
            sb.Append("-- IL --\n").Append(t.IlListing);
        }
        return sb.ToString();
    }
}
