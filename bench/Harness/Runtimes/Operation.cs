// One engine's operation on one file, prepared outside the clock (the .NET side of a measurement).
namespace PegJit.Bench.Runtimes;

/// <summary>What a .NET runtime times.</summary>
/// <param name="Run">One operation: match the whole file; returns the count, or 1/0 for valid/invalid (a number, so
/// that reporting allocates nothing inside the clock).</param>
/// <param name="Jit">The JIT's cumulative statistics so far, for JIT runtimes.</param>
/// <param name="ConstructNs">Cumulative time spent constructing patterns inside operations, for cold runtimes.</param>
/// <param name="WarmUntilQuiet">After the first run, keep warming up until <paramref name="Jit"/> stops compiling
/// (the warm JIT runtime: its steady state is the point).</param>
/// <param name="Calls">API calls in one operation (one per line for a validation), for per-call figures.</param>
/// <param name="Summary">A parse workload's result: the summary of the values the last run built, formatted after the
/// clock stops (<see cref="Parse.Summaries"/>); null: the number <paramref name="Run"/> returned, formatted by kind.</param>
public sealed record Operation(Func<long> Run, Func<JitReport?>? Jit = null, Func<double>? ConstructNs = null, bool WarmUntilQuiet = false,
    long Calls = 1, Func<string>? Summary = null);
