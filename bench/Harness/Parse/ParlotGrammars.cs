// The parse workloads in Parlot's fluent API, as its documentation writes grammars: Deferred for recursion, Between,
// Separated, Terms (which skip white space before them) and Literals (which do not).
using Parlot;
using Parlot.Fluent;
using static Parlot.Fluent.Parsers;

namespace PegJit.Bench.Parse;

/// <summary>JSON to a <see cref="JNode"/> tree, CSV to rows, and an arithmetic evaluator, each a Parlot parser over a
/// string.</summary>
internal static class ParlotGrammars
{
    /// <summary>A JSON document (white space around it) to a tree; <c>Terms.String</c> decodes the escapes.</summary>
    public static readonly Parser<JNode> Json = MakeJson();

    /// <summary>CSV rows: fields split by commas, quoted fields with doubled quotes, rows ending in CRLF or LF.</summary>
    public static readonly Parser<IReadOnlyList<IReadOnlyList<string>>> Csv = MakeCsv();

    /// <summary>One value per line: + - * / left-associative, * and / binding tighter, parentheses; spaces only.</summary>
    public static readonly Parser<IReadOnlyList<double>> Arith = MakeArith();

    private static Parser<JNode> MakeJson()
    {
        var value = Deferred<JNode>();
        var text = Terms.String(StringLiteralQuotes.Double);
        var str = text.Then<JNode>(static s => new JString(s.ToString()));
        var number = Terms.Number<double>(NumberOptions.Float).Then<JNode>(static d => new JNumber(d));
        var literal = OneOf(
            Terms.Text("true").Then<JNode>(static _ => JLiteral.True),
            Terms.Text("false").Then<JNode>(static _ => JLiteral.False),
            Terms.Text("null").Then<JNode>(static _ => JLiteral.Null));
        var array = Between(Terms.Char('['), ZeroOrOne(Separated(Terms.Char(','), value)), Terms.Char(']'))
            .Then<JNode>(static items => new JArray(items.Count == 0 ? [] : items[0]));
        var member = text.And(Terms.Char(':')).And(value)
            .Then(static m => new KeyValuePair<string, JNode>(m.Item1.ToString(), m.Item3));
        var obj = Between(Terms.Char('{'), ZeroOrOne(Separated(Terms.Char(','), member)), Terms.Char('}'))
            .Then<JNode>(static m => new JObject(m.Count == 0 ? new Dictionary<string, JNode>() : new Dictionary<string, JNode>(m[0])));
        value.Parser = OneOf(obj, array, str, number, literal);
        return value.AndSkip(Literals.WhiteSpace(includeNewLines: true).Optional()).Eof();
    }

    private static Parser<IReadOnlyList<IReadOnlyList<string>>> MakeCsv()
    {
        var quote = Literals.Char('"');
        var piece = Literals.NoneOf("\"").Then(static s => s.ToString()).Or(Literals.Text("\"\"").Then(static _ => "\""));
        var quoted = Between(quote, ZeroOrMany(piece), quote).Then(static parts => parts.Count == 1 ? parts[0] : string.Concat(parts));
        var plain = Literals.NoneOf(",\"\r\n", minSize: 0).Then(static s => s.ToString());
        var row = Separated(Literals.Char(','), quoted.Or(plain));
        var eol = Literals.Text("\r\n").Or(Literals.Text("\n"));
        return ZeroOrMany(row.AndSkip(eol)).Eof();
    }

    private static Parser<IReadOnlyList<double>> MakeArith()
    {
        var expr = Deferred<double>();
        var number = Terms.Number<double>(NumberOptions.AllowLeadingSign | NumberOptions.AllowDecimalSeparator);
        var primary = number.Or(Between(Terms.Char('('), expr, Terms.Char(')')));
        var term = primary.LeftAssociative(
            (Terms.Char('*'), static (a, b) => a * b),
            (Terms.Char('/'), static (a, b) => a / b));
        expr.Parser = term.LeftAssociative(
            (Terms.Char('+'), static (a, b) => a + b),
            (Terms.Char('-'), static (a, b) => a - b));
        var line = expr.AndSkip(Literals.Char('\n'));
        return ZeroOrMany(line).WithWhiteSpaceParser(Literals.WhiteSpace(includeNewLines: false)).Eof();
    }
}
