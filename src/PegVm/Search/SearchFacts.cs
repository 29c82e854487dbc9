// Search facts (derived by the compiler from the tree) -> the next position where a match can begin.
using System.Buffers;
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>How <see cref="SearchFacts.Next"/> finds candidate starts, strongest first.</summary>
internal enum SearchStrategy
{
    /// <summary>Every position is a candidate (the pattern may match the empty string, or begins with anything).</summary>
    EveryPosition,
    /// <summary>Every match begins with <see cref="SearchFacts.Prefix"/>: its two rarest bytes are searched together
    /// (<see cref="SearchFacts.Pair"/>), then the rest is checked.</summary>
    LeadingLiteral,
    /// <summary>A possessive span over <see cref="SearchFacts.SpanSet"/> then <see cref="SearchFacts.SpanLiteral"/>: find the
    /// literal, walk back over the span.</summary>
    LiteralAfterSpan,
    /// <summary>The bytes at fixed distances from the start lie in <see cref="SearchFacts.Sets"/>: search for the rarest set,
    /// verify the others.</summary>
    FixedSets,
}

/// <summary>
/// What the compiler proved about where a pattern's matches can begin, and the search routine that uses it. Every
/// fact is conservative: <see cref="Next"/> never passes over a position where the pattern could match. The
/// interpreter's <see cref="Opcode.Skip"/> and <see cref="Opcode.NextStart"/> run these routines, and compiled traces
/// call the same ones.
/// </summary>
internal sealed class SearchFacts
{
    /// <summary>No upper bound on a distance.</summary>
    public const int Unbounded = int.MaxValue;

    /// <summary>The strategy <see cref="Next"/> uses.</summary>
    public SearchStrategy Strategy { get; }
    /// <summary>Fewest bytes any match consumes (its end minus its start).</summary>
    public int MinLength { get; init; }
    /// <summary>Matches can begin only before this position (a leading <c>-B(n)</c>); <see cref="Unbounded"/> when any may.</summary>
    public int StartLimit { get; init; } = Unbounded;
    /// <summary>The literal every match begins with (<see cref="SearchStrategy.LeadingLiteral"/>).</summary>
    public byte[]? Prefix { get; init; }
    /// <summary>Byte sets at distances 0, 1, ... from the start that every match's bytes lie in; empty when unknown.</summary>
    public Charset[] Sets { get; }
    /// <summary>The index in <see cref="Sets"/> searched for (the rarest in typical text).</summary>
    public int Rarest { get; }
    /// <summary>Two small sets among <see cref="Sets"/>, the rarest, searched for together (null: fewer than two such sets;
    /// a leading literal always has them).</summary>
    public PairSearch? Pair { get; }
    /// <summary>Byte sets of the single bytes before the span (<see cref="SearchStrategy.LiteralAfterSpan"/>); the last is
    /// disjoint from <see cref="SpanSet"/>.</summary>
    public Charset[] SpanPrefix { get; init; } = [];
    /// <summary>The leading possessive span's set (<see cref="SearchStrategy.LiteralAfterSpan"/>).</summary>
    public Charset SpanSet { get; }
    /// <summary>Fewest bytes the leading span consumes.</summary>
    public int SpanMin { get; init; }
    /// <summary>The literal right after the leading span; its first byte is not in <see cref="SpanSet"/>.</summary>
    public byte[]? SpanLiteral { get; init; }
    /// <summary>A literal every match contains, at a distance from the start in [<see cref="RequiredMin"/>,
    /// <see cref="RequiredMax"/>]; null when none is known.</summary>
    public byte[]? Required { get; init; }
    /// <summary>Least distance from a match's start to <see cref="Required"/>.</summary>
    public int RequiredMin { get; init; }
    /// <summary>Greatest distance from a match's start to <see cref="Required"/> (<see cref="Unbounded"/> when unknown).</summary>
    public int RequiredMax { get; init; } = Unbounded;
    /// <summary>The possessive leading span whose end a failed attempt may skip to (see <see cref="After"/>); empty
    /// when the skip is not valid for this pattern.</summary>
    public Charset SkipSet { get; }

    private readonly SearchValues<byte>? _rarest, _spanValues, _skipValues;
    private readonly ulong[] _bits;

