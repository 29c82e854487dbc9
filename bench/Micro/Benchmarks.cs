// The .NET engines under BenchmarkDotNet with MemoryDiagnoser: URL search and JSON recognition on the 5 MiB files.
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using PegJit.Bench.Runtimes;
using PegJit.Tracer;

namespace PegJit.Bench.Micro;

/// <summary>Loads a corpus file from corpora/build (or BENCH_CORPUS_DIR).</summary>
internal static class Files
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(Corpus.Directory(Paths.Repo), name));
    public static MatchOptions Options(JitMode mode) => new() { Jit = TracerOptions.Default with { Mode = mode } };
}

/// <summary>url-full over urls-5m: PegJit interpreter and JIT against .NET Regex. Each returns the match count.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class UrlSearch
{
    private byte[] _data = [];
    private string _latin1 = "";
    private Pattern _pattern = null!;
    private Regex _compiled = null!, _nonBacktracking = null!;
    private readonly MatchOptions _interp = Files.Options(JitMode.Off), _jit = Files.Options(JitMode.Auto);

    /// <summary>Loads the file and builds the patterns.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = Files.Load("urls-5m.txt");
        _latin1 = Encoding.Latin1.GetString(_data);
        _pattern = Re.Compile(Workloads.UrlFull.Re);
        var options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
        _compiled = new Regex(Workloads.UrlFull.Regex!, options | RegexOptions.Compiled);
        _nonBacktracking = new Regex(Workloads.UrlFull.Regex!, options | RegexOptions.NonBacktracking);
    }

    /// <summary>PegJit, JIT off.</summary>
    [Benchmark(Baseline = true)]
    public int PegJitInterpreter() => Count(Peg.Match(_pattern, _data, 0, _interp));

    /// <summary>PegJit, JIT on (warm after the warm-up iterations).</summary>
    [Benchmark]
    public int PegJitJit() => Count(Peg.Match(_pattern, _data, 0, _jit));

    /// <summary>Regex, compiled to IL.</summary>
    [Benchmark]
    public int RegexCompiled() => RegexMatches.Strings(_compiled, _latin1);

    /// <summary>Regex, automata engine.</summary>
    [Benchmark]
    public int RegexNonBacktracking() => RegexMatches.Strings(_nonBacktracking, _latin1);

    private static int Count(MatchResult r) => r.Value is IReadOnlyList<object?> t ? t.Count : -1;
}

/// <summary>JSON recognition over json-5m: PegJit (loops grammar) against Utf8JsonReader.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class JsonRecognition
{
    private byte[] _data = [];
    private Pattern _pattern = null!;
    private readonly MatchOptions _interp = Files.Options(JitMode.Off), _jit = Files.Options(JitMode.Auto);

    /// <summary>Loads the file and builds the pattern.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = Files.Load("json-5m.json");
        _pattern = Re.Compile(Workloads.Json.Re);
    }

    /// <summary>PegJit, JIT off.</summary>
    [Benchmark(Baseline = true)]
    public bool PegJitInterpreter() => Peg.Match(_pattern, _data, 0, _interp).Success;

    /// <summary>PegJit, JIT on.</summary>
    [Benchmark]
    public bool PegJitJit() => Peg.Match(_pattern, _data, 0, _jit).Success;

    /// <summary>Utf8JsonReader over every token.</summary>
    [Benchmark]
    public bool Utf8JsonReader()
    {
        var reader = new Utf8JsonReader(_data, new JsonReaderOptions { MaxDepth = int.MaxValue });
        while (reader.Read()) { }
        return true;
    }
}
