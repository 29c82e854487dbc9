// .NET Regex's counting API on the API workloads: Regex.Count and an EnumerateMatches loop (no strings built).
using System.Text;
using System.Text.RegularExpressions;

namespace PegJit.Bench.Runtimes;

/// <summary>The counterpart of <c>Peg.Count</c> and <c>Peg.EnumerateMatches</c>: <c>Regex.Count(text)</c>, or
/// <c>foreach (var m in regex.EnumerateMatches(text)) n++</c>, over the file decoded as Latin-1, with the Compiled or
/// NonBacktracking engine. Groups only group here (ExplicitCapture), as the PEG's Count evaluates no capture.</summary>
public sealed class RegexApiRuntime(RegexOptions engine, bool enumerate) : DotnetRuntime
{
    private string EngineName => engine == RegexOptions.Compiled ? "compiled" : "nonbacktracking";

    /// <inheritdoc/>
    public override string Name => $"regex-{EngineName}-{(enumerate ? "enumerate" : "count")}";
    /// <inheritdoc/>
    public override string Description => enumerate
        ? $".NET Regex ({engine}), foreach (var m in regex.EnumerateMatches(text)) n++ over Latin-1 text"
        : $".NET Regex ({engine}), regex.Count(text) over Latin-1 text";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload.Api && workload.Regex is not null;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        string text = Encoding.Latin1.GetString(data);
        var regex = new Regex(workload.Regex!, engine | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant);
        return enumerate ? new Operation(() => Enumerate(regex, text)) : new Operation(() => regex.Count(text));
    }

    private static long Enumerate(Regex regex, string text)
    {
        long n = 0;
        foreach (var m in regex.EnumerateMatches(text)) n++;
        return n;
    }
}
