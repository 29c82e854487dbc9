// PegJit's bytecode interpreter alone (JIT off), pattern compiled once outside the clock.
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>The interpreter: <c>Peg.Match</c> over the file (search idiom, recognition) or over each line (validation).</summary>
public sealed class PegJitInterpreterRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "pegjit-interp";
    /// <inheritdoc/>
    public override string Description => "PegJit bytecode interpreter (JitMode.Off), pattern compiled before timing; validations: Peg.Match(p, s).Success per string";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => true;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data) =>
        PegJitOps.MatchOperation(workload, PegJitOps.Compile(workload), data, PegJitOps.Options(JitMode.Off));
}
