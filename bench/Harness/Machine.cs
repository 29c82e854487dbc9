// What the numbers were measured on, and how the run was started: the report's provenance.
using System.Runtime.InteropServices;
using PegJit.Bench.Runtimes;

namespace PegJit.Bench;

/// <summary>The first line of results.jsonl: mode, command, date and machine.</summary>
public sealed record RunInfo
{
    /// <summary>Row type in results.jsonl.</summary>
    public string Type { get; init; } = "run";
    /// <summary>quick or full.</summary>
    public string Mode { get; init; } = "";
    /// <summary>The command that produced the results.</summary>
    public string Command { get; init; } = "";
    /// <summary>Start time, UTC, ISO 8601.</summary>
    public string StartedUtc { get; init; } = "";
    /// <summary>Protocol target per batch.</summary>
    public double TargetMs { get; init; }
    /// <summary>CPU model.</summary>
    public string Cpu { get; init; } = "";
    /// <summary>Logical processors.</summary>
    public int Cores { get; init; }
    /// <summary>Memory.</summary>
    public string Memory { get; init; } = "";
    /// <summary>Operating system and kernel.</summary>
    public string Os { get; init; } = "";
    /// <summary>dotnet SDK and runtime.</summary>
    public string Dotnet { get; init; } = "";
    /// <summary>Lua and LPeg versions, or why unavailable.</summary>
    public string Lua { get; init; } = "";
    /// <summary>Versions of grep, rg, hyperfine, gnuplot.</summary>
    public string Tools { get; init; } = "";
    /// <summary>Seconds from bench/run.sh's start (corpora, builds) to the end of the measurements; null if unknown.</summary>
    public long? WallSeconds { get; init; }
    /// <summary>Seconds the harness spent measuring.</summary>
    public long? MeasureSeconds { get; init; }

    /// <summary>Collects the machine description now.</summary>
    public static RunInfo Collect(string mode, string command, double targetMs) => new()
    {
        Mode = mode, Command = command, TargetMs = targetMs,
        StartedUtc = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        Cpu = ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores = Environment.ProcessorCount,
        Memory = ProcField("/proc/meminfo", "MemTotal") ?? "?",
        Os = $"{OsName()}, kernel {Environment.OSVersion.Version}",
        Dotnet = $"SDK {Proc.Version("dotnet", "--version") ?? "?"}, {RuntimeInformation.FrameworkDescription}",
        Lua = Runtimes.Lua.Check().Detail,
        Tools = string.Join("; ", new[]
        {
            Proc.Version("grep", "--version") ?? "grep unavailable", Proc.Version("rg", "--version") ?? "rg unavailable",
            Proc.Version("hyperfine", "--version") ?? "hyperfine unavailable", Proc.Version("gnuplot", "--version") ?? "gnuplot unavailable",
        }),
    };

    private static string? ProcField(string file, string key)
    {
        if (!File.Exists(file)) return null;
        return File.ReadLines(file).Where(l => l.StartsWith(key, StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()).FirstOrDefault();
    }

    private static string OsName() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                .Select(l => l[12..].Trim('"')).FirstOrDefault() ?? RuntimeInformation.OSDescription
            : RuntimeInformation.OSDescription;
}
