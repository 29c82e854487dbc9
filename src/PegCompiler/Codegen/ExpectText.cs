// Tree nodes, charsets and literal bytes -> the words of a failure report: 'true', [0-9], [^"\], any character, value.
using System.Globalization;
using System.Text;
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>How a report names what a pattern expected. Re-like text, so a reader of a grammar recognizes it.</summary>
internal static class ExpectText
{
    public const string AnyCharacter = "any character";
    public const string EndOfInput = "end of input";

    /// <summary>A literal, quoted as re quotes it: <c>'true'</c>, or <c>"it's"</c> when it holds a single quote.</summary>
    public static string Literal(ReadOnlySpan<byte> bytes)
    {
        string text = System.Text.Unicode.Utf8.IsValid(bytes) ? Escape(Encoding.UTF8.GetString(bytes)) : Bytes(bytes);
        return text.Contains('\'') && !text.Contains('"') ? $"\"{text}\"" : $"'{text}'";
    }

    /// <summary>A byte class: <c>[0-9]</c>; a class of more than half the bytes as its complement, <c>[^"\]</c>; one byte
    /// as a literal; every byte as <see cref="AnyCharacter"/>.</summary>
    public static string Class(Charset set)
    {
        if (set.IsFull) return AnyCharacter;
        if (set.SingleByte >= 0) return Literal([(byte)set.SingleByte]);
        return set.Count > 128 ? "[^" + Ranges(~set) + "]" : "[" + Ranges(set) + "]";
    }

    /// <summary>A range of code points, <c>[α-ω]</c>.</summary>
    public static string CodePoints(int from, int to) =>
        from == to ? $"[{CodePoint(from)}]" : $"[{CodePoint(from)}-{CodePoint(to)}]";

    /// <summary>What <paramref name="n"/> expects first, the labels of a test that guards it (distinct, in order).</summary>
    public static string[] First(Node n)
    {
        var found = new List<string>();
        First(n, found);
        return found.Distinct().ToArray();
    }

    // Walks leftmost parts; a nullable part lets the next one be expected too. Sequences loop on their second child.
    private static void First(Node n, List<string> found)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SeqNode { First: CharNode }: found.Add(Literal(LiteralRun(n))); return;
                case SetNode s: found.Add(Class(s.Set)); return;
                case AnyNode: found.Add(AnyCharacter); return;
                case UtfRangeNode u: found.Add(CodePoints(u.From, u.To)); return;
                case CallNode c: found.Add(c.Name); return;
                case NotNode { Body: AnyNode }: found.Add(EndOfInput); return;
                case ChoiceNode c: First(c.First, found); n = c.Second; break;
                case SeqNode s:
                    First(s.First, found);
                    if (!Analysis.Nullable(s.First)) return;
                    n = s.Second;
                    break;
                case RepNode r: n = r.Body; break;
                case CaptureNode c: n = c.Body; break;
                case RunTimeNode r: n = r.Body; break;
                case GrammarNode g: n = g.Rules[0]; break;
                default: return;   // predicates, true, false: nothing a reader should type
            }
        }
    }

    /// <summary>The bytes of the literal that begins at <paramref name="n"/>: a chain <c>Seq(Char, Seq(Char, ...))</c>, as
    /// <c>P("abc")</c> and re's adjacent quoted texts build it.</summary>
    public static byte[] LiteralRun(Node n)
    {
        var bytes = new List<byte>();
        while (n is SeqNode { First: CharNode c } s)
        {
            bytes.Add(c.Byte);
            n = s.Second;
        }
        if (n is CharNode last) bytes.Add(last.Byte);
        return bytes.ToArray();
    }

    private static string Ranges(Charset set)
    {
        var sb = new StringBuilder();
        for (int lo = set.NextRun(0, out int hi); lo >= 0; lo = set.NextRun(hi + 1, out hi))
        {
            sb.Append(Byte(lo));
            if (hi - lo >= 2) sb.Append('-');
            if (hi > lo) sb.Append(Byte(hi));
        }
        return sb.ToString();
    }

    private static string Byte(int b) => b switch
    {
        '\n' => "\\n",
        '\t' => "\\t",
        '\r' => "\\r",
        >= 0x20 and < 0x7F => ((char)b).ToString(),
        _ => $"\\x{b:x2}",
    };

    private static string Bytes(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder();
        foreach (byte b in bytes) sb.Append(Byte(b));
        return sb.ToString();
    }

    private static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (char c in text) sb.Append(c < 0x80 ? Byte(c) : c.ToString());
        return sb.ToString();
    }

    private static string CodePoint(int cp) =>
        cp is >= 0x20 and < 0x7F || (cp > 0xA0 && Rune.IsValid(cp) && !Rune.IsControl(new Rune(cp)))
            ? (cp < 0x80 ? Byte(cp) : char.ConvertFromUtf32(cp))
            : "\\u{" + cp.ToString("X", CultureInfo.InvariantCulture) + "}";
}
