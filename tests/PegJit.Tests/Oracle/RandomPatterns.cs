// A seed (System.Random or FsCheck) -> random LPeg `re` patterns and subjects over a small alphabet.
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace PegJit.Tests.Oracle;

/// <summary>The shape of a <see cref="PatternNode"/>, which decides how it is written and where it needs parentheses.</summary>
public enum NodeKind
{
    /// <summary>Text that stands alone: a literal, class, <c>.</c>, <c>%d</c>, <c>{}</c>, <c>=name</c>, a rule name.</summary>
    Atom,
    /// <summary><c>&amp;p</c> or <c>!p</c>; the operator is <see cref="PatternNode.Op"/>.</summary>
    Prefix,
    /// <summary><c>p?</c>, <c>p^-2</c>, <c>p -> 'x'</c>, ...; the suffix is <see cref="PatternNode.Op"/>.</summary>
    Suffix,
    /// <summary><c>( p )</c>, <c>{ p }</c>, <c>{:x: p :}</c>, ...; opener <see cref="PatternNode.Op"/>, closer <see cref="PatternNode.Close"/>.</summary>
    Wrap,
    /// <summary><c>p1 p2 ...</c>.</summary>
    Seq,
    /// <summary><c>p1 / p2 / ...</c>.</summary>
    Choice,
    /// <summary><c>N1 &lt;- p1  N2 &lt;- p2 ...</c>; the names are <see cref="PatternNode.Names"/>.</summary>
    Grammar,
}

/// <summary>
/// A generated pattern as a tree, so that a failing case shrinks by replacing a node with a child. Any
/// shrink is a fair test case: a pattern both engines reject is still a comparison.
/// </summary>
public sealed record PatternNode(NodeKind Kind, string Op, PatternNode[] Kids, string Close = "", string[]? Names = null)
{
    /// <summary>A leaf with the given text.</summary>
    public static PatternNode Atom(string text) => new(NodeKind.Atom, text, []);

    /// <summary>The <c>re</c> text of this tree.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        Render(sb);
        return sb.ToString();
    }

    private void Render(StringBuilder sb)
    {
        switch (Kind)
        {
            case NodeKind.Atom: sb.Append(Op); break;
            case NodeKind.Prefix: sb.Append(Op); Kids[0].RenderIn(sb, NodeKind.Prefix); break;
            case NodeKind.Suffix: Kids[0].RenderIn(sb, NodeKind.Suffix); sb.Append(Op); break;
            case NodeKind.Wrap: sb.Append(Op); Kids[0].Render(sb); sb.Append(Close); break;
            case NodeKind.Seq: RenderList(sb, " ", NodeKind.Seq); break;
            case NodeKind.Choice: RenderList(sb, " / ", NodeKind.Choice); break;
            case NodeKind.Grammar: RenderRules(sb); break;
        }
    }

    private void RenderList(StringBuilder sb, string separator, NodeKind context)
    {
        for (int i = 0; i < Kids.Length; i++)
        {
            if (i > 0) sb.Append(separator);
            Kids[i].RenderIn(sb, context);
        }
    }

    private void RenderRules(StringBuilder sb)
    {
        for (int i = 0; i < Kids.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            sb.Append(Names![i]).Append(" <- ");
            Kids[i].RenderIn(sb, NodeKind.Choice);
        }
    }

    // Parenthesizes this node where the context's syntax cannot hold it bare.
    private void RenderIn(StringBuilder sb, NodeKind context)
    {
        bool bare = context switch
        {
            NodeKind.Suffix => Kind is NodeKind.Atom or NodeKind.Wrap or NodeKind.Suffix,
            NodeKind.Prefix or NodeKind.Seq => Kind is NodeKind.Atom or NodeKind.Wrap or NodeKind.Suffix or NodeKind.Prefix,
            _ => Kind != NodeKind.Grammar,
        };
        if (!bare) sb.Append('(');
        Render(sb);
        if (!bare) sb.Append(')');
    }

    /// <summary>The UTF-8 bytes of each non-empty quoted literal in the tree.</summary>
    public IEnumerable<byte[]> Literals()
    {
        if (Kind == NodeKind.Atom && Op.Length > 2 && Op[0] is '\'' or '"' && Op[^1] == Op[0])
            yield return Encoding.UTF8.GetBytes(Op[1..^1]);
        foreach (var literal in Kids.SelectMany(k => k.Literals())) yield return literal;
    }

    /// <summary>Smaller trees: each child in this node's place, then this node with one child shrunk.</summary>
    public IEnumerable<PatternNode> Shrink()
    {
        if (Kind != NodeKind.Atom && !(Kind == NodeKind.Grammar && Kids.Length == 1))
            foreach (var kid in Kids) yield return kid;
        if (Kind == NodeKind.Grammar && Kids.Length > 1)
            yield return this with { Kids = Kids[..^1], Names = Names![..^1] };
        for (int i = 0; i < Kids.Length; i++)
            foreach (var smaller in Kids[i].Shrink())
            {
                var kids = (PatternNode[])Kids.Clone();
                kids[i] = smaller;
                yield return this with { Kids = kids };
            }
    }
}

