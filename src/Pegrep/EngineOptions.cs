// --engine (and --trace-log's event callback) -> the one TracerOptions record every match of a run shares.
using PegJit;
using System.Runtime.CompilerServices;
using PegJit.Tracer;

namespace Pegrep;

/// <summary>
/// The JIT settings of a run. A pattern keeps its JIT state (hot counters, compiled traces, statistics) per
/// <see cref="TracerOptions"/> value, the log delegate included, so a run makes one record here and passes that same
/// record to every match: a new one per line or per file would start the JIT afresh each time.
/// </summary>
internal static class EngineOptions
{
    /// <summary>The tracer options for <paramref name="engine"/>; <paramref name="log"/> receives the trace events (none with interp).</summary>
    public static TracerOptions For(EngineChoice engine, Action<TraceEvent>? log) => engine switch
    {
        EngineChoice.Interp => TracerOptions.Default with { Mode = JitMode.Off },
        EngineChoice.Jit => TracerOptions.Default with { Mode = JitMode.Always, Log = log },
        _ => log is null ? TracerOptions.Default : TracerOptions.Default with { Log = log },
    };

    /// <summary>What <paramref name="options"/> do, in words, for the trace log's header.</summary>
    public static string Describe(TracerOptions options) => options.Mode switch
    {
        _ when options.Mode != JitMode.Off && !RuntimeFeature.IsDynamicCodeCompiled =>
            "dynamic code cannot be compiled in this process: the interpreter runs alone",
        JitMode.Off => "the interpreter runs alone: no trace is recorded",
        JitMode.Always => "every loop is recorded and compiled the first time it is reached",
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"loops are recorded and compiled once hot: {options.HotThreshold} visits over the run"),
    };

    /// <summary>"no JIT activity" and why, or null when there was some: a trace recorded, or a recording aborted
    /// (then <paramref name="statistics"/> is not null).</summary>
    public static string? NoActivity(TracerOptions options, PegJit.JitStatistics? statistics) =>
        options.Mode == JitMode.Off ? "no JIT activity (the interpreter ran alone)"
        : statistics is null ? "no JIT activity"
        : statistics is { Traces: 0, Aborts: 0 } ? "no JIT activity" +
          (options.Mode == JitMode.Auto ? $" (no loop reached {options.HotThreshold} visits)" : "")
        : null;
}
