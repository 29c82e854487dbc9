// Where things are: the repository, the results directory and its generated scripts.
namespace PegJit.Bench;

/// <summary>Locations, found from the working directory or the executable (whichever is inside the repository).</summary>
public static class Paths
{
    /// <summary>The repository root (the directory holding PegJit.sln).</summary>
    public static string Repo { get; } = FindRepo();
    /// <summary>bench/results, or <c>BENCH_RESULTS_DIR</c>.</summary>
    public static string Results { get; } =
        Environment.GetEnvironmentVariable("BENCH_RESULTS_DIR") is { Length: > 0 } d ? Path.GetFullPath(d) : Path.Combine(Repo, "bench", "results");
    /// <summary>Generated scripts (Lua) and plot data.</summary>
    public static string Gen => Path.Combine(Results, "gen");

    private static string FindRepo()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "PegJit.sln"))) return d.FullName;
        return Environment.CurrentDirectory;
    }
}
