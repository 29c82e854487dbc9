// .NET Regex on the workload's equivalent regex, over the file decoded as Latin-1 (one char per byte, as the PEG sees it).
using System.Text;
using System.Text.RegularExpressions;

namespace PegJit.Bench.Runtimes;

/// <summary>Base of the three Regex engines; the regex is constructed outside the clock. Like the PEG's table
/// capture, a search returns the list of matched strings (its length is the result), or for an item with captures
/// the list of its groups' strings per match; a validation calls <c>IsMatch</c> on each line.</summary>
public abstract class RegexRuntime : DotnetRuntime
{
    /// <summary>The engine's options (None, Compiled or NonBacktracking).</summary>
    protected abstract RegexOptions Engine { get; }

    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload.Regex is not null;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        // Latin-1 keeps indices equal to byte offsets. The groups only group (ExplicitCapture spares the engines
        // from recording them, as the PEG records nothing but the match), unless the item captures too.
        var options = Engine | RegexOptions.CultureInvariant | (workload.Captures ? 0 : RegexOptions.ExplicitCapture);
        var regex = new Regex(workload.Regex!, options);
        if (workload.Kind == WorkloadKind.Validate)
        {
            string[] lines = Validation.Lines(data);
            return new Operation(() => MatchedLines(regex, lines), Calls: lines.Length);
        }
        string text = Encoding.Latin1.GetString(data);
        return workload.Captures
            ? new Operation(() => RegexMatches.Groups(regex, text))
            : new Operation(() => RegexMatches.Strings(regex, text));
    }

    private static long MatchedLines(Regex regex, string[] lines)
    {
        long n = 0;
        foreach (string s in lines)
            if (regex.IsMatch(s)) n++;
        return n;
    }
}

/// <summary>The backtracking interpreter.</summary>
public sealed class RegexInterpretedRuntime : RegexRuntime
{
    /// <inheritdoc/>
    public override string Name => "regex-interp";
    /// <inheritdoc/>
    public override string Description => ".NET Regex, interpreted (RegexOptions.None), over Latin-1 text; validations: IsMatch per string";
    /// <inheritdoc/>
    protected override RegexOptions Engine => RegexOptions.None;
}

/// <summary>The backtracking engine compiled to IL.</summary>
public sealed class RegexCompiledRuntime : RegexRuntime
{
    /// <inheritdoc/>
    public override string Name => "regex-compiled";
    /// <inheritdoc/>
    public override string Description => ".NET Regex, RegexOptions.Compiled, over Latin-1 text; validations: IsMatch per string";
    /// <inheritdoc/>
    protected override RegexOptions Engine => RegexOptions.Compiled;
}

/// <summary>The automata engine.</summary>
public sealed class RegexNonBacktrackingRuntime : RegexRuntime
{
    /// <inheritdoc/>
    public override string Name => "regex-nonbacktracking";
    /// <inheritdoc/>
    public override string Description => ".NET Regex, RegexOptions.NonBacktracking, over Latin-1 text; validations: IsMatch per string";
    /// <inheritdoc/>
    protected override RegexOptions Engine => RegexOptions.NonBacktracking;
}