    /// <summary>Creates the facts; <see cref="Strategy"/> is chosen by the caller (the compiler). The pair search, when
    /// <paramref name="pairFirst"/> and <paramref name="pairSecond"/> name two of the sets, is made here: PairSearch
    /// holds vectors, whose size the hardware decides, so code of another assembly that handles one cannot be compiled
    /// ahead of time (it left the compiler's whole search analysis to the runtime in every fresh process).</summary>
    public SearchFacts(SearchStrategy strategy, Charset[] sets, int rarest, Charset spanSet, Charset skipSet, int pairFirst = -1, int pairSecond = -1)
    {
        if (pairFirst >= 0 && pairSecond >= 0) Pair = new PairSearch(sets[pairFirst], pairFirst, sets[pairSecond], pairSecond);
        Strategy = strategy;
        Sets = sets;
        Rarest = rarest;
        SpanSet = spanSet;
        SkipSet = skipSet;
        _bits = Charset.Bitmaps(sets);
        if (strategy is SearchStrategy.FixedSets or SearchStrategy.LeadingLiteral && sets.Length > 0) _rarest = SearchValues.Create(sets[rarest].ToBytes());
        if (strategy == SearchStrategy.LiteralAfterSpan) _spanValues = SearchValues.Create(spanSet.ToBytes());
        if (!skipSet.IsEmpty) _skipValues = SearchValues.Create(skipSet.ToBytes());
    }