/// <summary>
/// Random <c>re</c> patterns and subjects for differential tests against native LPeg. Patterns use literals,
/// classes, predefined classes, predicates, repetitions, every capture form that needs no definitions, and
/// small grammars (right-recursive as a rule; now and then left-recursive, an undefined rule, or a loop over
/// a nullable body, which both engines must reject alike). Subjects are short strings over a small alphabet
/// (mostly a, b, c; also a two-byte UTF-8 letter, digits, space, newline, 0x00 and 0xFF).
/// </summary>
public static class RandomPatterns
{
    /// <summary>Longest pattern text generated.</summary>
    public const int MaxPatternLength = 60;
    /// <summary>Longest subject generated, in bytes.</summary>
    public const int MaxSubjectLength = 12;

    /// <summary>A random pattern tree of at most <paramref name="depth"/> levels (its text is at most <see cref="MaxPatternLength"/> chars).</summary>
    public static PatternNode Tree(Random rng, int depth)
    {
        for (int attempt = 0; ; attempt++)
        {
            var tree = new PatternGenerator(rng).Top(Math.Max(0, depth - attempt / 8));
            if (tree.ToString().Length <= MaxPatternLength) return tree;
        }
    }

    /// <summary>A random pattern text of at most <paramref name="depth"/> levels.</summary>
    public static string Pattern(Random rng, int depth) => Tree(rng, depth).ToString();

    /// <summary>A random subject of 0 to <see cref="MaxSubjectLength"/> bytes.</summary>
    public static byte[] Subject(Random rng) => Subject(rng, []);

    /// <summary>One to six random subjects; with a tree, most are built from its literals so that more of them match.</summary>
    public static byte[][] Subjects(Random rng, PatternNode? tree = null)
    {
        var words = tree is null ? [] : tree.Literals().ToArray();
        return Enumerable.Range(0, rng.Next(1, 7))
            .Select(_ => Subject(rng, rng.Next(4) == 0 ? [] : words))
            .ToArray();
    }

    // Pieces drawn from the alphabet, or (two times in three, when there are any) from the given words.
    private static byte[] Subject(Random rng, byte[][] words)
    {
        var bytes = new List<byte>();
        int length = rng.Next(MaxSubjectLength + 1);
        while (bytes.Count < length)
            bytes.AddRange(words.Length > 0 && rng.Next(3) > 0 ? words[rng.Next(words.Length)] : SubjectPiece(rng));
        return bytes.Take(MaxSubjectLength).ToArray();
    }

