// Pattern tree -> search facts: where a match can begin, what it must contain, how far a failure may skip.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Derives <see cref="SearchFacts"/> from a tree once, in the manner of .NET's RegexFindOptimizations. Every fact is
/// a necessary condition on a match; each derivation below says when it holds. The walks follow the pattern's leading
/// spine only, with fixed budgets, so deriving costs little even for huge patterns.
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

    // A derivation of leading sets from the top, with a fresh visit budget.
    private static (List<Charset> Sets, bool Exact)? Leading(Node n)
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
        if (sets.Count == 0 && !Analysis.Nullable(root) && Analysis.FirstSet(root, Charset.Full, out var first) == 0) sets = [first];
        var spine = Spine(root);
        var (strategy, prefix, rarest) = Choose(sets);
        var span = strategy == SearchStrategy.LeadingLiteral ? null : SpanThenLiteral(spine);
        // The literal after the span anchors the search only when it is rarer than what the leading sets offer (for
        // '"' [^"]* '"' the closing quote is no rarer than the opening one, and costs a walk back besides).
        if (span is not null && strategy == SearchStrategy.FixedSets && Rarity(span.Value.Literal) >= ByteFrequency.Of(sets[rarest])) span = null;
        if (span is not null) strategy = SearchStrategy.LiteralAfterSpan;
        var required = Required(spine, lengths);
        if (required is { } r && Covered(r, sets)) required = null;
        return new SearchFacts(strategy, [.. sets], rarest, span?.Set ?? default, hasRunTime ? default : SkipSpan(spine))
        {
            SpanPrefix = span?.Prefix ?? [],
            Pair = strategy is SearchStrategy.FixedSets or SearchStrategy.LeadingLiteral ? RarestPair(sets) : null,
            MinLength = min,
            StartLimit = StartLimit(spine),
            Prefix = prefix,
            SpanMin = span?.Min ?? 0,
            SpanLiteral = span?.Literal,
            Required = required?.Literal,
            RequiredMin = required?.Min ?? 0,
            RequiredMax = required?.Max ?? SearchFacts.Unbounded,
        };
    }

    // A required literal at a fixed distance whose bytes are singletons among the fixed sets adds nothing: every
    // candidate is checked against those sets (or found by them, as a leading literal).
    private static bool Covered((byte[] Literal, int Min, int Max) r, List<Charset> sets) =>
        r.Min == r.Max && r.Min + r.Literal.Length <= sets.Count
        && r.Literal.Select((b, j) => sets[r.Min + j].SingleByte == b).All(x => x);

    // How often a literal's rarest byte occurs (a literal is at least that rare).
    private static double Rarity(byte[] literal) => literal.Min(b => ByteFrequency.Of(Charset.Of(b)));

    // The two rarest sets small enough for the pair search, at two distances; null when fewer than two.
    private static PairSearch? RarestPair(List<Charset> sets)
    {
        var small = Enumerable.Range(0, sets.Count).Where(k => sets[k].Count is >= 1 and <= PairSearch.MaxSetSize)
            .OrderBy(k => ByteFrequency.Of(sets[k])).ThenBy(k => k).Take(2).ToArray();
        return small.Length < 2 ? null : new PairSearch(sets[small[0]], small[0], sets[small[1]], small[1]);
    }

    // A leading literal of two bytes or more (searched by its two rarest bytes); else the rarest non-full set at its distance.
    private static (SearchStrategy, byte[]?, int) Choose(List<Charset> sets)
    {
        int m = 0;
        while (m < sets.Count && sets[m].SingleByte >= 0) m++;
        if (m >= 2) return (SearchStrategy.LeadingLiteral, sets.Take(m).Select(s => (byte)s.SingleByte).ToArray(), 0);
        int best = -1;
        double bestCost = double.MaxValue;
        for (int k = 0; k < sets.Count; k++)
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
    private static (List<Charset> Sets, bool Exact)? LeadingSets(Node n, int calls, int nesting, ref int visitsLeft)
    {
        Deep.Check();
        if (nesting > MaxNesting || --visitsLeft < 0) return ([], false);   // conservative: no byte is ruled out
        nesting++;
        switch (n)
        {
            case CharNode or SetNode or AnyNode:
                Analysis.ToCharset(n, out var set);
                return ([set], true);
            case FalseNode: return null;
            case TrueNode or NotNode or AndNode or BehindNode: return ([], true);
            case UtfRangeNode u: return ([Charset.Range(Analysis.Utf8Lead(u.From), Analysis.Utf8Lead(u.To))], false);
            case RepNode: return ([], false);
            case CaptureNode c: return LeadingSets(c.Body, calls, nesting, ref visitsLeft);
            case RunTimeNode rt: return LeadingSets(rt.Body, calls, nesting, ref visitsLeft) is { } b ? (b.Sets, false) : null;
            case GrammarNode g: return calls < MaxCallDepth ? LeadingSets(g.Rules[0], calls + 1, nesting, ref visitsLeft) : ([], false);
            case CallNode call: return calls < MaxCallDepth ? LeadingSets(call.Body, calls + 1, nesting, ref visitsLeft) : ([], false);
            case ChoiceNode c: return Union(LeadingSets(c.First, calls, nesting, ref visitsLeft), LeadingSets(c.Second, calls, nesting, ref visitsLeft));
            case SeqNode s: return Sequence(s, calls, nesting, ref visitsLeft);
            default: return ([], false);
        }
    }

    // p1 p2 ...: concatenate while each part is exact; a chain of literal bytes is walked in a loop, not recursively.
    private static (List<Charset>, bool)? Sequence(SeqNode s, int calls, int nesting, ref int visitsLeft)
    {
        var all = new List<Charset>();
        Node n = s;
        while (n is SeqNode seq)
        {
            if (LeadingSets(seq.First, calls, nesting, ref visitsLeft) is not { } a) return null;
            all.AddRange(a.Sets);
            if (!a.Exact || all.Count >= MaxSets) return (Truncate(all), false);
            n = seq.Second;
        }
        if (LeadingSets(n, calls, nesting, ref visitsLeft) is not { } last) return null;
        all.AddRange(last.Sets);
        return all.Count > MaxSets ? (Truncate(all), false) : (all, last.Exact);
    }

    private static List<Charset> Truncate(List<Charset> sets) => sets.Count > MaxSets ? sets.GetRange(0, MaxSets) : sets;

    // p1 / p2: every match is one of either's, so byte k lies in the union, over the shorter guaranteed length.
    private static (List<Charset>, bool)? Union((List<Charset> Sets, bool Exact)? a, (List<Charset> Sets, bool Exact)? b)
    {
        if (a is null) return b;
        if (b is null) return a;
        int len = Math.Min(a.Value.Sets.Count, b.Value.Sets.Count);
        var u = new List<Charset>(len);
        for (int k = 0; k < len; k++) u.Add(a.Value.Sets[k] | b.Value.Sets[k]);
        return (u, a.Value.Exact && b.Value.Exact && a.Value.Sets.Count == b.Value.Sets.Count);
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
        var work = new Stack<(Node Node, int Calls)>();
        work.Push((root, 0));
        while (work.Count > 0 && spine.Count < MaxSpine)
        {
            var (n, calls) = work.Pop();
            switch (n)
            {
                case SeqNode s: work.Push((s.Second, calls)); work.Push((s.First, calls)); break;
                case CaptureNode c: work.Push((c.Body, calls)); break;
                case GrammarNode g when calls < MaxCallDepth: work.Push((g.Rules[0], calls + 1)); break;
                case CallNode call when calls < MaxCallDepth: work.Push((call.Body, calls + 1)); break;
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
    private static (Charset[] Prefix, Charset Set, int Min, byte[] Literal)? SpanThenLiteral(List<Node> spine)
    {
        if (LeadingSpan(spine) is not { } span) return null;
        var literal = LiteralAt(spine, span.Next);
        if (literal.Length == 0 || span.Set.Contains(literal[0])) return null;
        return (span.Prefix, span.Set, span.Min, literal);
    }

    /// <summary>
    /// The skip after a failed attempt (<see cref="SearchFacts.After"/>): the pattern begins with a possessive span "A{k}
    /// A*". Valid only without match-time captures (the caller's check): with them, a function could see where the match
    /// began (a capture around the span) and answer differently.
    /// </summary>
    private static Charset SkipSpan(List<Node> spine) => LeadingSpan(spine) is { Prefix.Length: 0 } span ? span.Set : default;

    // "P A{k} A*" at the spine's start: the prefix sets P (the last disjoint from A), A, k, and the index after the loop.
    private static (Charset[] Prefix, Charset Set, int Min, int Next)? LeadingSpan(List<Node> spine)
    {
        var singles = new List<Charset>();
        int i = 0;
        for (; i < spine.Count && Analysis.ToCharset(spine[i], out var one); i++) singles.Add(one);
        if (i >= spine.Count || spine[i] is not RepNode rep || !Analysis.ToCharset(rep.Body, out var set)) return null;
        if (set.IsEmpty || set.IsFull) return null;
        int m = singles.Count;
        while (m > 0 && singles[m - 1] == set) m--;      // single A bytes right before the loop count toward its minimum
        if (m > 0 && !singles[m - 1].IsDisjoint(set)) return null;
        return (singles.Take(m).ToArray(), set, singles.Count - m, i + 1);
    }

    // The literal bytes (consecutive Char elements) starting at spine[i].
    private static byte[] LiteralAt(List<Node> spine, int i)
    {
        var bytes = new List<byte>();
        for (; i < spine.Count && spine[i] is CharNode c; i++) bytes.Add(c.Byte);
        return [.. bytes];
    }

    /// <summary>
    /// A literal every match contains, with the least and greatest distance of its start from the match's start: the
    /// longest run of Char elements on the spine (the nearer one on a tie). Valid with captures and predicates (they
    /// consume nothing); a match-time capture may move the position on, so past one the greatest distance is unbounded.
    /// </summary>
    private static (byte[] Literal, int Min, int Max)? Required(List<Node> spine, Lengths lengths)
    {
        (byte[], int, int)? best = null;
        long dmin = 0, dmax = 0;
        for (int i = 0; i < spine.Count;)
        {
            if (spine[i] is TrueNode && i == spine.Count - 1) break;   // cut-off marker
            var literal = LiteralAt(spine, i);
            if (literal.Length > 0)
            {
                if (best is null || literal.Length > best.Value.Item1.Length)
                    best = (literal, (int)Math.Min(dmin, int.MaxValue), dmax >= SearchFacts.Unbounded ? SearchFacts.Unbounded : (int)dmax);
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
        return Leading(b.Body) is { Exact: true } s && s.Sets.Count == b.Length && s.Sets.All(x => x.IsFull) ? b.Length : SearchFacts.Unbounded;
    }
}
