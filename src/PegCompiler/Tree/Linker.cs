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
        var g = new GrammarNode(names, bodies, ordered.Max(r => r.Rule.Node.Depth));
        for (int i = 0; i < bodies.Length; i++)
        {
            var body = ordered[i].Rule.Node;
            bodies[i] = Deep.Run(body.Depth, () => Bind(body, g, index));
        }
        Verify(g);
        return g;
    }

    private static (string Name, Pattern Rule)[] OrderRules((string Name, Pattern Rule)[] rules, string? start)
    {
        if (start is null) return rules;
        int s = Array.FindIndex(rules, r => r.Name == start);
        if (s < 0) throw new PegGrammarException($"initial rule '{start}' is not defined in given grammar");
        return rules.Skip(s).Take(1).Concat(rules.Where((_, i) => i != s)).ToArray();
    }

    /// <summary>Replaces every open call below <paramref name="n"/> by a call into <paramref name="g"/>.</summary>
    private static Node Bind(Node n, GrammarNode g, Dictionary<string, int> index)
    {
        if (!n.HasOpenCalls) return n;
        Deep.Check();
        return n switch
        {
            OpenCallNode o => index.TryGetValue(o.Name, out int r)
                ? new CallNode(g, r)
                : throw new PegGrammarException($"rule '{o.Name}' undefined in given grammar"),
            SeqNode s => new SeqNode(Bind(s.First, g, index), Bind(s.Second, g, index)),
            ChoiceNode c => new ChoiceNode(Bind(c.First, g, index), Bind(c.Second, g, index)),
            RepNode r => new RepNode(Bind(r.Body, g, index)),
            NotNode x => new NotNode(Bind(x.Body, g, index)),
            AndNode x => new AndNode(Bind(x.Body, g, index)),
            BehindNode b => new BehindNode(Bind(b.Body, g, index), b.Length),
            CaptureNode c => new CaptureNode(c.Kind, Bind(c.Body, g, index), c.Data),
            RunTimeNode rt => new RunTimeNode(Bind(rt.Body, g, index), rt.Function),
            _ => throw new InvalidOperationException(n.GetType().Name),
        };
    }

    /// <summary>LPeg's grammar checks: no left recursion, no loop on a body that accepts the empty string.</summary>
    private static void Verify(GrammarNode g)
    {
        var used = UsedRules(g);
        foreach (int r in used) Deep.Run(g.Rules[r].Depth, () => VerifyRule(g.Rules[r], [], false));
        foreach (int r in used)
            if (Deep.Run(g.Rules[r].Depth, () => HasEmptyLoop(g.Rules[r])))
                throw new PegGrammarException($"empty loop in rule '{g.Names[r]}'");
    }

    /// <summary>The start rule and every rule some call refers to (LPeg skips unreferenced rules in its checks).</summary>
    private static SortedSet<int> UsedRules(GrammarNode g)
    {
        var used = new SortedSet<int> { 0 };
        foreach (var rule in g.Rules) Deep.Run(rule.Depth, () => { CollectCalls(rule, g, used); return 0; });
        return used;
    }

    private static void CollectCalls(Node n, GrammarNode g, SortedSet<int> used)
    {
        Deep.Check();
        switch (n)
        {
            case CallNode c when c.Grammar == g: used.Add(c.Rule); break;
            case GrammarNode: break;
            default: foreach (var child in Children(n)) CollectCalls(child, g, used); break;
        }
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

    private static bool HasEmptyLoop(Node n)
    {
        Deep.Check();
        if (n is RepNode r && Analysis.Nullable(r.Body)) return true;
        if (n is GrammarNode or CallNode) return false;
        foreach (var c in Children(n)) if (HasEmptyLoop(c)) return true;
        return false;
    }

    /// <summary>The direct children of a node (calls and grammars have none here: they are checked on their own).</summary>
    public static IEnumerable<Node> Children(Node n) => n switch
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