    /// <summary>A random case, the tree kept for shrinking: depth grows with FsCheck's size (1 to 5).</summary>
    public static Gen<(PatternNode tree, byte[][] subjects)> TreeCase =>
        Gen.Sized(size => Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var rng = new Random(seed);
            var tree = Tree(rng, 1 + Math.Min(size, 100) / 25);
            return (tree, Subjects(rng, tree));
        }));

    /// <summary>A random case as text: the pattern and its subjects.</summary>
    public static Gen<(string pattern, byte[][] subjects)> Case =>
        TreeCase.Select(c => (c.tree.ToString(), c.subjects));

    /// <summary>Random cases that shrink: fewer and shorter subjects first, then smaller trees.</summary>
    public static Arbitrary<(PatternNode tree, byte[][] subjects)> Arbitrary => Arb.From(TreeCase, ShrinkCase);

    private static IEnumerable<(PatternNode, byte[][])> ShrinkCase((PatternNode tree, byte[][] subjects) c)
    {
        for (int i = 0; i < c.subjects.Length && c.subjects.Length > 1; i++)
            yield return (c.tree, c.subjects.Where((_, j) => j != i).ToArray());
        for (int i = 0; i < c.subjects.Length; i++)
            if (c.subjects[i].Length > 0)
            {
                var shorter = (byte[][])c.subjects.Clone();
                shorter[i] = c.subjects[i][..^1];
                yield return (c.tree, shorter);
            }
        foreach (var tree in c.tree.Shrink()) yield return (tree, c.subjects);
    }

    private static readonly (int weight, byte[] bytes)[] Alphabet =
    [
        (30, "a"u8.ToArray()), (24, "b"u8.ToArray()), (14, "c"u8.ToArray()), (5, "é"u8.ToArray()),
        (4, "1"u8.ToArray()), (3, " "u8.ToArray()), (3, "Z"u8.ToArray()), (2, "\n"u8.ToArray()),
        (2, "_"u8.ToArray()), (2, [0xFF]), (1, [0x00]),
    ];

    private static byte[] SubjectPiece(Random rng) => PatternGenerator.Weighted(rng, Alphabet);
}

/// <summary>One pattern's worth of generator state: the group names defined so far and the rules in scope.</summary>
internal sealed class PatternGenerator(Random rng)
{
    private static readonly string[] Literals =
        ["'a'", "'b'", "\"a\"", "\"c\"", "'ab'", "'ba'", "\"abc\"", "''", "'é'", "'a1'", "' '", "'aa'"];
    private static readonly string[] Classes =
        ["[abc]", "[^a]", "[a-c]", "[b-c]", "[ab]", "[^ab]", "[_%d]", "[a%s]", "[^%w]", "[0-9a]", "[é]", "[]a]"];
    private static readonly string[] Predefined =
        ["%a", "%d", "%w", "%s", "%l", "%u", "%x", "%p", "%c", "%g", "%A", "%D", "%W", "%S", "%nl", "%L"];
    private static readonly string[] Repeats = ["?", "*", "+", "^2", "^0", "^+1", "^+2", "^-1", "^-2", "^3"];
    private static readonly string[] StringCaptures =
        ["'%0'", "'<%1>'", "'%1%2'", "\"x\"", "'%%'", "'%0-%0'", "''", "'%2'"];

    private static readonly string[] RuleNames = ["S", "A", "B"];

    private readonly List<string> groups = [];
    private string[]? rules;

    /// <summary>A whole pattern: now and then a grammar, else an expression.</summary>
    public PatternNode Top(int depth) => rng.Next(6) == 0 ? Grammar(depth) : Node(depth);

    private PatternNode Node(int depth)
    {
        if (depth <= 0) return Atom();
        return Weighted(rng, [
            (24, () => Atom()),
            (18, () => List(NodeKind.Seq, depth)),
            (14, () => List(NodeKind.Choice, depth)),
            (14, () => Suffix(Pick(Repeats), depth)),
            (6, () => new PatternNode(NodeKind.Prefix, rng.Next(2) == 0 ? "&" : "!", [Node(depth - 1)])),
            (13, () => Capture(depth)),
            (8, () => Suffix(" -> " + FunctionTarget(), depth)),
            (3, () => Suffix(" ~> pack", depth)),
            (2, () => Wrap("((", ") -> 0) -> whole", Node(depth - 1))),
            (2, () => rules is null ? Wrap("(", ")", Grammar(depth - 1)) : Atom()),
        ])();
    }

