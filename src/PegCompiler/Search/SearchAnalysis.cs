// Pattern tree -> search facts: where a match can begin, what it must contain, how far a failure may skip.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Derives <see cref="SearchFacts"/> from a tree once, in the manner of .NET's RegexFindOptimizations. Every fact is
/// a necessary condition on a match; each derivation below says when it holds. The walks follow the pattern's leading
/// spine only, with fixed budgets, so deriving costs little even for huge patterns. The sets travel as arrays and the
/// partial results as small classes: lists and tuples of structs are generic code that a ReadyToRun image cannot hold,
/// which the runtime compiled (about 100 methods) at each process's first search.
/// </summary>
internal static class SearchAnalysis
{
    /// <summary>Most byte sets at fixed distances kept.</summary>
    public const int MaxSets = 16;
    /// <summary>Most elements of the leading sequence looked at.</summary>
    private const int MaxSpine = 64;
    /// <summary>Deepest chain of rule calls followed.</summary>
    private const int MaxCallDepth = 16;
    /// <summary>Deepest nesting of choices, captures and calls looked into for leading sets; below it nothing is known.</summary>
    private const int MaxNesting = 256;
    /// <summary>Most nodes one leading-set derivation visits (rules that call two rules each would make it exponential).</summary>
    private const int MaxVisits = 20_000;

    /// <summary>Byte sets at distances 0, 1, ... (see <see cref="LeadingSets"/>); Exact: every match is that long.</summary>
    private sealed record SetRun(Charset[] Sets, bool Exact);

    /// <summary>A literal and the least and greatest distance of its start from the match's start.</summary>
    private sealed record Literal(byte[] Bytes, int Min, int Max);

    /// <summary>"P A{k} A*": the prefix sets P, the span's set A, k, and where the spine goes on after the loop.</summary>
    private sealed record Span(Charset[] Prefix, Charset Set, int Min, int Next);

    /// <summary>A node on the way down the leading sequence, and the rule calls followed to reach it.</summary>
    private sealed record Step(Node Node, int Calls);

    private static readonly SetRun Unknown = new([], false);   // conservative: no byte is ruled out

    // A derivation of leading sets from the top, with a fresh visit budget.
    private static SetRun? Leading(Node n)
    {
        int visitsLeft = MaxVisits;
        return LeadingSets(n, 0, 0, ref visitsLeft);
    }

    /// <summary>The facts of <paramref name="root"/>; <paramref name="hasRunTime"/> says whether it has match-time captures.</summary>
    public static SearchFacts Derive(Node root, bool hasRunTime) => Deep.Run(root.Depth, () => DeriveOnStack(root, hasRunTime));

    private static SearchFacts DeriveOnStack(Node root, bool hasRunTime)
    {
        var lengths = new Lengths();
        int min = lengths.Min(root);
        var sets = Leading(root)?.Sets ?? [Charset.Empty];   // null: the pattern never matches
        if (sets.Length == 0 && !Analysis.Nullable(root) && Analysis.FirstSet(root, Charset.Full, out var first) == 0) sets = [first];
        var spine = Spine(root);
        var (strategy, prefix, rarest) = Choose(sets);
        byte[] spanLiteral = [];
        var span = strategy == SearchStrategy.LeadingLiteral ? null : SpanThenLiteral(spine, out spanLiteral);
        // The literal after the span anchors the search only when it is rarer than what the leading sets offer (for
        // '"' [^"]* '"' the closing quote is no rarer than the opening one, and costs a walk back besides).
        if (span is not null && strategy == SearchStrategy.FixedSets && Rarity(spanLiteral) >= ByteFrequency.Of(sets[rarest])) span = null;
        if (span is not null) strategy = SearchStrategy.LiteralAfterSpan;
        var required = Required(spine, lengths);
        if (required is not null && Covered(required, sets)) required = null;
        (int pairFirst, int pairSecond) = strategy is SearchStrategy.FixedSets or SearchStrategy.LeadingLiteral ? RarestPair(sets) : (-1, -1);
        return new SearchFacts(strategy, [.. sets], rarest, span?.Set ?? default, hasRunTime ? default : SkipSpan(spine), pairFirst, pairSecond)
        {
            SpanPrefix = span?.Prefix ?? [],
            MinLength = min,
            StartLimit = StartLimit(spine),
            Prefix = prefix,
            SpanMin = span?.Min ?? 0,
            SpanLiteral = span is null ? null : spanLiteral,
            Required = required?.Bytes,
            RequiredMin = required?.Min ?? 0,
            RequiredMax = required?.Max ?? SearchFacts.Unbounded,
        };
    }

