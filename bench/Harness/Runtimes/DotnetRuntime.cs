// .NET engines: the harness re-launches itself (`measure`) per row, and the child prepares and times the operation.
namespace PegJit.Bench.Runtimes;

/// <summary>Base of the .NET runtimes. Each row runs in a fresh child process so that JIT state, GC heaps and
/// tiering never leak from one engine or file to the next; the child prints one JSON line.</summary>
public abstract class DotnetRuntime : IRuntime
{
    /// <inheritdoc/>
    public abstract string Name { get; }
    /// <inheritdoc/>
    public abstract string Description { get; }
    /// <inheritdoc/>
    public abstract bool Applies(Workload workload, CorpusFile file);

    /// <summary>Child side: builds the operation from the file's bytes (compiling patterns here, outside the clock,
    /// unless the runtime measures construction).</summary>
    public abstract Operation Prepare(Workload workload, byte[] data);

    /// <inheritdoc/>
    public Availability Check() => new(true, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription);

    /// <inheritdoc/>
    public Measurement Run(Workload workload, CorpusFile file, Protocol protocol)
    {
        string[] args = ["measure", "--engine", Name, "--workload", workload.Name, "--file", file.Path,
            "--target-ms", protocol.TargetMs.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        var (exe, prefix) = SelfCommand();
        var r = Proc.Run(exe, prefix.Concat(args), protocol.TimeoutSeconds);
        return ChildResult.Parse(r, protocol);
    }

    /// <summary>Child side: loads the file, prepares, measures.</summary>
    public Measurement Measure(Workload workload, string path, Protocol protocol)
    {
        byte[] data = File.ReadAllBytes(path);
        return Timing.Measure(workload, Prepare(workload, data), data.Length, protocol);
    }

    // Launched as `dotnet Harness.dll` or as the apphost: re-launch the same way.
    private static (string Exe, string[] Prefix) SelfCommand()
    {
        string host = Environment.ProcessPath ?? "dotnet";
        string dll = typeof(DotnetRuntime).Assembly.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" ? (host, [dll]) : (host, []);
    }
}

/// <summary>Turns a runtime process's outcome into a row: its JSON line, or a failure saying why.</summary>
public static class ChildResult
{
    /// <summary>Parses the last JSON line; a timeout, a crash or a missing line is a failed row.</summary>
    public static Measurement Parse(ProcResult r, Protocol protocol)
    {
        if (r.TimedOut) return Failed($"timed out after {protocol.TimeoutSeconds} s");
        var m = JsonLine.LastObject<Measurement>(r.Stdout);
        if (m is null) return Failed($"exit {r.ExitCode}, no result line: {r.StderrTail()}");
        if (m.Error is not null) return m with { Status = Status.Failed };
        return r.ExitCode == 0 ? m with { Status = Status.Ok } : m with { Status = Status.Failed, Error = $"exit {r.ExitCode}: {r.StderrTail()}" };
    }

    private static Measurement Failed(string why) => new() { Status = Status.Failed, Error = why };
}
