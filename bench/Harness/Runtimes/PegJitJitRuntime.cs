// PegJit with the tracing JIT, warm: the pattern persists across runs, so its traces do; the first run is the warm-up.
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>The tracing JIT, steady state.</summary>
public sealed class PegJitJitRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "pegjit-jit";
    /// <inheritdoc/>
    public override string Description => "PegJit tracing JIT (JitMode.Auto), warm: first run reported apart, then warmed up until it stops compiling";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => true;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        var pattern = Re.Compile(workload.Re);
        var options = PegJitOps.Options(JitMode.Auto);
        return new Operation(
            () => PegJitOps.Result(workload, Peg.Match(pattern, data, 0, options)),
            () => PegJitOps.Statistics(pattern, options),
            WarmUntilQuiet: true);
    }
}
