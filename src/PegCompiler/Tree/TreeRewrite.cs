// A tree -> a tree, node by node: the walk that binding rules and case folding share.
namespace PegJit.Compiler;

/// <summary>
/// A rewrite of a pattern tree. Trees are DAGs (re's <c>p^n</c> refers to one subtree many times), so each node is
/// rewritten once and a shared subtree stays shared; a sequence's chain is rewritten in a loop (a long literal is a
/// long chain), so the stack needed is the tree's <see cref="Node.Depth"/>. Subclasses say which nodes stay as they
/// are and how a node other than a sequence is rewritten, usually with <see cref="Rebuilt"/>.
/// </summary>
internal abstract class TreeRewrite
{
    private readonly Dictionary<Node, Node> _done = new(ReferenceEqualityComparer.Instance);

    /// <summary>Whether <paramref name="n"/> and everything below it stay as they are.</summary>
    protected abstract bool Keeps(Node n);

    /// <summary>The rewrite of <paramref name="n"/>, which is not a sequence.</summary>
    protected abstract Node RewriteNode(Node n);

    /// <summary>The rewrite of <paramref name="n"/>.</summary>
    public Node Rewrite(Node n)
    {
        if (Keeps(n)) return n;
        if (_done.TryGetValue(n, out var done)) return done;
        Deep.Check();
        var result = n is SeqNode s ? RewriteChain(s) : RewriteNode(n);
        _done[n] = result;
        return result;
    }

    /// <summary>Records <paramref name="to"/> as the rewrite of <paramref name="from"/> before it is finished (a grammar, whose rules refer back to it).</summary>
    protected void Remember(Node from, Node to) => _done[from] = to;

    // first1 (first2 (... last)): the firsts rewritten one by one, the chain rebuilt from its end.
    private Node RewriteChain(SeqNode s)
    {
        var chain = new List<SeqNode>();
        Node n = s;
        while (n is SeqNode seq && !Keeps(seq) && !_done.ContainsKey(seq)) { chain.Add(seq); n = seq.Second; }
        Node rest = Rewrite(n);
        for (int i = chain.Count - 1; i >= 0; i--)
        {
            rest = new SeqNode(Rewrite(chain[i].First), rest);
            _done[chain[i]] = rest;
        }
        return rest;
    }

    /// <summary>The same node over its rewritten children (a leaf, a call or a grammar as it is).</summary>
    protected Node Rebuilt(Node n) => n switch
    {
        ChoiceNode c => new ChoiceNode(Rewrite(c.First), Rewrite(c.Second)),
        RepNode r => new RepNode(Rewrite(r.Body)),
        NotNode x => new NotNode(Rewrite(x.Body)),
        AndNode x => new AndNode(Rewrite(x.Body)),
        BehindNode b => new BehindNode(Rewrite(b.Body), b.Length),
        CaptureNode c => new CaptureNode(c.Kind, Rewrite(c.Body), c.Data),
        RunTimeNode rt => new RunTimeNode(Rewrite(rt.Body), rt.Function),
        _ => n,
    };
}
