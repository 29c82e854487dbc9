// A trace tree -> a compiled tree or a contained failure: the one compile routine of roots and side traces alike.
using System.Diagnostics;

namespace PegJit.Tracer;

/// <summary>
/// Compiles trace trees for one program. Whatever goes wrong while emitting IL, creating the delegate or in the
/// runtime's compilation of the method (an <see cref="InvalidProgramException"/> at its first call) only loses the
/// trace: the failure is counted as an abort and the match goes on in the interpreter. Exits at anchors hand over
/// through <c>anchors</c>, the program's (read at each compilation: the table is made when the first anchor gets hot).
/// </summary>
internal sealed class TraceCompiler(Vm.Program prog, TracerOptions opt, TraceStatistics stats, TraceLog log, Func<Anchor?[]> anchors)
{
    /// <summary>Which compiled tree each exit id belongs to.</summary>
    public ExitIds ExitIds { get; } = new();

    private int _nextTraceId;
    private readonly System.Collections.Concurrent.ConcurrentQueue<CompiledTree> _all = new();

    /// <summary>Every tree compiled, for dumps (trees replaced by inline linking are marked superseded).</summary>
    public IEnumerable<CompiledTree> All => _all;

    /// <summary>Compiles <paramref name="tree"/>, whose <paramref name="added"/> newest traces took
    /// <paramref name="recordTicks"/> to record. On failure returns null and the reason in <paramref name="error"/>.</summary>
    public CompiledTree? TryCompile(TraceTree tree, long recordTicks, bool isSide, out string? error, int added = 1)
    {
        int id = Interlocked.Increment(ref _nextTraceId);
        var ir = tree.Traces[^1];
        if (log.On)
            for (int t = tree.Traces.Count - added; t < tree.Traces.Count; t++) log.Write(TraceEventKind.Recorded, tree.AnchorPc, tree.Traces[t].Dump(prog), id);
        CompiledTree compiled;
        try
        {
            compiled = IlEmitter.Compile(tree, prog, opt, anchors());
            ExitIds.Assign(compiled);
        }
#pragma warning disable CA1031 // any failure short of a fatal one only loses this trace
        catch (Exception e) when (!IsFatal(e))
#pragma warning restore CA1031
        {
            error = $"{AbortReason.CompileFailed.Message()}: {e.GetType().Name}: {e.Message}";
            log.Write(TraceEventKind.Aborted, tree.AnchorPc, error, id);
            Interlocked.Increment(ref stats.Aborts);
            return null;
        }
        error = null;
        compiled.Phases = compiled.Phases with { RecordTicks = recordTicks };
        Count(compiled, isSide, added);
        _all.Enqueue(compiled);
        if (log.On)
            log.Write(isSide ? TraceEventKind.SideTrace : TraceEventKind.Compiled, tree.AnchorPc,
                $"{tree.Traces.Count} trace(s) in the method ({added} new), {compiled.Exits.Length} exits, {ir.Body.Length} steps; {compiled.Phases}", id);
        return compiled;
    }

    private void Count(CompiledTree compiled, bool isSide, int added)
    {
        var p = compiled.Phases;
        Interlocked.Add(ref stats.CompileTicks, p.RecordTicks + p.EmitTicks + p.DelegateTicks + p.RuntimeJitTicks);
        Interlocked.Add(ref stats.RecordTicks, p.RecordTicks);
        Interlocked.Add(ref stats.EmitTicks, p.EmitTicks);
        Interlocked.Add(ref stats.RuntimeJitTicks, p.DelegateTicks + p.RuntimeJitTicks);
        Interlocked.Add(ref stats.Traces, added);
        Interlocked.Increment(ref stats.Compilations);
        if (isSide) Interlocked.Add(ref stats.SideTraces, added);
    }

    /// <summary>Failures that leave the process in no state to go on: never caught.</summary>
    internal static bool IsFatal(Exception e) => e is OutOfMemoryException or StackOverflowException or AccessViolationException;

    /// <summary>Stopwatch ticks since <paramref name="t0"/>.</summary>
    public static long Since(long t0) => Stopwatch.GetTimestamp() - t0;
}
