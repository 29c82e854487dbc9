// Entry point: `run` the benchmarks (quick|full), rebuild the `report`, or `measure` one .NET row (child process).
using System.Diagnostics;
using System.Globalization;
using PegJit.Bench;
using PegJit.Bench.Report;
using PegJit.Bench.Runtimes;
using PegJit.Bench.Whole;

return args.FirstOrDefault() switch
{
    "run" => RunAll(new Args(args[1..])),
    "report" => WriteReport(args.Length > 1 ? args[1] : ResultsFile.Path),
    "measure" => MeasureOne(new Args(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Harness run quick|full [--workloads a,b] [--engines x,y] [--no-whole] [--target-ms N]
               Harness report [results.jsonl]
               Harness measure --engine E --workload W --file PATH --target-ms N   (one .NET row; prints a JSON line)
        """);
    return 2;
}

static int RunAll(Args a)
{
    string mode = a.Positional.FirstOrDefault() ?? "quick";
    if (mode is not ("quick" or "full")) return Usage();
    bool full = mode == "full";
    var protocol = new Protocol(a.Double("--target-ms") ?? (full ? 1000 : 250), full ? 1800 : 120);
    var workloads = a.List("--workloads") is { } wn ? wn.Select(Workloads.ByName).ToList() : Workloads.All.ToList();
    var runtimes = a.List("--engines") is { } en ? en.Select(Registry.ByName).ToList() : Registry.All.ToList();
    string corpus = Corpus.Directory(Paths.Repo);
    var clock = Stopwatch.StartNew();

    var info = RunInfo.Collect(mode, Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? "bench/run.sh " + mode, protocol.TargetMs);
    ResultsFile.Start(info);
    Log($"benchmarks ({mode}): corpus {corpus}, results {Paths.Results}, target {protocol.TargetMs} ms per batch");
    var rows = new InProcessRun(protocol, full, corpus, Log, ResultsFile.Append).Run(workloads, runtimes);
    var process = a.Flag("--no-whole") ? [] : new WholeProcess(full, Log).Run(workloads, w => Corpus.WholeProcessFiles(corpus, w.Family, full));
    process.ForEach(ResultsFile.Append);
    Log($"measured in {clock.Elapsed.TotalSeconds:F0} s");
    ResultsFile.Finish(info, clock.Elapsed);
    return WriteReport(ResultsFile.Path);
}

static int WriteReport(string path)
{
    var results = ResultsFile.Read(path);
    string report = ReportWriter.Write(results, Paths.Results);
    Log($"report: {report}");
    return 0;
}

static int MeasureOne(Args a)
{
    var runtime = Registry.ByName(a.Value("--engine")!) as DotnetRuntime
        ?? throw new ArgumentException("measure runs .NET engines only");
    var protocol = new Protocol(a.Double("--target-ms") ?? 250, 0);
    var workload = Workloads.ByName(a.Value("--workload")!);
    string file = a.Value("--file")!;
    Measurement m;
    try { m = runtime.Measure(workload, file, protocol); }
    catch (Exception e) when (e is not OutOfMemoryException)
    {
        // A failing engine is a row, not a crash: the harness shows the message.
        m = new Measurement { Error = $"{e.GetType().Name}: {e.Message}", PeakRssBytes = Timing.PeakRss() };
    }
    var info = new FileInfo(file);
    Console.WriteLine(JsonLine.Write(m with
    {
        Engine = runtime.Name, Workload = workload.Name, File = Path.GetFileNameWithoutExtension(file), FileBytes = info.Exists ? info.Length : 0,
    }));
    return 0;
}

static void Log(string line) => Console.Error.WriteLine(line);

/// <summary>A tiny argument reader: positionals, <c>--name value</c> options and flags.</summary>
internal sealed class Args(string[] args)
{
    public IEnumerable<string> Positional => args.Where((s, i) => !s.StartsWith("--", StringComparison.Ordinal)
        && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal) || IsFlag(args[i - 1])));
    public string? Value(string name) => Array.IndexOf(args, name) is int i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    public double? Double(string name) => Value(name) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : null;
    public string[]? List(string name) => Value(name)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    public bool Flag(string name) => args.Contains(name);
    private static bool IsFlag(string s) => s == "--no-whole";
}
