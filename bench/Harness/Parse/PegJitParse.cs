// The parse workloads, PegJit side: the defs their re grammars name, and the tallies of the capture values they build.
using System.Globalization;
using System.Text;

namespace PegJit.Bench.Parse;

/// <summary>What PegJit's parse grammars (<see cref="Workloads.JsonValues"/>, <see cref="Workloads.CsvRows"/>,
/// <see cref="Workloads.Arith"/>) are compiled with, and how their results are tallied. Matching bytes, as the other
/// PegJit rows do, string captures are <c>byte[]</c> (LPeg's strings); object keys become .NET strings. The functions
/// called once a number or member are the allocation-free kinds the package README shows: text functions for numbers
/// (the matched bytes, no string made), span functions for folds (no array a call).</summary>
public static class PegJitParse
{
    /// <summary>The defs of <paramref name="w"/>'s grammar.</summary>
    public static IReadOnlyDictionary<string, object?> Defs(Workload w) => w.Name switch
    {
        "json-values" => JsonDefs,
        "csv-rows" => CsvDefs,
        "arith" => ArithDefs,
        _ => throw new ArgumentException("no parse defs for " + w.Name),
    };

    /// <summary>JSON null: a value of its own, as the Lua side's NULL, since a null would remove the member it is set to
    /// (<see cref="PegTable.Set"/>, as Lua's <c>t[k] = nil</c>) and leave a hole in an array.</summary>
    private static readonly object JsonNull = new();

    private static readonly Dictionary<string, object?> JsonDefs = new()
    {
        ["T"] = Pattern.Cc(true),
        ["F"] = Pattern.Cc(false),
        ["N"] = Pattern.Cc(JsonNull),
        // Cf's step: the table so far, then the member's group (key, value).
        ["set"] = (SpanCaptureFunction)(a =>
        {
            var t = (PegTable)a[0]!;
            t.Set(Text(a[1]), a[2]);
            return t;
        }),
        ["tonumber"] = (Utf8CaptureFunction)(t => Number(t)),
        ["esc"] = new Dictionary<string, object?>
        {
            ["\""] = "\""u8.ToArray(), ["\\"] = "\\"u8.ToArray(), ["/"] = "/"u8.ToArray(), ["b"] = "\b"u8.ToArray(),
            ["f"] = "\f"u8.ToArray(), ["n"] = "\n"u8.ToArray(), ["r"] = "\r"u8.ToArray(), ["t"] = "\t"u8.ToArray(),
        },
        // As Lua's utf8.char: the code unit's UTF-8 bytes (a lone surrogate becomes U+FFFD's, 3 bytes either way).
        ["unicode"] = (CaptureFunction)(a => Encoding.UTF8.GetBytes(((char)int.Parse(Text(a[0]), NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString())),
    };

    private static readonly Dictionary<string, object?> CsvDefs = new() { ["cr"] = Pattern.P("\r") };

    private static readonly Dictionary<string, object?> ArithDefs = new()
    {
        ["num"] = (Utf8CaptureFunction)(t => Number(t)),
        // Cf's step: the value so far, then the group (operator, operand).
        ["arith"] = (SpanCaptureFunction)(a =>
        {
            double x = (double)a[0]!, y = (double)a[2]!;
            return FirstChar(a[1]) switch { '+' => x + y, '-' => x - y, '*' => x * y, _ => x / y };
        }),
    };

    /// <summary>A capture's text: byte[] over bytes, string over strings.</summary>
    private static string Text(object? v) => v is byte[] b ? Encoding.UTF8.GetString(b) : (string)v!;

    /// <summary>The first character of a one-character capture (an operator).</summary>
    private static char FirstChar(object? v) => v is byte[] b ? (char)b[0] : ((string)v!)[0];

    private static double Number(ReadOnlySpan<byte> text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Tallies a match of <paramref name="w"/>'s grammar; the count returned is its first field.</summary>
    public static (long Count, object Tally) Tally(Workload w, MatchResult r)
    {
        if (!r.Success) throw new InvalidOperationException(w.Name + ": the grammar did not match");
        switch (w.Name)
        {
            case "json-values":
                var j = new JsonTally();
                Json(r.Value, j);
                return (j.Values, j);
            case "csv-rows":
                var c = new CsvTally();
                foreach (var row in (PegTable)r.Value!) Row((PegTable)row!, c);
                return (c.Rows, c);
            default:
                var t = ArithTally.Of(((PegTable)r.Value!).Select(v => (double)v!));
                return (t.Lines, t);
        }
    }

    private static void Json(object? v, JsonTally t)
    {
        t.Values++;
        switch (v)
        {
            case PegTable table:
                // Read without making the part a table lacks (an array has no names, an object no list).
                for (int i = 0; i < table.Count; i++) Json(table[i], t);
                foreach (var (k, x) in table.NamedEntries)
                {
                    t.StringBytes += Summaries.Utf8Bytes(k);
                    Json(x, t);
                }
                break;
            case byte[] b: t.StringBytes += b.Length; break;
            case string s: t.StringBytes += Summaries.Utf8Bytes(s); break;
            case double d: t.Numbers += d; break;
        }
    }

    private static void Row(PegTable row, CsvTally t)
    {
        t.Rows++;
        t.Fields += row.Count;
        foreach (var f in row) t.Bytes += f is byte[] b ? b.Length : Summaries.Utf8Bytes((string)f!);
    }
}
