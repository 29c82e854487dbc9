// The protocol every runtime follows, and the one JSON line each measurement becomes.
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PegJit.Bench;

/// <summary>How every runtime times a workload: one warm-up run (its time kept as the first run), then batches
/// of 1, 2, 4... operations until one batch takes at least <see cref="TargetMs"/>; the last batch is reported.
/// The clock (monotonic; os.clock in Lua) surrounds the matches only, never loading or compiling.</summary>
/// <param name="TargetMs">Minimum duration of the reported batch.</param>
/// <param name="TimeoutSeconds">A runtime's process is killed after this long and the row marked failed.</param>
/// <param name="SettleBudgetMs">How long the warm JIT may keep warming up until it stops compiling.</param>
public sealed record Protocol(double TargetMs, int TimeoutSeconds, double SettleBudgetMs = 10_000);

/// <summary>Status of a row.</summary>
public static class Status
{
    /// <summary>Measured.</summary>
    public const string Ok = "ok";
    /// <summary>The engine ran and failed (an error such as LPeg's stack overflow, a crash, a timeout).</summary>
    public const string Failed = "failed";
    /// <summary>The engine's tool is not installed.</summary>
    public const string Unavailable = "unavailable";
    /// <summary>The input file does not exist.</summary>
    public const string Missing = "missing";
}

/// <summary>What the tracing JIT did, from <c>JitDiagnostics.Statistics</c>.</summary>
public sealed record JitReport
{
    /// <summary>Recording and compiling time spent during the warm-up run.</summary>
    public double CompileMsFirstRun { get; init; }
    /// <summary>Recording and compiling time inside the reported batch (non-zero: the JIT had not settled).</summary>
    public double CompileMsMeasured { get; init; }
    /// <summary>Recording and compiling time over the whole measurement.</summary>
    public double CompileMsTotal { get; init; }
    /// <summary>Traces compiled (roots and side traces).</summary>
    public int Traces { get; init; }
    /// <summary>Side traces among them.</summary>
    public int SideTraces { get; init; }
    /// <summary>Recordings abandoned.</summary>
    public int Aborts { get; init; }
    /// <summary>Entries into compiled traces.</summary>
    public long TraceEntries { get; init; }
    /// <summary>Subject bytes consumed inside compiled traces.</summary>
    public long BytesInTraces { get; init; }
    /// <summary>Subject bytes matched in all (for the share matched by traces).</summary>
    public long BytesMatched { get; init; }
}

/// <summary>One row: an engine timing a workload over a file. Runtimes print the measured fields as one JSON line
/// (<c>iterations, total_ns, ns_per_op, bytes_per_sec, peak_rss_bytes, first_ns, result, error</c>); the harness
/// adds the identification and status.</summary>
public sealed record Measurement
{
    /// <summary>Row type in results.jsonl.</summary>
    public string Type { get; init; } = "inprocess";
    /// <summary>Runtime name.</summary>
    public string Engine { get; init; } = "";
    /// <summary>Workload name.</summary>
    public string Workload { get; init; } = "";
    /// <summary>Corpus file label.</summary>
    public string File { get; init; } = "";
    /// <summary>Its size.</summary>
    public long FileBytes { get; init; }
    /// <summary>See <see cref="Bench.Status"/>.</summary>
    public string Status { get; init; } = Bench.Status.Ok;
    /// <summary>Why the row failed or is unavailable.</summary>
    public string? Error { get; init; }
    /// <summary>Operations in the reported batch.</summary>
    public long Iterations { get; init; }
    /// <summary>Duration of the reported batch.</summary>
    public double TotalNs { get; init; }
    /// <summary>Per operation.</summary>
    public double NsPerOp { get; init; }
    /// <summary>File bytes per second.</summary>
    public double BytesPerSec { get; init; }
    /// <summary>The warm-up run (for the JIT: its warm-up; for cold runtimes the same as an operation).</summary>
    public double FirstNs { get; init; }
    /// <summary>Runs after the first, before the batches, until the JIT stopped compiling (warm JIT only).</summary>
    public int? WarmupRuns { get; init; }
    /// <summary>Their total time.</summary>
    public double? WarmupNs { get; init; }
    /// <summary>Whether the JIT stopped compiling within the settle budget.</summary>
    public bool? WarmupSettled { get; init; }
    /// <summary>Peak resident set of the measuring process (VmHWM).</summary>
    public long PeakRssBytes { get; init; }
    /// <summary>Managed bytes allocated per operation (.NET runtimes only).</summary>
    public double? AllocBytesPerOp { get; init; }
    /// <summary>API calls per operation when more than one (a validation: one per line); per-call figures divide by it.</summary>
    public long? CallsPerOp { get; init; }
    /// <summary>Pattern construction (re text to bytecode) per operation, inside it (cold runtimes only).</summary>
    public double? ConstructNsPerOp { get; init; }
    /// <summary>count=N, valid or invalid: compared across engines.</summary>
    public string? Result { get; init; }
    /// <summary>The tracing JIT's statistics (PegJit JIT runtimes only).</summary>
    public JitReport? Jit { get; init; }

    /// <summary>Megabytes (10^6 bytes) per second.</summary>
    [JsonIgnore] public double MBps => BytesPerSec / 1e6;
    /// <summary>Whether it was measured.</summary>
    [JsonIgnore] public bool IsOk => Status == Bench.Status.Ok;
}

/// <summary>The JSON shape of results.jsonl and of runtimes' output lines.</summary>
public static class JsonLine
{
    /// <summary>snake_case, one line, nulls omitted.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Serializes one row.</summary>
    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The last line of <paramref name="output"/> that parses as a <typeparamref name="T"/> object.</summary>
    public static T? LastObject<T>(string output) where T : class
    {
        foreach (var line in output.Split('\n').Reverse())
        {
            var t = line.Trim();
            if (!t.StartsWith('{')) continue;
            try { return JsonSerializer.Deserialize<T>(t, Options); }
            catch (JsonException) { }
        }
        return null;
    }
}
