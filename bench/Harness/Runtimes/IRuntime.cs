// The one interface every engine implements: check the tool, generate what it runs, time it, report one line.
using System.Text.RegularExpressions;

namespace PegJit.Bench.Runtimes;

/// <summary>Whether a runtime's tool is installed.</summary>
/// <param name="Ok">It can run.</param>
/// <param name="Detail">Its version when it can; else what is missing.</param>
public sealed record Availability(bool Ok, string Detail);

/// <summary>An engine, as the harness sees it. A new engine is one new class implementing this (and listing
/// itself in <see cref="Registry"/>).</summary>
public interface IRuntime
{
    /// <summary>Row name, e.g. <c>pegjit-jit</c>.</summary>
    string Name { get; }
    /// <summary>One line for the report's legend.</summary>
    string Description { get; }
    /// <summary>Whether this engine has a row for the workload and file (e.g. Regex has no JSON grammar).</summary>
    bool Applies(Workload workload, CorpusFile file);
    /// <summary>Checks the tool once; an unavailable runtime gets rows saying so, never a crash.</summary>
    Availability Check();
    /// <summary>Times the workload over the file following <paramref name="protocol"/>.</summary>
    Measurement Run(Workload workload, CorpusFile file, Protocol protocol);
}

/// <summary>Every runtime, in report order.</summary>
public static class Registry
{
    /// <summary>All runtimes.</summary>
    public static readonly IReadOnlyList<IRuntime> All =
    [
        new LpegRuntime(), new LpegCountRuntime(), new LpegMaxStackRuntime(), new LpegColdRuntime(),
        new PegJitInterpreterRuntime(), new PegJitJitRuntime(), new PegJitJitRuntime(dispatch: true), new PegJitColdRuntime(), new PegJitColdInterpreterRuntime(),
        .. Enum.GetValues<PegApi>().Select(a => new PegJitApiRuntime(a)),
        new RegexInterpretedRuntime(), new RegexCompiledRuntime(), new RegexNonBacktrackingRuntime(),
        new RegexApiRuntime(RegexOptions.Compiled, enumerate: false), new RegexApiRuntime(RegexOptions.Compiled, enumerate: true),
        new RegexApiRuntime(RegexOptions.NonBacktracking, enumerate: false), new RegexApiRuntime(RegexOptions.NonBacktracking, enumerate: true),
        new Utf8JsonReaderRuntime(), new JsonDocumentRuntime(), new ParlotRuntime(), new PidginRuntime(),
    ];

    /// <summary>The runtime named <paramref name="name"/>.</summary>
    public static IRuntime ByName(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new ArgumentException("unknown engine " + name);

    /// <summary>Whether <paramref name="engine"/> is one of the search-API rows (Count, EnumerateMatches, Matches, Find;
    /// LPeg's counting fold), which the report shows in their own tables.</summary>
    public static bool IsApi(string engine) =>
        All.FirstOrDefault(r => r.Name == engine) is PegJitApiRuntime or RegexApiRuntime or LpegCountRuntime;

    /// <summary>Cold runtimes (pattern construction to result) run only on files up to this size: the question they
    /// answer is the never-seen pattern on a small input.</summary>
    public const long ColdMaxBytes = 512 * 1024;
}
