// Pattern tree -> indented text, one node a line (for people and for tests of tree shapes).
using System.Text;

namespace PegJit.Compiler;

internal static class TreePrinter
{
    public static string Print(Node root) => Deep.Run(root.Depth, () =>
    {
        var sb = new StringBuilder();
        Print(root, 0, sb);
        return sb.ToString();
    });

    private static void Print(Node n, int indent, StringBuilder sb)
    {
        Deep.Check();
        sb.Append(' ', indent * 2).AppendLine(Describe(n));
        if (n is GrammarNode g)
        {
            for (int i = 0; i < g.Rules.Length; i++)
            {
                sb.Append(' ', indent * 2 + 2).AppendLine($"rule '{g.Names[i]}'");
                Print(g.Rules[i], indent + 2, sb);
            }
            return;
        }
        foreach (var c in Linker.Children(n)) Print(c, indent + 1, sb);
    }

    private static string Describe(Node n) => n switch
    {
        CharNode c => $"char '{(c.Byte is >= 32 and < 127 ? ((char)c.Byte).ToString() : $"\\x{c.Byte:x2}")}'",
        SetNode s => $"set {s.Set}",
        AnyNode => "any",
        TrueNode => "true",
        FalseNode => "false",
        UtfRangeNode u => $"utf-range {u.From:x}-{u.To:x}",
        RepNode => "rep",
        SeqNode => "seq",
        ChoiceNode => "choice",
        NotNode => "not",
        AndNode => "and",
        BehindNode b => $"behind {b.Length}",
        CaptureNode c => $"capture {c.Kind.ToString().ToLowerInvariant()}" + (c.Data is string or int ? $" ({c.Data})" : ""),
        RunTimeNode => "run-time",
        OpenCallNode o => $"open-call '{o.Name}'",
        CallNode call => $"call '{call.Name}'",
        GrammarNode g => $"grammar {g.Rules.Length}",
        _ => n.GetType().Name,
    };
}
