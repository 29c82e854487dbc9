// results.jsonl: the run's provenance line, then one line per row as it is measured; the report is rebuilt from it.
using System.Text.Json;
using PegJit.Bench.Whole;

namespace PegJit.Bench;

/// <summary>Everything one run produced.</summary>
/// <param name="Info">Mode, command, machine.</param>
/// <param name="InProcess">In-process rows.</param>
/// <param name="Process">Whole-process rows.</param>
public sealed record RunResults(RunInfo Info, List<Measurement> InProcess, List<ProcessMeasurement> Process);

/// <summary>Appends rows to, and reads them back from, results.jsonl.</summary>
public static class ResultsFile
{
    /// <summary>bench/results/results.jsonl.</summary>
    public static string Path => System.IO.Path.Combine(Paths.Results, "results.jsonl");

    /// <summary>Starts a new file with the run's provenance.</summary>
    public static void Start(RunInfo info)
    {
        Directory.CreateDirectory(Paths.Results);
        File.WriteAllText(Path, JsonLine.Write(info) + "\n");
    }

    /// <summary>Closes the run: its provenance again, with the wall time (the last "run" line wins on reading).</summary>
    public static void Finish(RunInfo info, TimeSpan measuring)
    {
        long? wall = long.TryParse(Environment.GetEnvironmentVariable("BENCH_START_EPOCH"), out long start)
            ? DateTimeOffset.UtcNow.ToUnixTimeSeconds() - start : null;
        Append(info with { WallSeconds = wall, MeasureSeconds = (long)measuring.TotalSeconds });
    }

    /// <summary>Appends one row.</summary>
    public static void Append<T>(T row) => File.AppendAllText(Path, JsonLine.Write(row) + "\n");

    /// <summary>Reads a results file back (rows of unknown type are skipped).</summary>
    public static RunResults Read(string path)
    {
        RunInfo info = new();
        var inProcess = new List<Measurement>();
        var process = new List<ProcessMeasurement>();
        foreach (var line in File.ReadLines(path).Where(l => l.StartsWith('{')))
        {
            string type = JsonDocument.Parse(line).RootElement.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
            switch (type)
            {
                case "run": info = JsonSerializer.Deserialize<RunInfo>(line, JsonLine.Options)!; break;
                case "inprocess": inProcess.Add(JsonSerializer.Deserialize<Measurement>(line, JsonLine.Options)!); break;
                case "process": process.Add(JsonSerializer.Deserialize<ProcessMeasurement>(line, JsonLine.Options)!); break;
            }
        }
        return new RunResults(info, inProcess, process);
    }
}
