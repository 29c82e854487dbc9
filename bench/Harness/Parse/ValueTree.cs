// The value tree the parser-combinator peers (Parlot, Pidgin) build from JSON, and its tally.
namespace PegJit.Bench.Parse;

/// <summary>A JSON value as the combinator peers build it (their documentation's samples build such a tree too).</summary>
internal abstract class JNode
{
    /// <summary>Adds this value and everything below it to <paramref name="t"/>.</summary>
    public abstract void Tally(JsonTally t);
}

/// <summary>An array: its elements in order.</summary>
internal sealed class JArray(IReadOnlyList<JNode> items) : JNode
{
    /// <summary>The elements.</summary>
    public IReadOnlyList<JNode> Items { get; } = items;

    /// <inheritdoc/>
    public override void Tally(JsonTally t)
    {
        t.Values++;
        foreach (var x in Items) x.Tally(t);
    }
}

/// <summary>An object: its members by key.</summary>
internal sealed class JObject(IReadOnlyDictionary<string, JNode> members) : JNode
{
    /// <summary>The members.</summary>
    public IReadOnlyDictionary<string, JNode> Members { get; } = members;

    /// <inheritdoc/>
    public override void Tally(JsonTally t)
    {
        t.Values++;
        foreach (var (k, v) in Members)
        {
            t.StringBytes += Summaries.Utf8Bytes(k);
            v.Tally(t);
        }
    }
}

/// <summary>A string, escapes decoded.</summary>
internal sealed class JString(string value) : JNode
{
    /// <summary>The text.</summary>
    public string Value { get; } = value;

    /// <inheritdoc/>
    public override void Tally(JsonTally t)
    {
        t.Values++;
        t.StringBytes += Summaries.Utf8Bytes(Value);
    }
}

/// <summary>A number.</summary>
internal sealed class JNumber(double value) : JNode
{
    /// <summary>Its value.</summary>
    public double Value { get; } = value;

    /// <inheritdoc/>
    public override void Tally(JsonTally t)
    {
        t.Values++;
        t.Numbers += Value;
    }
}

/// <summary>true, false or null.</summary>
internal sealed class JLiteral : JNode
{
    /// <summary>true.</summary>
    public static readonly JLiteral True = new(), False = new(), Null = new();

    private JLiteral() { }

    /// <inheritdoc/>
    public override void Tally(JsonTally t) => t.Values++;
}