    /// <summary>
    /// The first position at or after <paramref name="pos"/> where a match may begin, or -1 when there is none. With
    /// <see cref="MatchContext.CharacterStarts"/>, only positions that begin a UTF-8 character are returned.
    /// </summary>
    /// <remarks>Next and the loop under it are compiled optimized at their first call, and not left to tiering: a
    /// method an optimized one calls (and does not inline) still starts unoptimized, and the search loop's vector code
    /// has no precompiled form for the default baseline (the precompiled image holds it: Directory.Build.targets), so a
    /// process's first searches ran it unoptimized (pegrep with quick JIT for loops: url on urls-50m 121 -> 133 ms).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called from compiled traces: see PegJit.Tracer.TraceRuntime
    public int Next(ReadOnlySpan<byte> s, int pos, MatchContext ctx)
    {
        // A compiled trace whose skip finds nothing exits to the interpreter before the Skip, which asks again: the
        // last answer is kept, so a long scan is never made twice.
        if (pos == ctx.SkipFrom) return ctx.SkipAnswer;
        int answer = Scan(s, pos, ctx);
        ctx.SkipFrom = pos;
        ctx.SkipAnswer = answer;
        return answer;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the search loop: optimized from a process's first search, as Next
    private int Scan(ReadOnlySpan<byte> s, int pos, MatchContext ctx)
    {
        for (;;)
        {
            if (pos > s.Length - MinLength || pos >= StartLimit) return -1;
            int c = Candidate(s, pos, out int resume);
            if (c < 0) return -1;
            if (c > s.Length - MinLength) return -1;
            if (resume > c) { pos = resume; continue; }
            if (Required is not null && !HasRequired(s, c, ctx, ref pos)) { if (pos < 0) return -1; continue; }
            if (ctx.CharacterStarts && c < s.Length && (s[c] & 0xC0) == 0x80) { pos = c + 1; continue; }
            return c;
        }
    }

    // The strategy's next candidate at or after pos; `resume` > the candidate says "not this one, go on from there".
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Candidate(ReadOnlySpan<byte> s, int pos, out int resume)
    {
        resume = -1;
        switch (Strategy)
        {
            case SearchStrategy.LeadingLiteral or SearchStrategy.FixedSets:
                return FixedSetCandidate(s, pos, out resume);
            case SearchStrategy.LiteralAfterSpan:
                return SpanCandidate(s, pos, out resume);
            default:
                return pos;
        }
    }

    // The two rarest small sets together, or IndexOfAny of the rarest set at its distance; then every set is checked
    // at its distance (a leading literal's bytes are sets of one).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the search loop: optimized from a process's first search, as Next
    private int FixedSetCandidate(ReadOnlySpan<byte> s, int pos, out int resume)
    {
        resume = -1;
        int c;
        if (Pair is not null)
        {
            // Every set is checked inside the pair search, so what it finds is a candidate.
            return Pair.IndexFrom(s, pos, new SetsAt(_bits, Sets.Length));
        }
        else
        {
            int from = pos + Rarest;
            if (from > s.Length) return -1;
            int i = s[from..].IndexOfAny(_rarest!);
            if (i < 0) return -1;
            c = pos + i;   // the rarest set's byte is at c + Rarest
        }
        if (c + Sets.Length > s.Length) return -1;   // MinLength >= Sets.Length: no room for a match
        for (int k = 0; k < Sets.Length; k++)
        {
            if (!SpanScan.In(_bits, k, s[c + k])) { resume = c + 1; return c; }
        }
        return c;
    }

    // The fixed sets, each at its distance from a start (a start too near the end for all of them is none).
    private readonly struct SetsAt(ulong[] bits, int count) : PairSearch.ICheck
    {
        public bool Holds(ReadOnlySpan<byte> s, int c)
        {
            if (c + count > s.Length) return false;
            for (int k = 0; k < count; k++)
                if (!SpanScan.In(bits, k, s[c + k])) return false;
            return true;
        }
    }

    // Every match is "prefix P (k bytes), span over A (at least SpanMin bytes), then the literal L", with L[0] and P's last
    // byte outside A: the span from any start runs to the first byte outside A, so it ends right before an occurrence q of
    // L and begins at the start j of the run of A bytes before q, and the match at j - k. When that candidate fails (too
    // short a span, P not there), no match uses this occurrence, and one using a later one begins after q - k.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // the search loop: optimized from a process's first search, as Next
    private int SpanCandidate(ReadOnlySpan<byte> s, int pos, out int resume)
    {
        resume = -1;
        int k = SpanPrefix.Length;
        int from = pos + k + SpanMin;
        if (from > s.Length) return -1;
        int i = s[from..].IndexOf(SpanLiteral);
        if (i < 0) return -1;
        int q = from + i;
        int back = s[(pos + k)..q].LastIndexOfAnyExcept(_spanValues!);
        int j = back < 0 ? pos + k : pos + k + back + 1;
        int c = j - k;
        if (q - j < SpanMin || !PrefixAt(s, c)) { resume = q - k + 1; return pos; }
        return c;
    }

    private bool PrefixAt(ReadOnlySpan<byte> s, int c)
    {
        for (int t = 0; t < SpanPrefix.Length; t++)
            if (!SpanPrefix[t].Contains(s[c + t])) return false;
        return true;
    }

    // The required literal must occur at a distance in [RequiredMin, RequiredMax] from candidate c. The context caches
    // the first occurrence at or after some position, so that a whole search scans the subject for it once.
    private bool HasRequired(ReadOnlySpan<byte> s, int c, MatchContext ctx, ref int pos)
    {
        long need = (long)c + RequiredMin;
        if (need > s.Length) { pos = -1; return false; }
        if (ctx.RequiredFrom < 0 || need < ctx.RequiredFrom || (ctx.RequiredAt != Unbounded && ctx.RequiredAt < need))
        {
            int i = s[(int)need..].IndexOf(Required);
            ctx.RequiredFrom = (int)need;
            ctx.RequiredAt = i < 0 ? Unbounded : (int)need + i;
        }
        if (ctx.RequiredAt == Unbounded) { pos = -1; return false; }
        if (RequiredMax != Unbounded && ctx.RequiredAt - (long)c > RequiredMax) { pos = ctx.RequiredAt - RequiredMax; return false; }
        return true;
    }

    /// <summary>
    /// Where to look next after an attempt at <paramref name="start"/> failed: one byte on, or past the leading
    /// possessive span. An attempt whose leading span ran from p to q fails the same way from every start in (p, q):
    /// the span from there ends at q too, and what follows it does not depend on where the match began (valid only for
    /// patterns without match-time captures, which could observe the start). Greater than the length: no more starts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // called from compiled traces: see PegJit.Tracer.TraceRuntime
    public int After(ReadOnlySpan<byte> s, int start)
    {
        if (_skipValues is null || start >= s.Length || !SkipSet.Contains(s[start])) return start + 1;
        int n = s[(start + 1)..].IndexOfAnyExcept(_skipValues);
        return n < 0 ? s.Length : start + 1 + n;
    }

    /// <summary>The facts as text, for dumps and tests.</summary>
    public override string ToString()
    {
        var parts = new List<string> { Strategy.ToString(), $"min {MinLength}" };
        if (StartLimit != Unbounded) parts.Add($"starts before {StartLimit}");
        if (Prefix is not null) parts.Add($"prefix \"{Show(Prefix)}\"");
        if (Strategy == SearchStrategy.FixedSets) parts.Add($"sets {string.Join(" ", Sets.Select(x => x.ToString()))} rarest {Rarest}");
        if (Pair is not null) parts.Add($"pair at {Pair.D1} and {Pair.D2}");
        if (SpanLiteral is not null)
            parts.Add($"{(SpanPrefix.Length > 0 ? $"{SpanPrefix.Length} bytes, " : "")}span {SpanSet} (min {SpanMin}) then \"{Show(SpanLiteral)}\"");
        if (Required is not null) parts.Add($"requires \"{Show(Required)}\" at [{RequiredMin}, {(RequiredMax == Unbounded ? "inf" : RequiredMax)}]");
        if (!SkipSet.IsEmpty) parts.Add($"skip span {SkipSet}");
        return string.Join("; ", parts);
    }

    private static string Show(byte[] b) => string.Concat(b.Select(x => x is >= 32 and < 127 && x != '"' ? ((char)x).ToString() : $"\\x{x:x2}"));
}
