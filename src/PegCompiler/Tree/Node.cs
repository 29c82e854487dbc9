// Pattern trees: what combinators and the re parser build, and what analyses and codegen read.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// A node of a pattern tree. Trees are immutable and shared (a DAG: <c>p * p</c> refers to p twice). Two measures are
/// known at construction, so that no walk has to run before the budget is checked:
/// <see cref="Depth"/> sizes the stack of the recursive walks, and <see cref="Size"/> is what every walk and the
/// code generator pay (each shared subtree counted as often as it occurs), bounded by <see cref="Budget.MaxTreeSize"/>.
/// </summary>
internal abstract class Node
{
    /// <summary>
    /// How deep the recursive walks go under this node (a leaf is 1). Walks loop over the second child of a sequence
    /// instead of recursing, so a sequence adds a level only over its first child: a long literal is shallow.
    /// </summary>
    public int Depth { get; }
    /// <summary>The tree's cost (<see cref="Budget.Cost"/>), shared subtrees counted at each occurrence (a rule's body once per grammar).</summary>
    public long Size { get; }
    /// <summary>Whether an OpenCall (a rule reference not yet bound to a grammar) occurs below.</summary>
    public bool HasOpenCalls { get; }

    /// <summary>
    /// Analysis results remembered on this node, so that codegen asking them at every level of a deep tree stays
    /// linear; allocated at the first question (most nodes of a long literal are never asked).
    /// </summary>
    internal NodeFacts Facts => _facts ??= new NodeFacts();
    /// <summary>The facts, if any question was asked yet.</summary>
    internal NodeFacts? FactsIfAny => _facts;
    private NodeFacts? _facts;

    protected Node()
    {
        Depth = 1;
        Size = Budget.Cost(this);
        HasOpenCalls = this is OpenCallNode;
    }

    protected Node(Node child)
    {
        Depth = Deep.CheckDepth(child.Depth + 1);
        Size = Budget.CheckTreeSize(child.Size + Budget.Cost(this));
        HasOpenCalls = child.HasOpenCalls;
    }

    /// <param name="first">The first child.</param>
    /// <param name="second">The second child.</param>
    /// <param name="secondLoops">Whether walks loop over the second child rather than recurse (sequences).</param>
    protected Node(Node first, Node second, bool secondLoops)
    {
        Depth = Deep.CheckDepth(secondLoops ? Math.Max(first.Depth + 1, second.Depth) : Math.Max(first.Depth, second.Depth) + 1);
        Size = Budget.CheckTreeSize(first.Size + second.Size + Budget.Cost(this));
        HasOpenCalls = first.HasOpenCalls || second.HasOpenCalls;
    }

    /// <summary>For nodes whose children are bound after construction (grammars).</summary>
    protected Node(int depth, long size)
    {
        Depth = Deep.CheckDepth(depth);
        Size = Budget.CheckTreeSize(size);
    }
}

/// <summary>
/// What the analyses found about one node. Fixed length and has-captures, which follow calls with a visited set, are
/// kept only when found with no call on the way; the rest are pure functions of the node once its grammar is bound. Written once (benign races:
/// every writer computes the same value).
/// </summary>
internal sealed class NodeFacts
{
    public const int Unknown = int.MinValue;
    public int FixedLength = Unknown, HasCaptures = Unknown, Nullable = Unknown, NoFail = Unknown, HeadFail = Unknown;
    /// <summary>The last first set computed, with the follow set it was computed for (one reference: atomic).</summary>
    public FirstSetAnswer? First;
}

/// <summary>A first set and its flags, for one follow set (see <see cref="Analysis.FirstSet"/>).</summary>
internal sealed record FirstSetAnswer(Charset Follow, Charset First, int Flags);

/// <summary>Matches byte <see cref="Byte"/>.</summary>
internal sealed class CharNode : Node
{
    public byte Byte { get; }
    private CharNode(byte b) => Byte = b;

    /// <summary>The node for byte <paramref name="b"/>: one per byte value, shared (a 10 MB literal allocates no char nodes).</summary>
    public static CharNode Of(byte b) => All[b];
    private static readonly CharNode[] All = MakeAll();

    private static CharNode[] MakeAll()
    {
        var all = new CharNode[256];
        for (int b = 0; b < 256; b++) all[b] = new CharNode((byte)b);
        return all;
    }
}

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
internal sealed class SeqNode(Node first, Node second) : Node(first, second, secondLoops: true) { public Node First { get; } = first; public Node Second { get; } = second; }

/// <summary><c>p1 + p2</c>: ordered choice.</summary>
internal sealed class ChoiceNode(Node first, Node second) : Node(first, second, secondLoops: false) { public Node First { get; } = first; public Node Second { get; } = second; }

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

    /// <summary>Creates a grammar whose rules will be at most <paramref name="depth"/> deep and <paramref name="size"/> nodes in all once bound.</summary>
    public GrammarNode(string[] names, Node[] rules, int depth, long size) : base(depth + 1, size + 1)
    {
        Names = names;
        Rules = rules;
    }
}
