// Pattern tree -> indented text, one node a line (for people and for tests of tree shapes).
using System.Text;

namespace PegJit.Compiler;

internal static class TreePrinter
{
    /// <summary>Levels indented as such; deeper lines show their level as a number, so a dump is linear in the tree.</summary>
    public const int MaxIndent = 32;

    public static string Print(Node root)
    {
        var sw = new StringWriter();
        Print(root, sw);
        return sw.ToString();
    }

    /// <summary>Writes the tree, one node a line, to <paramref name="output"/> (iterative: any depth).</summary>
    public static void Print(Node root, TextWriter output)
    {
        var work = new Stack<(Node? Node, string? Label, int Level)>();
        work.Push((root, null, 0));
        while (work.Count > 0)
        {
            var (n, label, level) = work.Pop();
            Indent(output, level);
            output.WriteLine(label ?? Describe(n!));
            if (n is null) continue;
            if (n is GrammarNode g)
            {
                for (int i = g.Rules.Length - 1; i >= 0; i--)
                {
                    work.Push((g.Rules[i], null, level + 2));
                    work.Push((null, $"rule '{g.Names[i]}'", level + 1));
                }
                continue;
            }
            var children = Linker.Children(n);
            for (int i = children.Length - 1; i >= 0; i--) work.Push((children[i], null, level + 1));
        }
    }

    private static void Indent(TextWriter output, int level)
    {
        if (level > MaxIndent) output.Write($"[{level}] ");
        for (int i = Math.Min(level, MaxIndent); i > 0; i--) output.Write("  ");
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