    private PatternNode List(NodeKind kind, int depth) =>
        new(kind, "", Enumerable.Range(0, rng.Next(2, 4)).Select(_ => Node(depth - 1)).ToArray());

    private PatternNode Suffix(string op, int depth) => new(NodeKind.Suffix, op, [Node(depth - 1)]);

    private static PatternNode Wrap(string open, string close, PatternNode kid) => new(NodeKind.Wrap, open, [kid], close);

    // pack and count are the oracle's functions (PegRunner's defs).
    private string FunctionTarget() => rng.Next(5) switch
    {
        0 => Pick(StringCaptures),
        1 => "{}",
        2 => "pack",
        3 => "count",
        _ => rng.Next(4).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    // A named group adds its name after its body, so a later `=name` refers back to it.
    private PatternNode Capture(int depth)
    {
        int form = rng.Next(6);
        var kid = Node(depth - 1);
        switch (form)
        {
            case 0: return Wrap("{ ", " }", kid);
            case 1: return Wrap("{~ ", " ~}", kid);
            case 2: return Wrap("{| ", " |}", kid);
            case 3: return Wrap("{: ", " :}", kid);
            case 4: return Wrap("( ", " )", kid);
            default:
                string name = rng.Next(2) == 0 ? "x" : "y";
                groups.Add(name);
                return Wrap("{:" + name + ": ", " :}", kid);
        }
    }

    private PatternNode Atom()
    {
        int roll = rng.Next(100);
        if (rules is not null && roll < 25) return Reference();
        if (groups.Count > 0 && roll < 32) return PatternNode.Atom("=" + Pick(groups));
        return PatternNode.Atom(roll switch
        {
            < 60 => Pick(Literals),
            < 75 => Pick(Classes),
            < 85 => Pick(Predefined),
            < 93 => ".",
            < 98 => "{}",
            98 => "=x",  // a back reference with no group: a runtime error on both sides
            _ => rules is null ? "A" : "Q",  // a rule outside a grammar, or an undefined one
        });
    }

    private PatternNode Reference()
    {
        string name = Pick(rules!);
        return PatternNode.Atom(rng.Next(3) == 0 ? "<" + name + ">" : name);
    }

    // Rules S, A, B: each mostly 'consume, then maybe recurse' / 'a base case without references', so
    // most grammars are well formed; one body in seven may recurse first (possibly left recursion).
    private PatternNode Grammar(int depth)
    {
        var outer = rules;
        string[] names = RuleNames[..rng.Next(1, 4)];
        rules = names;
        var bodies = names.Select(_ => RuleBody(Math.Max(1, depth - 1))).ToArray();
        rules = outer;
        return new PatternNode(NodeKind.Grammar, "", bodies, Names: names);
    }

    private PatternNode RuleBody(int depth)
    {
        if (rng.Next(7) == 0) return Node(depth);
        var recursive = new PatternNode(NodeKind.Seq, "", [PatternNode.Atom(Pick(Literals[..7])), Node(depth - 1)]);
        var saved = rules;
        rules = null;
        var baseCase = Node(depth - 1);
        rules = saved;
        return new PatternNode(NodeKind.Choice, "", [recursive, baseCase]);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>An item drawn with probability proportional to its weight.</summary>
    public static T Weighted<T>(Random rng, (int weight, T item)[] choices)
    {
        int roll = rng.Next(choices.Sum(c => c.weight));
        foreach (var (weight, item) in choices)
        {
            if (roll < weight) return item;
            roll -= weight;
        }
        throw new InvalidOperationException("unreachable");
    }
}