    // A required literal at a fixed distance whose bytes are singletons among the fixed sets adds nothing: every
    // candidate is checked against those sets (or found by them, as a leading literal).
    private static bool Covered(Literal r, Charset[] sets)
    {
        if (r.Min != r.Max || r.Min + r.Bytes.Length > sets.Length) return false;
        for (int j = 0; j < r.Bytes.Length; j++)
            if (sets[r.Min + j].SingleByte != r.Bytes[j]) return false;
        return true;
    }

    // How often a literal's rarest byte occurs (a literal is at least that rare).
    private static double Rarity(byte[] literal)
    {
        double rarest = double.MaxValue;
        foreach (byte b in literal) rarest = Math.Min(rarest, ByteFrequency.Of(Charset.Of(b)));
        return rarest;
    }

    // The distances of the two rarest sets small enough for the pair search (the nearer one on a tie); -1 when fewer
    // than two.
    private static (int, int) RarestPair(Charset[] sets)
    {
        int first = -1, second = -1;
        for (int k = 0; k < sets.Length; k++)
        {
            if (sets[k].Count is < 1 or > PairSearch.MaxSetSize) continue;
            if (first < 0 || ByteFrequency.Of(sets[k]) < ByteFrequency.Of(sets[first])) (first, second) = (k, first);
            else if (second < 0 || ByteFrequency.Of(sets[k]) < ByteFrequency.Of(sets[second])) second = k;
        }
        return second < 0 ? (-1, -1) : (first, second);
    }

    // A leading literal of two bytes or more (searched by its two rarest bytes); else the rarest non-full set at its distance.
    private static (SearchStrategy, byte[]?, int) Choose(Charset[] sets)
    {
        int m = 0;
        while (m < sets.Length && sets[m].SingleByte >= 0) m++;
        if (m >= 2)
        {
            var literal = new byte[m];
            for (int k = 0; k < m; k++) literal[k] = (byte)sets[k].SingleByte;
            return (SearchStrategy.LeadingLiteral, literal, 0);
        }
        int best = -1;
        double bestCost = double.MaxValue;
        for (int k = 0; k < sets.Length; k++)
        {
            if (sets[k].IsFull) continue;
            double cost = ByteFrequency.Of(sets[k]);
            if (cost < bestCost) { best = k; bestCost = cost; }
        }
        return best < 0 ? (SearchStrategy.EveryPosition, null, 0) : (SearchStrategy.FixedSets, null, best);
    }

    // ---- byte sets at fixed distances ----------------------------------------------------------------

    /// <summary>
    /// Sets at distances 0, 1, ...: byte k of every match of <paramref name="n"/> lies in Sets[k], and every match is at
    /// least that long. Exact: every match is exactly that long, so what follows continues the sequence. Null: no
    /// match at all. Valid with captures (they consume nothing of their own) and predicates (they consume nothing);
    /// a match-time capture ends exactness (its function may move on), and so does anything of variable length.
    /// </summary>
    private static SetRun? LeadingSets(Node n, int calls, int nesting, ref int visitsLeft)
    {
        Deep.Check();
        if (nesting > MaxNesting || --visitsLeft < 0) return Unknown;
        nesting++;
        switch (n)
        {
            case CharNode or SetNode or AnyNode:
                Analysis.ToCharset(n, out var set);
                return new([set], true);
            case FalseNode: return null;
            case TrueNode or NotNode or AndNode or BehindNode: return new([], true);
            case UtfRangeNode u: return new([Charset.Range(Analysis.Utf8Lead(u.From), Analysis.Utf8Lead(u.To))], false);
            case RepNode: return Unknown;
            case CaptureNode c: return LeadingSets(c.Body, calls, nesting, ref visitsLeft);
            case RunTimeNode rt: return LeadingSets(rt.Body, calls, nesting, ref visitsLeft) is { } b ? new(b.Sets, false) : null;
            case GrammarNode g: return calls < MaxCallDepth ? LeadingSets(g.Rules[0], calls + 1, nesting, ref visitsLeft) : Unknown;
            case CallNode call: return calls < MaxCallDepth ? LeadingSets(call.Body, calls + 1, nesting, ref visitsLeft) : Unknown;
            case ChoiceNode c: return Union(LeadingSets(c.First, calls, nesting, ref visitsLeft), LeadingSets(c.Second, calls, nesting, ref visitsLeft));
            case SeqNode s: return Sequence(s, calls, nesting, ref visitsLeft);
            default: return Unknown;
        }
    }

