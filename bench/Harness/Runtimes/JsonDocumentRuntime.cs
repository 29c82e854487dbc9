// System.Text.Json's JsonDocument on the JSON parse workload: parse, then walk every element so nothing stays lazy.
using System.Text.Json;
using PegJit.Bench.Parse;

namespace PegJit.Bench.Runtimes;

/// <summary><c>JsonDocument.Parse</c> over the bytes, then a walk reading every value: numbers with
/// <c>GetDouble</c>, strings and property names decoded (<c>GetString</c>, <c>Name</c>).</summary>
public sealed class JsonDocumentRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "jsondocument";
    /// <inheritdoc/>
    public override string Description => "System.Text.Json JsonDocument.Parse, then a walk decoding every string, name and number";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload == Workloads.JsonValues;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        // The default MaxDepth is 64; the grammars have no depth limit.
        var options = new JsonDocumentOptions { MaxDepth = 100_000 };
        var last = new JsonTally();
        return new Operation(() =>
        {
            var t = new JsonTally();
            using (var doc = JsonDocument.Parse(data, options)) Walk(doc.RootElement, t);
            last = t;
            return t.Values;
        }, Summary: () => last.ToString());
    }

    private static void Walk(JsonElement e, JsonTally t)
    {
        t.Values++;
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    t.StringBytes += Summaries.Utf8Bytes(p.Name);
                    Walk(p.Value, t);
                }
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Walk(x, t);
                break;
            case JsonValueKind.String: t.StringBytes += Summaries.Utf8Bytes(e.GetString()!); break;
            case JsonValueKind.Number: t.Numbers += e.GetDouble(); break;
        }
    }
}
