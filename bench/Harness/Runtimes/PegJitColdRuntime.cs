// PegJit cold: every operation compiles the re text and matches once (construction to result), JIT on or off.
using System.Diagnostics;
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>A never-seen pattern: each operation builds a new pattern (so no trace survives) and matches once with
/// the JIT on (Auto), as a caller with a new pattern would.</summary>
public class PegJitColdRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "pegjit-cold";
    /// <inheritdoc/>
    public override string Description => "PegJit cold: Re.Compile + match with JitMode.Auto in every operation";
    /// <summary>The JIT mode of the match.</summary>
    protected virtual JitMode Mode => JitMode.Auto;

    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) =>
        workload.Kind == WorkloadKind.Search && file.Bytes <= Registry.ColdMaxBytes;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        var options = PegJitOps.Options(Mode);
        Pattern? last = null;
        double constructNs = 0;
        return new Operation(
            () =>
            {
                long t = Stopwatch.GetTimestamp();
                last = Re.Compile(workload.Re);
                _ = last.Program; // the bytecode is generated on first use: part of construction
                constructNs += Stopwatch.GetElapsedTime(t).TotalNanoseconds;
                return PegJitOps.Result(workload, Peg.Match(last, data, 0, options));
            },
            () => PegJitOps.Statistics(last, options),
            () => constructNs);
    }
}

/// <summary>The same with the JIT off: separates what the JIT's presence costs a single match from construction.</summary>
public sealed class PegJitColdInterpreterRuntime : PegJitColdRuntime
{
    /// <inheritdoc/>
    public override string Name => "pegjit-cold-interp";
    /// <inheritdoc/>
    public override string Description => "PegJit cold with the JIT off: Re.Compile + match with JitMode.Off in every operation";
    /// <inheritdoc/>
    protected override JitMode Mode => JitMode.Off;
}
