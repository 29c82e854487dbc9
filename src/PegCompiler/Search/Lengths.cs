// Tree -> the fewest and the most bytes a match of a node can consume, for search facts.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Least and greatest match lengths. Both are conservative: a recursive rule reached again while its own length is
/// being computed counts as 0 (least) or unbounded (greatest); results of rules are remembered for one derivation,
/// so grammars whose rules share subrules stay linear. The memos are arrays per grammar (a dictionary keyed by a tuple
/// was generic code over a struct, which the runtime compiled at each process's first search).
/// </summary>
internal sealed class Lengths
{
    private const int Unknown = int.MinValue;
    private readonly Dictionary<GrammarNode, int[]> _min = new(ReferenceEqualityComparer.Instance), _max = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<GrammarNode, bool[]> _visiting = new(ReferenceEqualityComparer.Instance);

    /// <summary>Fewest bytes any match consumes (end minus start).</summary>
    public int Min(Node n)
    {
        Deep.Check();
        switch (n)
        {
            case CharNode or SetNode or AnyNode: return 1;
            case FalseNode: return int.MaxValue / 4;   // never matches: any bound holds; kept small enough to add
            case UtfRangeNode u: return Analysis.Utf8Length(u.From);
            case TrueNode or RepNode or NotNode or AndNode or BehindNode: return 0;
            case CaptureNode c: return Min(c.Body);
            case RunTimeNode rt: return Min(rt.Body);   // the function may only keep or advance the position
            case SeqNode s: return SeqLength(s, Min, int.MaxValue / 4);
            case ChoiceNode c: return Math.Min(Min(c.First), Min(c.Second));
            case GrammarNode g: return Rule(g, 0, _min, 0, Min);
            case CallNode call: return Rule(call.Grammar, call.Rule, _min, 0, Min);
            default: return 0;
        }
    }

    /// <summary>Most bytes any match consumes, or <see cref="SearchFacts.Unbounded"/>.</summary>
    public int Max(Node n)
    {
        Deep.Check();
        switch (n)
        {
            case CharNode or SetNode or AnyNode: return 1;
            case FalseNode or TrueNode or NotNode or AndNode or BehindNode: return 0;
            case UtfRangeNode u: return Analysis.Utf8Length(u.To);
            case RepNode or RunTimeNode: return SearchFacts.Unbounded;
            case CaptureNode c: return Max(c.Body);
            case SeqNode s: return SeqLength(s, Max, SearchFacts.Unbounded);
            case ChoiceNode c: return Math.Max(Max(c.First), Max(c.Second));
            case GrammarNode g: return Rule(g, 0, _max, SearchFacts.Unbounded, Max);
            case CallNode call: return Rule(call.Grammar, call.Rule, _max, SearchFacts.Unbounded, Max);
            default: return SearchFacts.Unbounded;
        }
    }

    // A right-leaning chain of sequences is summed in a loop (a long literal is a long chain), saturating at `cap`.
    private static int SeqLength(SeqNode s, Func<Node, int> length, int cap)
    {
        long sum = 0;
        Node n = s;
        while (n is SeqNode seq && sum < cap)
        {
            sum += length(seq.First);
            n = seq.Second;
        }
        if (sum < cap) sum += length(n);
        return (int)Math.Min(sum, cap);
    }

    private int Rule(GrammarNode g, int rule, Dictionary<GrammarNode, int[]> memo, int onCycle, Func<Node, int> length)
    {
        if (!memo.TryGetValue(g, out var known)) memo[g] = known = NewMemo(g.Rules.Length);
        if (known[rule] != Unknown) return known[rule];
        if (!_visiting.TryGetValue(g, out var visiting)) _visiting[g] = visiting = new bool[g.Rules.Length];
        if (visiting[rule]) return onCycle;
        visiting[rule] = true;
        int r = length(g.Rules[rule]);
        visiting[rule] = false;
        known[rule] = r;
        return r;
    }

    private static int[] NewMemo(int rules)
    {
        var memo = new int[rules];
        for (int i = 0; i < rules; i++) memo[i] = Unknown;   // not Array.Fill<int>: generic code again
        return memo;
    }
}
