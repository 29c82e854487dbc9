// PegJit with the tracing JIT, warm: the pattern persists across runs, so its traces do; the first run is the warm-up.
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>The tracing JIT, steady state, with the default side-trace linking or (the alternative measured against
/// it) every side trace linked by dispatch. Validations match each line as a string.</summary>
public sealed class PegJitJitRuntime(bool dispatch = false) : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => dispatch ? "pegjit-jit-dispatch" : "pegjit-jit";
    /// <inheritdoc/>
    public override string Description => dispatch
        ? "pegjit-jit with SideTraceLinking.Dispatch: every side trace compiled alone and entered from its exit through the trace cache"
        : "PegJit tracing JIT (JitMode.Auto, default side-trace linking: inline re-emission up to MaxInlineSteps, then dispatch), warm: first run reported apart, then warmed up until it stops compiling; validations: Peg.Match(p, s).Success per string";
    /// <inheritdoc/>
    // The linking alternative is a question about the original workloads; the API and validation ones skip it.
    public override bool Applies(Workload workload, CorpusFile file) =>
        !dispatch || (!workload.Api && workload.Kind is not (WorkloadKind.Validate or WorkloadKind.Parse));

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        var pattern = PegJitOps.Compile(workload);
        var options = PegJitOps.Options(JitMode.Auto, dispatch ? SideTraceLinking.Dispatch : TracerOptions.Default.Linking);
        return PegJitOps.MatchOperation(workload, pattern, data, options) with
        {
            Jit = () => PegJitOps.Statistics(pattern, options), WarmUntilQuiet = true,
        };
    }
}
