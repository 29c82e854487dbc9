// Names in re text -> patterns and captures: predefined classes, defs values, back references.
using System.Text;
using PegJit.Vm;
using static PegJit.Pattern;

namespace PegJit.Compiler;

/// <summary>What re's names stand for: <c>%name</c> classes, values from defs, and <c>=name</c>.</summary>
internal static class ReNames
{
    /// <summary>
    /// re's predefined names: <c>%nl</c>; the C locale's classes under their long names (<c>%alpha</c>,
    /// <c>%digit</c>...) and one-letter names (<c>%a %c %d %g %l %p %s %u %w %x</c>); and the upper-case letters
    /// for the complements (<c>%A</c> is every byte not in <c>%a</c>).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Pattern> Predefined = MakePredefined();

    private static Dictionary<string, Pattern> MakePredefined()
    {
        var d = new Dictionary<string, Pattern>(StringComparer.Ordinal) { ["nl"] = P("\n") };
        foreach (var c in CharClasses.Locale) d[c.Name] = Set(c.Set);
        (string Letter, string Class)[] letters =
        [
            ("a", "alpha"), ("c", "cntrl"), ("d", "digit"), ("g", "graph"), ("l", "lower"),
            ("p", "punct"), ("s", "space"), ("u", "upper"), ("w", "alnum"), ("x", "xdigit"),
        ];
        foreach (var (letter, cls) in letters)
        {
            d[letter] = Set(CharClasses.Of(cls));
            d[letter.ToUpperInvariant()] = Set(~CharClasses.Of(cls));
        }
        return d;
    }

    private static Pattern Set(Charset set) => new(new SetNode(set));

    /// <summary>A defs value used as a pattern (<c>%name</c>), as LPeg's <c>P</c> converts it; null if it cannot be.</summary>
    public static Pattern? ToPattern(object value) => value switch
    {
        Pattern p => p,
        string s => P(s),
        byte[] b => P(b),
        int n => P(n),
        long n when n is >= int.MinValue and <= int.MaxValue => P((int)n),
        bool b => P(b),
        MatchTimeFunction f => P(f),
        _ => null,
    };

    /// <summary>
    /// <c>p -&gt; name</c> (<paramref name="op"/> '-'), <c>p =&gt; name</c> ('='), <c>p &gt;&gt; name</c> ('&gt;') and
    /// <c>p ~&gt; name</c> ('~') with the defs value of name: the pattern, or a problem when the value does not fit.
    /// </summary>
    public static (Pattern? Result, string? Problem) ApplySuffix(Pattern p, char op, string name, object value)
    {
        switch (op, value)
        {
            case ('-', string format): return (p / format, null);
            case ('-', byte[] format): return (Pattern.StringCapture(p, format), null);
            case ('-', int or long):
                long n = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                return n is >= 0 and <= short.MaxValue
                    ? (p / (int)n, null)
                    : (null, $"invalid capture number {n} for '{name}' (it must be 0..{short.MaxValue})");
            case ('-', IReadOnlyDictionary<string, object?> table): return (p / table, null);
            case ('-', CaptureFunction f): return (p / f, null);
            case ('-', SpanCaptureFunction f): return (p / f, null);
            case ('-', Utf8CaptureFunction f): return (p / f, null);
            case ('-', _): return (null, $"'{name}' is not a string, number, table or function (got {Describe(value)})");
            case ('=', MatchTimeFunction f): return (Cmt(p, f), null);
            case ('=', _): return (null, $"'{name}' is not a match-time function (got {Describe(value)})");
            case ('>', CaptureFunction f): return (p % f, null);
            case ('>', SpanCaptureFunction f): return (p % f, null);
            case ('~', CaptureFunction f): return (Cf(p, f), null);
            case ('~', SpanCaptureFunction f): return (Cf(p, f), null);
            case (_, Utf8CaptureFunction): return (null, $"'{name}' is a text function (Utf8CaptureFunction): only '->' applies one");
            default: return (null, $"'{name}' is not a capture function (got {Describe(value)})");
        }
    }

    /// <summary>A type name for messages about defs values.</summary>
    public static string Describe(object value)
    {
        string name = value.GetType().Name;
        int arity = name.IndexOf('`');
        return arity < 0 ? name : name[..arity];
    }

    /// <summary>
    /// <c>=name</c>: matches the text of the most recent group named <paramref name="name"/> (its first value,
    /// which must be a string), as re's <c>Cmt(Cb(name), equalcap)</c> does.
    /// </summary>
    public static Pattern BackReference(string name) => Pattern.CmtRaw(Cb(name), EqualCapture);

    // re's equalcap on bytes: the group's first value must be a string found at the current position.
    internal static int EqualCapture(ReadOnlySpan<byte> subject, int pos, object?[] captures)
    {
        byte[]? text = CaptureText(captures);
        if (text is null || text.Length > subject.Length - pos) return -1;
        return subject.Slice(pos, text.Length).SequenceEqual(text) ? pos + text.Length : -1;
    }

    /// <summary>The text a back-reference compares: the group's first value when it is a string, else null.</summary>
    internal static byte[]? CaptureText(object?[] captures) => captures.Length == 0 ? null : captures[0] switch
    {
        byte[] b => b,
        string s => Encoding.UTF8.GetBytes(s),
        _ => null,
    };
}
