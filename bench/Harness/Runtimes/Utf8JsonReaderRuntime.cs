// System.Text.Json's Utf8JsonReader: reads (and so validates) every token of the file.
using System.Text.Json;

namespace PegJit.Bench.Runtimes;

/// <summary>The reference JSON recognizer of .NET.</summary>
public sealed class Utf8JsonReaderRuntime : DotnetRuntime
{
    /// <inheritdoc/>
    public override string Name => "utf8jsonreader";
    /// <inheritdoc/>
    public override string Description => "System.Text.Json Utf8JsonReader reading every token (MaxDepth raised for deep nesting)";
    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) => workload.Kind == WorkloadKind.Recognize;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        // The default MaxDepth is 64; the PEG grammars have no depth limit, so neither does this reader.
        var options = new JsonReaderOptions { MaxDepth = int.MaxValue };
        return new Operation(() => Tokens(data, options) > 0 ? 1 : 0);
    }

    // The number of tokens read, or 0 when the document is invalid (the reader throws at the first error).
    private static long Tokens(byte[] data, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(data, options);
        long tokens = 0;
        try
        {
            while (reader.Read()) tokens++;
            return tokens;
        }
        catch (JsonException) { return 0; }
    }
}
