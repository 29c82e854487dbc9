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
        foreach (var (name, rule) in rules)
            if (name is null || rule is null) throw new ArgumentNullException(nameof(rules), name is null ? "a rule has no name" : $"rule '{name}' is null");
        if (rules.Length == 0) throw new PegGrammarException("grammar has no initial rule");
        if (rules.Length > MaxRules) throw new PegGrammarException("grammar has too many rules");
        var ordered = OrderRules(rules, start);
        var names = new string[ordered.Length];
        int depth = 0;
        long size = 0;
        for (int i = 0; i < ordered.Length; i++)
        {
            names[i] = ordered[i].Name;
            depth = Math.Max(depth, ordered[i].Rule.Node.Depth);
            size += ordered[i].Rule.Node.Size;
        }
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Length; i++)
            if (!index.TryAdd(names[i], i)) throw new PegGrammarException($"rule '{names[i]}' is defined twice");
        var bodies = new Node[names.Length];
        var g = new GrammarNode(names, bodies, depth, size);
        // Rules called, by index (checked in index order, as LPeg checks them); an array rather than a sorted set,
        // whose generic code over int the runtime compiled at every process's first grammar.
        var used = new bool[bodies.Length];
        used[0] = true;
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
    /// One binding of a rule body to a grammar (a rewrite: shared subtrees bound once, chains in a loop). On the way it notes what the grammar checks
    /// need: the rules called (in <c>used</c>) and the loops rebuilt, the only ones whose bodies can accept the empty
    /// string now (every loop was checked when built, with its calls still open).
    /// </summary>
    private sealed class Binder(GrammarNode g, Dictionary<string, int> index, bool[] used) : TreeRewrite
    {
        /// <summary>The loops of the rule that had open calls, bound.</summary>
        public List<RepNode> Loops { get; } = new();

        public Node Bind(Node n) => Rewrite(n);

        protected override bool Keeps(Node n) => !n.HasOpenCalls;

        protected override Node RewriteNode(Node n) => n switch
        {
            OpenCallNode o => index.TryGetValue(o.Name, out int r)
                ? Call(r)
                : throw new PegGrammarException($"rule '{o.Name}' undefined in given grammar"),
            RepNode => Loop((RepNode)Rebuilt(n)),
            _ => Rebuilt(n),
        };

        private CallNode Call(int rule)
        {
            used[rule] = true;
            return new CallNode(g, rule);
        }

        private RepNode Loop(RepNode loop)
        {
            Loops.Add(loop);
            return loop;
        }
    }

    /// <summary>LPeg's grammar checks: no left recursion, no loop on a body that accepts the empty string.</summary>
    private static void Verify(GrammarNode g, bool[] used, List<RepNode>[] loops)
    {
        for (int r = 0; r < used.Length; r++)
            if (used[r]) Deep.Run(g.Rules[r].Depth, () => VerifyRule(g.Rules[r], [], false));
        // Only now is asking whether a body may be empty sure to end (no left recursion).
        for (int r = 0; r < used.Length; r++)
            if (used[r] && loops[r].Any(rep => Analysis.Nullable(rep.Body))) throw new PegGrammarException($"empty loop in rule '{g.Names[r]}'");
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