    // p1 p2 ...: concatenate while each part is exact; a chain of literal bytes is walked in a loop, not recursively.
    private static SetRun? Sequence(SeqNode s, int calls, int nesting, ref int visitsLeft)
    {
        // At most MaxSets are kept, and each part adds at most MaxSets more before the check.
        var all = new Charset[2 * MaxSets];
        int count = 0;
        Node n = s;
        while (n is SeqNode seq)
        {
            if (LeadingSets(seq.First, calls, nesting, ref visitsLeft) is not { } a) return null;
            count = Append(all, count, a.Sets);
            if (!a.Exact || count >= MaxSets) return new(Prefix(all, Math.Min(count, MaxSets)), false);
            n = seq.Second;
        }
        if (LeadingSets(n, calls, nesting, ref visitsLeft) is not { } last) return null;
        count = Append(all, count, last.Sets);
        return count > MaxSets ? new(Prefix(all, MaxSets), false) : new(Prefix(all, count), last.Exact);
    }

    // Appends what fits of `sets` (a part's sets, at most MaxSets of them after its own truncation).
    private static int Append(Charset[] all, int count, Charset[] sets)
    {
        int n = Math.Min(sets.Length, all.Length - count);
        Array.Copy(sets, 0, all, count, n);
        return count + n;
    }

    private static Charset[] Prefix(Charset[] sets, int length)
    {
        var p = new Charset[length];
        Array.Copy(sets, p, length);
        return p;
    }

    // p1 / p2: every match is one of either's, so byte k lies in the union, over the shorter guaranteed length.
    private static SetRun? Union(SetRun? a, SetRun? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        int len = Math.Min(a.Sets.Length, b.Sets.Length);
        var u = new Charset[len];
        for (int k = 0; k < len; k++) u[k] = a.Sets[k] | b.Sets[k];
        return new(u, a.Exact && b.Exact && a.Sets.Length == b.Sets.Length);
    }

    // ---- the leading sequence ------------------------------------------------------------------------

    /// <summary>
    /// The elements every match runs through in order, from its start: a sequence flattened through captures (which
    /// consume nothing of their own) and rule calls (a call matches its rule's body). Choices, loops, predicates and
    /// match-time captures are single elements.
    /// </summary>
    private static List<Node> Spine(Node root)
    {
        var spine = new List<Node>();
        var work = new Stack<Step>();
        work.Push(new(root, 0));
        while (work.Count > 0 && spine.Count < MaxSpine)
        {
            var (n, calls) = work.Pop();
            switch (n)
            {
                case SeqNode s: work.Push(new(s.Second, calls)); work.Push(new(s.First, calls)); break;
                case CaptureNode c: work.Push(new(c.Body, calls)); break;
                case GrammarNode g when calls < MaxCallDepth: work.Push(new(g.Rules[0], calls + 1)); break;
                case CallNode call when calls < MaxCallDepth: work.Push(new(call.Body, calls + 1)); break;
                case TrueNode: break;
                default: spine.Add(n); break;
            }
        }
        if (work.Count > 0) spine.Add(TrueNode.Instance);   // a cut-off marker: nothing is known past here
        return spine;
    }

