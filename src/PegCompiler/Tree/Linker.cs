// Rules with open references -> a closed grammar node, checked as LPeg checks grammars.
using PegJit.Vm;

namespace PegJit.Compiler;

internal static class Linker
{
    /// <summary>LPeg's limit on rules in one grammar.</summary>
    public const int MaxRules = 1000;

    /// <summary>Builds a grammar; <paramref name="start"/> (or the first rule) becomes rule 0.</summary>
    public static GrammarNode MakeGrammar((string Name, Pattern Rule)[] rules, string? start)
    {
        if (rules.Length == 0) throw new PegGrammarException("grammar has no initial rule");
        if (rules.Length > MaxRules) throw new PegGrammarException("grammar has too many rules");
        var ordered = OrderRules(rules, start);
        var names = ordered.Select(r => r.Name).ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            if (!index.TryAdd(names[i], i)) throw new PegGrammarException($"rule '{names[i]}' is defined twice");
        var bodies = new Node[names.Length];
        var g = new GrammarNode(names, bodies, ordered.Max(r => r.Rule.Node.Depth), ordered.Sum(r => r.Rule.Node.Size));
        var used = new SortedSet<int> { 0 };
        var loops = new List<RepNode>[bodies.Length];
        for (int i = 0; i < bodies.Length; i++)
        {
            var body = ordered[i].Rule.Node;
            var binder = new Binder(g, index, used);
            bodies[i] = Deep.Run(body.Depth, () => binder.Bind(body));
            loops[i] = binder.Loops;
        }
        Verify(g, used, loops);
        return g;
    }

    private static (string Name, Pattern Rule)[] OrderRules((string Name, Pattern Rule)[] rules, string? start)
    {
        if (start is null) return rules;
        int s = Array.FindIndex(rules, r => r.Name == start);
        if (s < 0) throw new PegGrammarException($"initial rule '{start}' is not defined in given grammar");
        return rules.Skip(s).Take(1).Concat(rules.Where((_, i) => i != s)).ToArray();
    }

    /// <summary>
    /// One binding of rule bodies to a grammar. A shared subtree is bound once and stays shared (re's <c>p^n</c>
    /// refers to one subtree many times), and a sequence's chain is bound in a loop, so binding is linear in the
    /// distinct nodes and its stack in the tree's <see cref="Node.Depth"/>. On the way it notes what the grammar checks
    /// need: the rules called (in <c>used</c>) and the loops rebuilt, the only ones whose bodies can accept the empty
    /// string now (every loop was checked when built, with its calls still open).
    /// </summary>
    private sealed class Binder(GrammarNode g, Dictionary<string, int> index, SortedSet<int> used)
    {
        private readonly Dictionary<Node, Node> _bound = new(ReferenceEqualityComparer.Instance);

        /// <summary>The loops of the rule that had open calls, bound.</summary>
        public List<RepNode> Loops { get; } = new();

        public Node Bind(Node n)
        {
            if (!n.HasOpenCalls) return n;
            if (_bound.TryGetValue(n, out var done)) return done;
            Deep.Check();
            var result = n is SeqNode s ? BindChain(s) : BindOne(n);
            _bound[n] = result;
            return result;
        }

        // first1 (first2 (... last)): the firsts bound one by one, the chain rebuilt from its end.
        private Node BindChain(SeqNode s)
        {
            var chain = new List<SeqNode>();
            Node n = s;
            while (n is SeqNode seq && seq.HasOpenCalls && !_bound.ContainsKey(seq)) { chain.Add(seq); n = seq.Second; }
            Node rest = Bind(n);
            for (int i = chain.Count - 1; i >= 0; i--)
            {
                rest = new SeqNode(Bind(chain[i].First), rest);
                _bound[chain[i]] = rest;
            }
            return rest;
        }

        private Node BindOne(Node n) => n switch
        {
            OpenCallNode o => index.TryGetValue(o.Name, out int r)
                ? Call(r)
                : throw new PegGrammarException($"rule '{o.Name}' undefined in given grammar"),
            ChoiceNode c => new ChoiceNode(Bind(c.First), Bind(c.Second)),
            RepNode r => Loop(new RepNode(Bind(r.Body))),
            NotNode x => new NotNode(Bind(x.Body)),
            AndNode x => new AndNode(Bind(x.Body)),
            BehindNode b => new BehindNode(Bind(b.Body), b.Length),
            CaptureNode c => new CaptureNode(c.Kind, Bind(c.Body), c.Data),
            RunTimeNode rt => new RunTimeNode(Bind(rt.Body), rt.Function),
            _ => throw new InvalidOperationException(n.GetType().Name),
        };

        private CallNode Call(int rule)
        {
            used.Add(rule);
            return new CallNode(g, rule);
        }

        private RepNode Loop(RepNode loop)
        {
            Loops.Add(loop);
            return loop;
        }
    }

    /// <summary>LPeg's grammar checks: no left recursion, no loop on a body that accepts the empty string.</summary>
    private static void Verify(GrammarNode g, SortedSet<int> used, List<RepNode>[] loops)
    {
        foreach (int r in used) Deep.Run(g.Rules[r].Depth, () => VerifyRule(g.Rules[r], [], false));
        // Only now is asking whether a body may be empty sure to end (no left recursion).
        foreach (int r in used)
            if (loops[r].Any(rep => Analysis.Nullable(rep.Body))) throw new PegGrammarException($"empty loop in rule '{g.Names[r]}'");
    }

    /// <summary>
    /// Follows the paths that consume nothing; a rule met twice on one path is left recursive.
    /// Returns whether the pattern may consume nothing (<paramref name="nb"/> accumulates along choices).
    /// </summary>
    private static bool VerifyRule(Node n, List<int> passed, bool nb)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode or FalseNode or UtfRangeNode: return nb;
                case TrueNode or BehindNode: return true;
                case NotNode x: n = x.Body; nb = true; break;
                case AndNode x: n = x.Body; nb = true; break;
                case RepNode x: n = x.Body; nb = true; break;
                case CaptureNode c: n = c.Body; break;
                case RunTimeNode rt: n = rt.Body; break;
                case CallNode call:
                    // As LPeg: walk until the path is MaxRules long, then name a rule that repeats on it.
                    if (passed.Count >= MaxRules) throw LeftRecursionError(call.Grammar, passed);
                    passed = [.. passed, call.Rule];
                    n = call.Body;
                    break;
                case SeqNode s:
                    if (!VerifyRule(s.First, passed, false)) return nb;
                    n = s.Second;
                    break;
                case ChoiceNode c:
                    nb = VerifyRule(c.First, passed, nb);
                    n = c.Second;
                    break;
                case GrammarNode: return Analysis.Nullable(n);
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    private static PegGrammarException LeftRecursionError(GrammarNode g, List<int> passed)
    {
        for (int i = passed.Count - 1; i >= 0; i--)
            for (int j = i - 1; j >= 0; j--)
                if (passed[i] == passed[j]) return new PegGrammarException($"rule '{g.Names[passed[i]]}' may be left recursive");
        return new PegGrammarException("too many left calls in grammar");
    }

    /// <summary>The direct children of a node (calls and grammars have none here: they are checked on their own).</summary>
    public static Node[] Children(Node n) => n switch
    {
        SeqNode s => [s.First, s.Second],
        ChoiceNode c => [c.First, c.Second],
        RepNode r => [r.Body],
        NotNode x => [x.Body],
        AndNode x => [x.Body],
        BehindNode b => [b.Body],
        CaptureNode c => [c.Body],
        RunTimeNode rt => [rt.Body],
        _ => [],
    };
}
