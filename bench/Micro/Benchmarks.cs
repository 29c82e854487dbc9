// The .NET engines under BenchmarkDotNet with MemoryDiagnoser: URL search, the search API, validation of short strings
// and JSON recognition.
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

/// <summary>The search API over urls-5m on the densest shape (quoted strings: about 23,000 matches per MB, so per-match
/// cost shows): Peg.Count, EnumerateMatches and Matches against Regex.Count. Each returns the match count.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SearchApi
{
    private byte[] _data = [];
    private string _latin1 = "";
    private Pattern _item = null!;
    private Regex _compiled = null!, _nonBacktracking = null!;
    private readonly MatchOptions _interp = Files.Options(JitMode.Off), _jit = Files.Options(JitMode.Auto);

    /// <summary>Loads the file and builds the patterns.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _data = Files.Load("urls-5m.txt");
        _latin1 = Encoding.Latin1.GetString(_data);
        _item = Re.Compile(Workloads.Quoted.Item!);
        var options = RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant;
        _compiled = new Regex(Workloads.Quoted.Regex!, options | RegexOptions.Compiled);
        _nonBacktracking = new Regex(Workloads.Quoted.Regex!, options | RegexOptions.NonBacktracking);
    }

    /// <summary>Peg.Count over bytes, JIT off.</summary>
    [Benchmark]
    public int PegCountInterpreter() => Peg.Count(_item, _data, 0, _interp);

    /// <summary>Peg.Count over bytes, JIT on.</summary>
    [Benchmark]
    public int PegCount() => Peg.Count(_item, _data, 0, _jit);

    /// <summary>Peg.EnumerateMatches over bytes, JIT on.</summary>
    [Benchmark]
    public int PegEnumerateMatches()
    {
        int n = 0;
        foreach (var m in Peg.EnumerateMatches(_item, _data, 0, _jit)) n++;
        return n;
    }

    /// <summary>Peg.Matches over bytes, JIT on.</summary>
    [Benchmark]
    public int PegMatches() => Peg.Matches(_item, _data, 0, _jit).Count;

    /// <summary>Regex.Count, compiled to IL.</summary>
    [Benchmark(Baseline = true)]
    public int RegexCountCompiled() => _compiled.Count(_latin1);

    /// <summary>Regex.Count, automata engine.</summary>
    [Benchmark]
    public int RegexCountNonBacktracking() => _nonBacktracking.Count(_latin1);
}

/// <summary>Anchored e-mail validation of the 1,000,000 generated short strings: Peg.Match(p, s).Success against
/// Regex.IsMatch. Each returns how many are valid.</summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class ShortInputValidation
{
    private string[] _lines = [];
    private Pattern _pattern = null!;
    private Regex _compiled = null!;
    private readonly MatchOptions _jit = Files.Options(JitMode.Auto);

    /// <summary>Generates (or reuses) the inputs and builds the patterns.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _lines = Validation.Lines(File.ReadAllBytes(ShortInputs.File().Path));
        _pattern = Re.Compile(Workloads.ValidateEmail.Re);
        _compiled = new Regex(Workloads.ValidateEmail.Regex!, RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    /// <summary>PegJit, JIT on.</summary>
    [Benchmark]
    public int PegMatch()
    {
        int n = 0;
        foreach (string s in _lines)
            if (Peg.Match(_pattern, s, 0, _jit).Success) n++;
        return n;
    }

    /// <summary>Regex, compiled.</summary>
    [Benchmark(Baseline = true)]
    public int RegexIsMatch()
    {
        int n = 0;
        foreach (string s in _lines)
            if (_compiled.IsMatch(s)) n++;
        return n;
    }
}
