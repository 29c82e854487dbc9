// PegJit's bytecode interpreter alone (JIT off), pattern compiled once outside the clock.
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>The interpreter.</summary>
public sealed class PegJitInterpreterRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "pegjit-interp";
    /// <inheritdoc/>
    public override string Description => "PegJit bytecode interpreter (JitMode.Off), pattern compiled before timing";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => true;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        var pattern = Re.Compile(workload.Re);
        var options = PegJitOps.Options(JitMode.Off);
        return new Operation(() => PegJitOps.Result(workload, Peg.Match(pattern, data, 0, options)));
    }
}