    /// <summary>
    /// "P A{k} A* L ...": single bytes of fixed sets P, k single bytes of set A, a loop over A, then a literal whose first
    /// byte is outside A, and P's last set disjoint from A. The loop is possessive, so from any start it runs to the
    /// first byte outside A, which must begin L; and since P's last byte is outside A, the span begins right after the
    /// run of A bytes that ends there, and the match |P| bytes before. Valid with captures and with match-time captures
    /// later in the pattern (it only says where L and P must be).
    /// </summary>
    private static Span? SpanThenLiteral(List<Node> spine, out byte[] literal)
    {
        literal = [];
        if (LeadingSpan(spine) is not { } span) return null;
        literal = LiteralAt(spine, span.Next);
        return literal.Length == 0 || span.Set.Contains(literal[0]) ? null : span;
    }

    /// <summary>
    /// The skip after a failed attempt (<see cref="SearchFacts.After"/>): the pattern begins with a possessive span "A{k}
    /// A*". Valid only without match-time captures (the caller's check): with them, a function could see where the match
    /// began (a capture around the span) and answer differently.
    /// </summary>
    private static Charset SkipSpan(List<Node> spine) => LeadingSpan(spine) is { Prefix.Length: 0 } span ? span.Set : default;

    // "P A{k} A*" at the spine's start: the prefix sets P (the last disjoint from A), A, k, and the index after the loop.
    private static Span? LeadingSpan(List<Node> spine)
    {
        var singles = new Charset[spine.Count];
        int i = 0;
        for (; i < spine.Count && Analysis.ToCharset(spine[i], out var one); i++) singles[i] = one;
        if (i >= spine.Count || spine[i] is not RepNode rep || !Analysis.ToCharset(rep.Body, out var set)) return null;
        if (set.IsEmpty || set.IsFull) return null;
        int m = i;
        while (m > 0 && singles[m - 1] == set) m--;      // single A bytes right before the loop count toward its minimum
        if (m > 0 && !singles[m - 1].IsDisjoint(set)) return null;
        return new Span(Prefix(singles, m), set, i - m, i + 1);
    }

    // The literal bytes (consecutive Char elements) starting at spine[i].
    private static byte[] LiteralAt(List<Node> spine, int i)
    {
        int end = i;
        while (end < spine.Count && spine[end] is CharNode) end++;
        var bytes = new byte[end - i];
        for (int k = 0; k < bytes.Length; k++) bytes[k] = ((CharNode)spine[i + k]).Byte;
        return bytes;
    }

    /// <summary>
    /// A literal every match contains, with the least and greatest distance of its start from the match's start: the
    /// longest run of Char elements on the spine (the nearer one on a tie). Valid with captures and predicates (they
    /// consume nothing); a match-time capture may move the position on, so past one the greatest distance is unbounded.
    /// </summary>
    private static Literal? Required(List<Node> spine, Lengths lengths)
    {
        Literal? best = null;
        long dmin = 0, dmax = 0;
        for (int i = 0; i < spine.Count;)
        {
            if (spine[i] is TrueNode && i == spine.Count - 1) break;   // cut-off marker
            var literal = LiteralAt(spine, i);
            if (literal.Length > 0)
            {
                if (best is null || literal.Length > best.Bytes.Length)
                    best = new(literal, (int)Math.Min(dmin, int.MaxValue), dmax >= SearchFacts.Unbounded ? SearchFacts.Unbounded : (int)dmax);
                dmin += literal.Length;
                dmax += literal.Length;
                i += literal.Length;
                continue;
            }
            dmin += lengths.Min(spine[i]);
            int max = lengths.Max(spine[i]);
            dmax = max == SearchFacts.Unbounded || dmax >= SearchFacts.Unbounded ? SearchFacts.Unbounded : dmax + max;
            i++;
        }
        return best;
    }

    /// <summary>A leading <c>-B(n)</c> whose body accepts any n bytes: matches begin only before position n.</summary>
    private static int StartLimit(List<Node> spine)
    {
        if (spine.Count == 0 || spine[0] is not NotNode { Body: BehindNode b }) return SearchFacts.Unbounded;
        if (Leading(b.Body) is not { Exact: true } s || s.Sets.Length != b.Length) return SearchFacts.Unbounded;
        foreach (var set in s.Sets)
            if (!set.IsFull) return SearchFacts.Unbounded;
        return b.Length;
    }
}
