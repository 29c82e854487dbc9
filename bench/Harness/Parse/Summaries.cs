// Parsed values -> the one-line summary each engine of a parse workload reports, the same text from every engine.
using System.Globalization;
using System.Text;

namespace PegJit.Bench.Parse;

/// <summary>The summaries the parse workloads compare across engines. Every engine walks what it built inside the
/// operation (so nothing lazily built is skipped) and formats the totals after the clock; <c>parse_defs.lua</c> formats
/// the same fields with the same precision. Sums are rounded (JSON to 0.1, arithmetic to 0.001) because LPeg's tables
/// visit members in hash order and so add the numbers in another order.</summary>
public static class Summaries
{
    /// <summary>Bytes of a string value as LPeg counts a Lua string: its UTF-8 length.</summary>
    public static int Utf8Bytes(string s) => Encoding.UTF8.GetByteCount(s);
}

/// <summary>A JSON tree's totals: values (containers, strings, numbers, literals; not keys), the sum of the numbers,
/// and the UTF-8 bytes of every string, keys included.</summary>
internal sealed class JsonTally
{
    /// <summary>Values seen.</summary>
    public long Values;
    /// <summary>Sum of the numbers.</summary>
    public double Numbers;
    /// <summary>String bytes, keys included.</summary>
    public long StringBytes;

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"values={Values} numbers={Numbers:F1} strings={StringBytes}");
}

/// <summary>CSV totals: rows, fields, and the UTF-8 bytes of the fields' values (quotes removed, doubled quotes single).</summary>
internal sealed class CsvTally
{
    /// <summary>Rows seen.</summary>
    public long Rows;
    /// <summary>Fields seen.</summary>
    public long Fields;
    /// <summary>Bytes of the field values.</summary>
    public long Bytes;

    /// <summary>Adds one row.</summary>
    public void Row(IReadOnlyList<string> fields)
    {
        Rows++;
        Fields += fields.Count;
        foreach (string f in fields) Bytes += Summaries.Utf8Bytes(f);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"rows={Rows} fields={Fields} bytes={Bytes}");
}

/// <summary>An evaluator's totals: lines evaluated and the sum of their values, in line order (the same additions
/// everywhere, so equal to the last bit).</summary>
internal sealed class ArithTally
{
    /// <summary>Lines seen.</summary>
    public long Lines;
    /// <summary>Sum of their values.</summary>
    public double Sum;

    /// <summary>Adds the values of every line.</summary>
    public static ArithTally Of(IEnumerable<double> values)
    {
        var t = new ArithTally();
        foreach (double v in values) { t.Lines++; t.Sum += v; }
        return t;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"lines={Lines} sum={Sum:F3}");
}
