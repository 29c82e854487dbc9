// The parse workloads in Pidgin, as its documentation's JSON example writes them: a token helper skipping white
// space after each token, Rec for recursion, Between, Separated, Select into a tree; ExpressionParser for arithmetic.
using Pidgin;
using Pidgin.Expression;
using static Pidgin.Parser;
using static Pidgin.Parser<char>;

namespace PegJit.Bench.Parse;

/// <summary>JSON to a <see cref="JNode"/> tree, CSV to rows, and an arithmetic evaluator, each a Pidgin parser over a
/// string.</summary>
internal static class PidginGrammars
{
    private static Parser<char, T> Tok<T>(Parser<char, T> p) => p.Before(SkipWhitespaces);
    private static Parser<char, char> Tok(char c) => Tok(Char(c));

    /// <summary>A JSON document to a tree, escapes decoded.</summary>
    public static readonly Parser<char, JNode> Json = MakeJson();

    /// <summary>CSV rows: fields split by commas, quoted fields with doubled quotes, rows ending in CRLF or LF.</summary>
    public static readonly Parser<char, List<List<string>>> Csv = MakeCsv();

    /// <summary>One value per line: + - * / left-associative, * and / binding tighter, parentheses; spaces only.</summary>
    public static readonly Parser<char, List<double>> Arith = MakeArith();

    private static char Unescape(char c) => c switch
    {
        'b' => '\b', 'f' => '\f', 'n' => '\n', 'r' => '\r', 't' => '\t',
        _ => c,
    };

    private static Parser<char, JNode> MakeJson()
    {
        var hex = Token(Uri.IsHexDigit).RepeatString(4).Select(static h => (char)Convert.ToInt32(h, 16));
        var escape = Char('\\').Then(Char('u').Then(hex).Or(OneOf("\"\\/bfnrt").Select(Unescape)));
        var str = AnyCharExcept('"', '\\').Or(escape).ManyString().Between(Char('"'));
        Parser<char, JNode> value = null!;
        var rec = Rec(() => value);
        var array = rec.Separated(Tok(',')).Between(Tok('['), Tok(']'))
            .Select<JNode>(static items => new JArray(items.ToList()));
        var member = Map(static (k, _, v) => new KeyValuePair<string, JNode>(k, v), Tok(str), Tok(':'), rec);
        var obj = member.Separated(Tok(',')).Between(Tok('{'), Tok('}'))
            .Select<JNode>(static m => new JObject(new Dictionary<string, JNode>(m)));
        value = OneOf(
            obj, array,
            Tok(str).Select<JNode>(static s => new JString(s)),
            Tok(Real).Select<JNode>(static d => new JNumber(d)),
            Tok(String("true")).ThenReturn<JNode>(JLiteral.True),
            Tok(String("false")).ThenReturn<JNode>(JLiteral.False),
            Tok(String("null")).ThenReturn<JNode>(JLiteral.Null));
        return SkipWhitespaces.Then(value).Before(End);
    }

    private static Parser<char, List<List<string>>> MakeCsv()
    {
        var quoted = AnyCharExcept('"').Or(Try(String("\"\"")).ThenReturn('"')).ManyString().Between(Char('"'));
        var plain = AnyCharExcept(',', '"', '\r', '\n').ManyString();
        var row = quoted.Or(plain).Separated(Char(',')).Select(static fields => fields.ToList());
        var eol = String("\r\n").Or(String("\n"));
        return row.Before(eol).Many().Select(static rows => rows.ToList()).Before(End);
    }

    private static Parser<char, List<double>> MakeArith()
    {
        var spaces = Char(' ').SkipMany();
        Parser<char, T> T<T>(Parser<char, T> p) => p.Before(spaces);
        Parser<char, Func<double, double, double>> Op(char c, Func<double, double, double> f) => T(Char(c)).ThenReturn(f);
        var expr = ExpressionParser.Build<char, double>(
            e => OneOf(T(Real), e.Between(T(Char('(')), T(Char(')')))),
            [
                [Operator.InfixL(Op('*', static (a, b) => a * b)), Operator.InfixL(Op('/', static (a, b) => a / b))],
                [Operator.InfixL(Op('+', static (a, b) => a + b)), Operator.InfixL(Op('-', static (a, b) => a - b))],
            ]);
        return spaces.Then(expr).Before(Char('\n')).Many().Select(static v => v.ToList()).Before(End);
    }
}
