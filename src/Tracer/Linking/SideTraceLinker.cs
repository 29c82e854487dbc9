// Recorded side traces -> compiled code that their exits enter: re-emitted into the root's method, or dispatched to.
namespace PegJit.Tracer;

/// <summary>A side trace recorded from exit <paramref name="Exit"/> of <paramref name="From"/> (a tree of
/// <paramref name="Anchor"/>, whose root tree was <paramref name="Root"/> when it was recorded).</summary>
internal sealed record SideRequest(Anchor Anchor, CompiledTree Root, CompiledTree From, int Exit, TraceIr Ir, long RecordTicks);

/// <summary>
/// Joins side traces to the exits they grow from, as <see cref="TracerOptions.Linking"/> says. Requests queue up while
/// a compilation runs, and the next compilation takes them all at once: a tree that grows ten side traces while one
/// re-emission is under way is re-emitted once more, not ten times. Warm-up is bounded by a few compilations of the
/// grown tree, where one compilation per side trace made it quadratic in the side traces and serial.
/// </summary>
internal sealed class SideTraceLinker(TracerOptions opt, TraceCompiler compiler, CompileScheduler scheduler)
{
    // The queue's lock is held only for moments: the matching thread takes it to queue a request. Link decisions (and
    // the compilations they make) hold the link lock, on the compiling thread alone: whether to inline depends on
    // links made before.
    private readonly object _lock = new();
    private readonly object _linkLock = new();
    private readonly List<SideRequest> _queue = new();
    private bool _draining;   // a drain is scheduled or running; it takes whatever queues up meanwhile

    /// <summary>Queues <paramref name="request"/>; <paramref name="done"/> runs once it is linked or dropped.</summary>
    public void Request(SideRequest request, Action<SideRequest> done)
    {
        lock (_lock)
        {
            _queue.Add(request);
            if (_draining) return;
            _draining = true;
        }
        scheduler.Run(request.Anchor.Pc, () => Drain(done), static () => { }, first: false);   // after new roots
    }

    // Takes the queued requests of one anchor (the first one queued) and links them in one compilation; while more
    // has come, the next anchor's turn is a job of its own. A drain that looped over the queue held the compile thread
    // for as long as requests kept coming, and roots recorded meanwhile waited behind it (json-rr's first match: four
    // roots posted 36 to 56 ms in, none compiled by its end at 104 ms). A drain that fails (the scheduler contains the
    // failure) leaves nothing pending, so that a later request schedules a new one.
    private void Drain(Action<SideRequest> done)
    {
        List<SideRequest> batch;
        lock (_lock)
        {
            if (_queue.Count == 0) { _draining = false; return; }
            batch = TakeGroup(_queue, static r => r.Anchor);
        }
        bool linked = false;
        try
        {
            LinkBatch(batch[0].Anchor, batch);
            linked = true;
        }
        finally
        {
            foreach (var r in batch) done(r);
            if (!linked) Abandon(done);
        }
        lock (_lock)
        {
            if (_queue.Count == 0) { _draining = false; return; }
        }
        scheduler.Run(batch[0].Anchor.Pc, () => Drain(done), static () => { }, first: false);
    }

    /// <summary>Removes from <paramref name="queue"/> (not empty) the items whose key is the first item's, and returns
    /// them in their order.</summary>
    internal static List<T> TakeGroup<T>(List<T> queue, Func<T, object> key)
    {
        var first = key(queue[0]);
        var group = queue.FindAll(x => ReferenceEquals(key(x), first));
        queue.RemoveAll(x => ReferenceEquals(key(x), first));
        return group;
    }

    private void Abandon(Action<SideRequest> done)
    {
        SideRequest[] left;
        lock (_lock)
        {
            left = _queue.ToArray();
            _queue.Clear();
            _draining = false;
        }
        foreach (var r in left) done(r);
    }

    // One anchor's requests: those that fit are re-emitted into its tree in one compilation, the rest dispatched.
    // Requests against a tree the anchor no longer runs (retired, or replaced by a tree not grown from it) are dropped:
    // their exits no longer exist.
    private void LinkBatch(Anchor anchor, List<SideRequest> requests)
    {
        lock (_linkLock)
        {
            var current = anchor.Tree;
            if (current is null) return;
            int room = opt.MaxSideTraces - current.SideTraces;
            var (inline, dispatch) = Split(current, requests, ref room);
            if (inline.Count > 0)
            {
                current = LinkInline(anchor, current, inline);
                if (current is null) return;
            }
            foreach (var r in dispatch) LinkByDispatch(current, r);
        }
    }

