// Pattern trees: what combinators and the re parser build, and what analyses and codegen read.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// A node of a pattern tree. Trees are immutable and shared; a node's <see cref="Depth"/> is known at
/// construction so that deep trees can be compiled on a thread with a larger stack without walking them first.
/// </summary>
internal abstract class Node
{
    /// <summary>Height of the tree under this node (a leaf is 1).</summary>
    public int Depth { get; }
    /// <summary>Whether an OpenCall (a rule reference not yet bound to a grammar) occurs below.</summary>
    public bool HasOpenCalls { get; }
    /// <summary>Whether a call or grammar occurs below: then analyses depend on rules and are not cached.</summary>
    public bool HasCalls { get; }

    /// <summary>
    /// Analysis results cached on call-free nodes, so that codegen asking them at every level of a deep tree
    /// stays linear. Written once (benign races: every writer computes the same value).
    /// </summary>
    internal int CachedFixedLength = Unknown;
    internal int CachedHasCaptures = Unknown, CachedNullable = Unknown, CachedNoFail = Unknown;
    internal const int Unknown = int.MinValue;

    protected Node(params Node[] children)
    {
        int d = 0;
        foreach (var c in children) { d = Math.Max(d, c.Depth); HasOpenCalls |= c.HasOpenCalls; HasCalls |= c.HasCalls; }
        Depth = d + 1;
        HasOpenCalls |= this is OpenCallNode;
        HasCalls |= this is CallNode;
    }

    /// <summary>For nodes whose children are bound after construction (grammars).</summary>
    protected Node(int depth)
    {
        Depth = depth;
        HasCalls = true;
    }
}

/// <summary>Matches byte <see cref="Byte"/>.</summary>
internal sealed class CharNode(byte b) : Node { public byte Byte { get; } = b; }

/// <summary>Matches one byte of <see cref="Set"/>.</summary>
internal sealed class SetNode(Charset set) : Node { public Charset Set { get; } = set; }

/// <summary>Matches any one byte.</summary>
internal sealed class AnyNode : Node { public static readonly AnyNode Instance = new(); }

/// <summary>Always succeeds, consuming nothing.</summary>
internal sealed class TrueNode : Node { public static readonly TrueNode Instance = new(); }

/// <summary>Always fails.</summary>
internal sealed class FalseNode : Node { public static readonly FalseNode Instance = new(); }

/// <summary>Matches one UTF-8 code point in [From, To].</summary>
internal sealed class UtfRangeNode(int from, int to) : Node { public int From { get; } = from; public int To { get; } = to; }

/// <summary><c>p^0</c>: zero or more repetitions.</summary>
internal sealed class RepNode(Node body) : Node(body) { public Node Body { get; } = body; }

/// <summary><c>p1 * p2</c>.</summary>
internal sealed class SeqNode(Node first, Node second) : Node(first, second) { public Node First { get; } = first; public Node Second { get; } = second; }

/// <summary><c>p1 + p2</c>: ordered choice.</summary>
internal sealed class ChoiceNode(Node first, Node second) : Node(first, second) { public Node First { get; } = first; public Node Second { get; } = second; }

/// <summary><c>-p</c>: succeeds, consuming nothing, when p fails.</summary>
internal sealed class NotNode(Node body) : Node(body) { public Node Body { get; } = body; }

/// <summary><c>#p</c>: succeeds, consuming nothing, when p succeeds.</summary>
internal sealed class AndNode(Node body) : Node(body) { public Node Body { get; } = body; }

/// <summary><c>B(p)</c>: p matches the <see cref="Length"/> bytes before the current position.</summary>
internal sealed class BehindNode(Node body, int length) : Node(body) { public Node Body { get; } = body; public int Length { get; } = length; }

/// <summary>A capture of kind <see cref="Kind"/> over <see cref="Body"/>; <see cref="Data"/> is its constant (function, string, name...).</summary>
internal sealed class CaptureNode(CaptureKind kind, Node body, object? data) : Node(body)
{
    public CaptureKind Kind { get; } = kind;
    public Node Body { get; } = body;
    public object? Data { get; } = data;
}

/// <summary><c>Cmt(p, f)</c>: a match-time capture.</summary>
internal sealed class RunTimeNode(Node body, Delegate function) : Node(body)
{
    public Node Body { get; } = body;
    /// <summary>A <see cref="MatchTimeFunction"/>, or a <see cref="RawMatchTimeFunction"/> of the library's own.</summary>
    public Delegate Function { get; } = function;
}

/// <summary><c>V(name)</c> before it is bound to a grammar.</summary>
internal sealed class OpenCallNode(string name) : Node { public string Name { get; } = name; }

/// <summary>A call of rule <see cref="Rule"/> of <see cref="Grammar"/>.</summary>
internal sealed class CallNode(GrammarNode grammar, int rule) : Node
{
    public GrammarNode Grammar { get; } = grammar;
    public int Rule { get; } = rule;
    public Node Body => Grammar.Rules[Rule];
    public string Name => Grammar.Names[Rule];
}

/// <summary>A grammar; rule 0 is the start rule. Rules are filled once, right after construction (they refer back to the grammar).</summary>
internal sealed class GrammarNode : Node
{
    public string[] Names { get; }
    public Node[] Rules { get; }

    /// <summary>Creates a grammar whose rules will be at most <paramref name="depth"/> deep once bound.</summary>
    public GrammarNode(string[] names, Node[] rules, int depth) : base(depth + 1)
    {
        Names = names;
        Rules = rules;
    }
}
