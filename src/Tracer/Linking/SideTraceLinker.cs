// A recorded side trace -> compiled code that its exit enters: re-emitted into the root's method, or dispatched to.
namespace PegJit.Tracer;

/// <summary>Joins side traces to the exits they grow from, as <see cref="TracerOptions.Linking"/> says.</summary>
internal sealed class SideTraceLinker(TracerOptions opt, TraceCompiler compiler)
{
    // One link decision at a time per program: whether to inline depends on links made before.
    private readonly object _lock = new();

    /// <summary>Links <paramref name="ir"/> (recorded from exit <paramref name="exit"/> of <paramref name="from"/>, a tree
    /// of <paramref name="anchor"/> whose root tree is <paramref name="root"/>). Nothing happens when the anchor no longer
    /// runs <paramref name="root"/> (retired, or the tree replaced meanwhile).</summary>
    public void Link(Anchor anchor, CompiledTree root, CompiledTree from, int exit, TraceIr ir, long recordTicks)
    {
        lock (_lock)
        {
            if (!ReferenceEquals(anchor.Tree, root) || from.Next[exit] is not null) return;
            // Inline while the tree is small and nothing is linked by dispatch yet (a re-emitted root would lose
            // those links); past the budget, every further side trace is dispatched.
            bool inline = opt.Linking == SideTraceLinking.Inline && ReferenceEquals(from, root) && !root.HasDispatchLinks
                && root.Tree.Traces.Sum(t => t.Body.Count) + ir.Body.Count <= opt.MaxInlineSteps;
            if (inline) LinkInline(anchor, root, from.Exits[exit], ir, recordTicks);
            else LinkByDispatch(root, from, exit, ir, recordTicks);
        }
    }

    // The side trace becomes its own method; the exit returns to the runner, which enters it.
    private void LinkByDispatch(CompiledTree root, CompiledTree from, int exit, TraceIr ir, long recordTicks)
    {
        var single = new TraceTree();
        single.Traces.Add(ir);
        var side = compiler.TryCompile(single, recordTicks, isSide: true, out _);
        if (side is null) return;
        root.SideTraces++;
        root.HasDispatchLinks = true;
        Volatile.Write(ref from.Next[exit], side);
        Payoff.Restart(root);   // the tree changed: judge its payoff afresh
    }

    // The tree is re-emitted with the side trace in the same method: the guard's failure jumps into it. The anchor
    // takes the new tree only if it still runs the old one (a retired anchor never gets a tree back).
    private void LinkInline(Anchor anchor, CompiledTree root, ExitInfo info, TraceIr ir, long recordTicks)
    {
        var grown = new TraceTree();
        grown.Traces.AddRange(root.Tree.Traces);
        foreach (var kv in root.Tree.Links) grown.Links[kv.Key] = kv.Value;
        grown.Traces.Add(ir);
        grown.Links[(info.Trace, info.Step)] = grown.Traces.Count - 1;
        var compiled = compiler.TryCompile(grown, recordTicks, isSide: true, out _);
        if (compiled is null) return;
        compiled.SideTraces = root.SideTraces + 1;
        if (anchor.Move(AnchorState.Compiled, AnchorState.Compiled, compiled, expected: root)) root.Superseded = true;
        else compiled.Superseded = true;
    }
}
