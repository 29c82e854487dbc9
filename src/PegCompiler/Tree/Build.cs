// Operator semantics at construction time: the simplifications LPeg applies as patterns are built.
using PegJit.Vm;

namespace PegJit.Compiler;

internal static class Build
{
    /// <summary><c>p1 * p2</c>; false * x = false, x * true = x, true * x = x.</summary>
    public static Node Seq(Node a, Node b)
    {
        if (a is FalseNode || b is TrueNode) return a;
        if (a is TrueNode) return b;
        return new SeqNode(a, b);
    }

    /// <summary><c>p1 + p2</c>; charset + charset = charset, nofail(x) + y = x, x + false = x, false + x = x.</summary>
    public static Node Choice(Node a, Node b)
    {
        if (Analysis.ToCharset(a, out var s1) && Analysis.ToCharset(b, out var s2)) return new SetNode(s1 | s2);
        if (Analysis.NoFail(a) || b is FalseNode) return a;
        if (a is FalseNode) return b;
        return new ChoiceNode(a, b);
    }

    /// <summary><c>p1 - p2</c>; charset - charset = charset, otherwise <c>-p2 * p1</c>.</summary>
    public static Node Difference(Node a, Node b)
    {
        if (Analysis.ToCharset(a, out var s1) && Analysis.ToCharset(b, out var s2)) return new SetNode(s1 - s2);
        return new SeqNode(new NotNode(b), a);
    }

    /// <summary><c>p^n</c>: n ≥ 0 is n copies then a loop; n &lt; 0 is at most -n nested optionals.</summary>
    public static Node Repeat(Node p, int n)
    {
        if (n >= 0)
        {
            if (Analysis.Nullable(p)) throw new PegGrammarException("loop body may accept empty string");
            Node r = new RepNode(p);
            for (int i = 0; i < n; i++) r = new SeqNode(p, r);
            return r;
        }
        // p^-n == (p (p (...)?)?)?
        Node opt = new ChoiceNode(p, TrueNode.Instance);
        for (long i = -(long)n; i > 1; i--) opt = new ChoiceNode(new SeqNode(p, opt), TrueNode.Instance);
        return opt;
    }

    /// <summary><c>Cc(values)</c>: nothing for no values, a constant capture for one, a group of constants for more.</summary>
    public static Node Constants(object?[] values)
    {
        if (values.Length == 0) return TrueNode.Instance;
        if (values.Length == 1) return new CaptureNode(CaptureKind.Const, TrueNode.Instance, values[0]);
        Node seq = new CaptureNode(CaptureKind.Const, TrueNode.Instance, values[^1]);
        for (int i = values.Length - 2; i >= 0; i--)
            seq = new SeqNode(new CaptureNode(CaptureKind.Const, TrueNode.Instance, values[i]), seq);
        return new CaptureNode(CaptureKind.Group, seq, null);
    }
}
