// Calls of small non-recursive rules -> their bodies coded in place, as if the grammar had been written without them.
using PegJit.Vm;

namespace PegJit.Compiler;

internal sealed partial class Compiler
{
    /// <summary>Largest rule body (in <see cref="Budget"/> cost units: 1 per byte test, 4 per other node) coded in place
    /// of its calls: a token-sized rule such as <c>hex</c>, <c>ws</c>, <c>character</c> or <c>escape</c>.</summary>
    private const int MaxInlineBody = 48;
    /// <summary>Inlined rules inside inlined rules, at most.</summary>
    private const int MaxInlineNesting = 4;
    /// <summary>Grammars of more rules are not analysed for inlining (the recursion check is quadratic in the worst case).</summary>
    private const int MaxInlineRules = 2000;

    /// <summary>Off for the report program: a farthest-failure report names the rules of the grammar as written (the
    /// two programs match alike, instruction for instruction apart from the inlined calls).</summary>
    private bool _inlining = true;
    private readonly Dictionary<GrammarNode, bool[]> _recursive = new(ReferenceEqualityComparer.Instance);
    private int _inlineNesting;
    private long _inlinedCost;

    /// <summary>
    /// Whether <paramref name="call"/> is coded as its rule's body in place. A grammar like json.org's spends a call and
    /// a return per character of a string (<c>character*</c>) and per blank run (<c>ws</c>): in place, the body joins
    /// its caller's tests, spans and loops, and neither the interpreter nor a trace pays for the call. The results are
    /// the same (a rule is only a name for its body), and the grammar checks ran on the grammar as written. Only rules
    /// that cannot reach themselves qualify, and the code added is bounded by the tree's own size.
    /// </summary>
    private bool Inlines(CallNode call, Node root)
    {
        if (!_inlining || call.Body.Size > MaxInlineBody || _inlineNesting >= MaxInlineNesting) return false;
        // At most the tree's size again, and never past the tree budget: a pattern accepted as written must not hit the
        // code size limit because of code added here.
        long room = Math.Min(root.Size + 4 * MaxInlineBody, Budget.MaxTreeSize - root.Size);
        if (_inlinedCost + call.Body.Size > room) return false;
        if (IsRecursive(call.Grammar, call.Rule)) return false;
        _inlinedCost += call.Body.Size;
        return true;
    }

    private bool IsRecursive(GrammarNode g, int rule)
    {
        if (!_recursive.TryGetValue(g, out var recursive)) _recursive[g] = recursive = Recursive(g);
        return recursive[rule];
    }

    // Per rule: whether a chain of calls leads from it back to itself (every rule, for a grammar too large to analyse).
    private static bool[] Recursive(GrammarNode g)
    {
        int n = g.Rules.Length;
        var recursive = new bool[n];
        if (n > MaxInlineRules) { Array.Fill(recursive, true); return recursive; }
        var calls = new List<int>[n];
        for (int r = 0; r < n; r++) calls[r] = CallsIn(g, g.Rules[r]);
        // A walk from each rule's callees, each rule pushed once, over an int array: Stack<int> was generic code the
        // runtime compiled at start-up.
        var seen = new bool[n];
        var stack = new int[n];
        for (int r = 0; r < n; r++)
        {
            Array.Clear(seen);
            int top = 0;
            foreach (int c in calls[r])
                if (!seen[c]) { seen[c] = true; stack[top++] = c; }
            while (top > 0 && !recursive[r])
            {
                int x = stack[--top];
                if (x == r) recursive[r] = true;
                else
                    foreach (int c in calls[x])
                        if (!seen[c]) { seen[c] = true; stack[top++] = c; }
            }
        }
        return recursive;
    }

    // The rules of g that body calls directly, each once (calls into a nested grammar belong to that grammar).
    private static List<int> CallsIn(GrammarNode g, Node body)
    {
        var rules = new List<int>();
        var called = new bool[g.Rules.Length];
        var visited = new HashSet<Node>(ReferenceEqualityComparer.Instance);
        var todo = new Stack<Node>();
        todo.Push(body);
        while (todo.Count > 0)
        {
            var node = todo.Pop();
            if (!visited.Add(node)) continue;
            if (node is CallNode c && ReferenceEquals(c.Grammar, g) && !called[c.Rule]) { called[c.Rule] = true; rules.Add(c.Rule); }
            foreach (var child in Linker.Children(node)) todo.Push(child);
        }
        return rules;
    }

    /// <summary>Codes <paramref name="call"/>'s rule body in place.</summary>
    private void GenInline(CallNode call, bool opt, int tt, Charset follow)
    {
        _inlineNesting++;
        try { Gen(call.Body, opt, tt, follow); }
        finally { _inlineNesting--; }
    }
}
