// Parlot (parser combinators, fluent API) on the parse workloads: the file decoded to a string outside the clock.
using System.Text;
using PegJit.Bench.Parse;

namespace PegJit.Bench.Runtimes;

/// <summary>Parlot's parsers of <see cref="ParlotGrammars"/> over the file as a string; the tree, rows or values they
/// return are tallied inside the operation, as every engine's are.</summary>
public sealed class ParlotRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "parlot";
    /// <inheritdoc/>
    public override string Description => "Parlot 2.2.1 fluent parsers (Deferred, Between, Separated, LeftAssociative) over the file as a string (decoded from UTF-8 before timing), building a small value tree / rows / doubles";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload.Kind == WorkloadKind.Parse;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        object last = "";
        Func<(long, object)> parse = workload.Name switch
        {
            "json-values" => () => { var t = new JsonTally(); Parsed(ParlotGrammars.Json, text).Tally(t); return (t.Values, t); },
            "csv-rows" => () => { var t = new CsvTally(); foreach (var row in Parsed(ParlotGrammars.Csv, text)) t.Row(row); return (t.Rows, t); },
            _ => () => { var t = ArithTally.Of(Parsed(ParlotGrammars.Arith, text)); return (t.Lines, t); },
        };
        return new Operation(() => { var (n, t) = parse(); last = t; return n; }, Summary: () => last.ToString()!);
    }

    private static T Parsed<T>(Parlot.Fluent.Parser<T> parser, string text) =>
        parser.TryParse(text, out var value, out var error) ? value : throw new InvalidOperationException("Parlot: " + error);
}