    // Which requests go inline, which by dispatch, and which are dropped (stale, already linked, or past the
    // side-trace limit).
    private (List<SideRequest> Inline, List<SideRequest> Dispatch) Split(CompiledTree current, List<SideRequest> requests, ref int room)
    {
        var inline = new List<SideRequest>();
        var dispatch = new List<SideRequest>();
        var taken = new LinkTable();   // the guards linked already, and those of requests taken so far
        taken.AddAll(current.Tree.Links);
        int steps = current.Tree.Steps();
        foreach (var r in requests)
        {
            if (room <= 0) break;
            if (!ReferenceEquals(r.From, r.Root))
            {
                // An exit of a dispatched side trace's own tree: valid while its root still runs.
                if (ReferenceEquals(r.Root, current)) { dispatch.Add(r); room--; }
                continue;
            }
            var info = r.From.Exits[r.Exit];
            if (!GrewFrom(current, r.Root) || taken.Contains(info.Trace, info.Step)) continue;
            taken.Set(info.Trace, info.Step, -1);
            // Inline while the tree is small and nothing is linked by dispatch yet (a re-emitted root would lose
            // those links); past the budget, every further side trace is dispatched.
            bool fits = opt.Linking == SideTraceLinking.Inline && !current.HasDispatchLinks
                && steps + r.Ir.Body.Length <= opt.MaxInlineSteps
                && current.RelinkedSteps + steps + r.Ir.Body.Length <= opt.MaxRelinkSteps;
            if (fits) { inline.Add(r); steps += r.Ir.Body.Length; }
            else dispatch.Add(r);
            room--;
        }
        return (inline, dispatch);
    }

    // Inline linking keeps a tree's traces and appends new ones, so a tree grown from `root` starts with root's traces
    // and every (trace, step) exit of root means the same there.
    private static bool GrewFrom(CompiledTree current, CompiledTree root)
    {
        var now = current.Tree.Traces;
        var then = root.Tree.Traces;
        if (now.Count < then.Count) return false;
        for (int i = 0; i < then.Count; i++)
            if (!ReferenceEquals(now[i], then[i])) return false;
        return true;
    }

    // The tree is re-emitted with the side traces in the same method: each guard's failure jumps into its side trace.
    // The anchor takes the new tree only if it still runs the old one (a retired anchor never gets a tree back).
    private CompiledTree? LinkInline(Anchor anchor, CompiledTree current, List<SideRequest> requests)
    {
        var grown = new TraceTree();
        grown.Traces.AddRange(current.Tree.Traces);
        grown.Links.AddAll(current.Tree.Links);
        long recordTicks = 0;
        foreach (var r in requests)
        {
            var info = r.From.Exits[r.Exit];
            grown.Traces.Add(r.Ir);
            grown.Links.Set(info.Trace, info.Step, grown.Traces.Count - 1);
            recordTicks += r.RecordTicks;
        }
        var compiled = compiler.TryCompile(grown, recordTicks, isSide: true, out _, requests.Count);
        if (compiled is null) return null;
        compiled.SideTraces = current.SideTraces + requests.Count;
        compiled.RelinkedSteps = current.RelinkedSteps + grown.Steps();
        if (anchor.Move(AnchorState.Compiled, AnchorState.Compiled, compiled, expected: current))
        {
            current.Superseded = true;
            return compiled;
        }
        compiled.Superseded = true;
        return null;
    }

    // The side trace becomes its own method, which the exit calls (with hand-over; else the exit returns to the runner,
    // which enters it). An exit of a root that
    // was re-emitted since the recording is found again in the current tree by its trace and step.
    private void LinkByDispatch(CompiledTree current, SideRequest r)
    {
        var (from, exit) = ReferenceEquals(r.From, r.Root) ? (current, ExitAt(current, r.From.Exits[r.Exit])) : (r.From, r.Exit);
        if (exit < 0 || from.Next[exit] is not null) return;
        var single = new TraceTree();
        single.Traces.Add(r.Ir);
        var side = compiler.TryCompile(single, r.RecordTicks, isSide: true, out _);
        if (side is null) return;
        current.SideTraces++;
        current.HasDispatchLinks = true;
        Volatile.Write(ref from.Next[exit], side);
        Payoff.Restart(current);   // the tree changed: judge its payoff afresh
    }

    private static int ExitAt(CompiledTree tree, ExitInfo info)
    {
        for (int i = 0; i < tree.Exits.Length; i++)
            if (tree.Exits[i] is { ToAnchor: false } e && e.Trace == info.Trace && e.Step == info.Step) return i;
        return -1;
    }
}
