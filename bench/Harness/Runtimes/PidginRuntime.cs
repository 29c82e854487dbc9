// Pidgin (parser combinators) on the parse workloads: the file decoded to a string outside the clock.
using System.Text;
using PegJit.Bench.Parse;
using Pidgin;

namespace PegJit.Bench.Runtimes;

/// <summary>Pidgin's parsers of <see cref="PidginGrammars"/> over the file as a string; what they return is tallied
/// inside the operation.</summary>
public sealed class PidginRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "pidgin";
    /// <inheritdoc/>
    public override string Description => "Pidgin 3.5.1 parsers (Rec, Between, Separated, ExpressionParser) over the file as a string (decoded from UTF-8 before timing), building a small value tree / rows / doubles";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload.Kind == WorkloadKind.Parse;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        object last = "";
        Func<(long, object)> parse = workload.Name switch
        {
            "json-values" => () => { var t = new JsonTally(); Parsed(PidginGrammars.Json, text).Tally(t); return (t.Values, t); },
            "csv-rows" => () => { var t = new CsvTally(); foreach (var row in Parsed(PidginGrammars.Csv, text)) t.Row(row); return (t.Rows, t); },
            _ => () => { var t = ArithTally.Of(Parsed(PidginGrammars.Arith, text)); return (t.Lines, t); },
        };
        return new Operation(() => { var (n, t) = parse(); last = t; return n; }, Summary: () => last.ToString()!);
    }

    private static T Parsed<T>(Parser<char, T> parser, string text)
    {
        var r = parser.Parse(text);
        return r.Success ? r.Value : throw new InvalidOperationException("Pidgin: " + r.Error);
    }
}
