// A compiled pattern's search facts -> the lines of a block that can hold a match, candidate by candidate.
using PegJit;
using PegJit.Vm;

namespace Pegrep;

/// <summary>
/// What a line must hold for a match to begin in it, from the compiler's search facts (<see cref="Pattern.SearchFacts"/>):
/// a place where a match can begin (the facts' <see cref="SearchFacts.Next"/>: a leading literal, sets at fixed
/// distances, a literal after a leading span), room for the shortest match, and the literal every match contains.
/// Exact, never a guess: a line without all of these cannot match. Shared by every thread; the state of one search is
/// a <see cref="LineCandidates"/>.
/// </summary>
internal sealed class Prefilter
{
    private Prefilter(SearchFacts facts, byte[]? required, byte eol)
    {
        Facts = facts;
        Required = required;
        Eol = eol;
    }

    /// <summary>The byte that ends lines ('\n', or NUL with -z).</summary>
    public byte Eol { get; }

    /// <summary>The pattern's search facts.</summary>
    public SearchFacts Facts { get; }

    /// <summary>The literal every match contains, which a line must therefore hold; null when there is none, or when it
    /// holds the line terminator (no line does: then the matcher decides).</summary>
    public byte[]? Required { get; }

    /// <summary>
    /// The prefilter of a pattern matched within lines; null when a match may begin anywhere (the pattern may match
    /// the empty string, even at a line's end, or begins with any byte and contains no known literal), or when the facts
    /// do not carry over from a block to its lines: then every line is matched.
    /// </summary>
    /// <exception cref="PegException">The pattern is rejected when compiled.</exception>
    public static Prefilter? For(Pattern pattern, byte eol = (byte)'\n')
    {
        var facts = pattern.SearchFacts;
        // A start limit (a leading -B(n)) counts from the subject's start: from each line's, not the block's.
        if (facts.StartLimit != SearchFacts.Unbounded) return null;
        byte[]? required = facts.Required is { } r && !r.AsSpan().Contains(eol) ? r : null;
        if (facts.Strategy == SearchStrategy.EveryPosition && required is null) return null;
        return new Prefilter(facts, required, eol);
    }
}

/// <summary>
/// The candidate lines of one block, in order: each holds a place where a match may begin, room for the shortest match
/// after it, and the required literal after that. Every fact of a pattern holds for a line as for the block around it:
/// a match inside a line reads only that line's bytes, which are the block's bytes there. The facts may name a place
/// whose match would need bytes past the line's end (a set holding '\n', a span walked back over a '\n'): that is
/// only a candidate, which the matcher then rejects. One per search (not shared); <see cref="NewBlock"/> for each block.
/// </summary>
internal sealed class LineCandidates
{
    private readonly Prefilter _prefilter;
    private readonly MatchContext _context = new();   // the facts' per-subject caches: one block
    private int _requiredFrom = -1;                    // _requiredAt is the first occurrence at or after it (-1: none cached)
    private int _requiredAt;                           // -1: none

    public LineCandidates(Prefilter prefilter) => _prefilter = prefilter;

    /// <summary>Forgets what was learnt about the previous block.</summary>
    public void NewBlock()
    {
        _context.Reset();
        _requiredFrom = -1;
    }

    /// <summary>
    /// The first line at or after <paramref name="pos"/> (a line's start) that can hold a match: [<paramref name="start"/>,
    /// <paramref name="end"/>) without its '\n', and <paramref name="from"/>, the offset in it before which no match
    /// begins. False when no line of <c>block[pos..]</c> can hold one.
    /// </summary>
    public bool Next(ReadOnlySpan<byte> block, int pos, out int start, out int end, out int from)
    {
        var facts = _prefilter.Facts;
        byte eol = _prefilter.Eol;
        while (pos < block.Length)
        {
            int c = facts.Next(block, pos, _context);
            // A place at the very end, after the last '\n', is in no line.
            if (c < 0 || c == block.Length && block[^1] == eol) break;
            start = pos + block[pos..c].LastIndexOf(eol) + 1;
            int newline = block[c..].IndexOf(eol);
            end = newline < 0 ? block.Length : c + newline;
            if (end - c < facts.MinLength) pos = end + 1;                 // too short a rest for any match
            else if (!HoldsRequired(block, c, end, ref pos)) continue;   // pos moved to the literal's line
            else
            {
                from = c - start;
                return true;
            }
        }
        start = end = from = 0;
        return false;
    }

    // Whether the required literal occurs in the line after c, at c + RequiredMin or later (every match beginning at c or
    // after contains it there). If not, no line before the one holding its next occurrence can match: pos moves there.
    private bool HoldsRequired(ReadOnlySpan<byte> block, int c, int end, ref int pos)
    {
        if (_prefilter.Required is not { } literal) return true;
        long need = (long)c + _prefilter.Facts.RequiredMin;
        int q = need > block.Length ? -1 : RequiredAt(block, (int)need, literal);
        if (q >= 0 && q + literal.Length <= end) return true;
        if (q < 0) pos = block.Length;
        else pos = end + 1 + block[(end + 1)..q].LastIndexOf(_prefilter.Eol) + 1;   // the literal holds no terminator: q > end
        return false;
    }

    // The first occurrence of the literal at or after `need`, or -1; the last answer is kept, so that the block is
    // scanned for the literal once however many candidates ask.
    private int RequiredAt(ReadOnlySpan<byte> block, int need, byte[] literal)
    {
        if (_requiredFrom < 0 || need < _requiredFrom || (_requiredAt >= 0 && _requiredAt < need))
        {
            int i = block[need..].IndexOf(literal);
            _requiredFrom = need;
            _requiredAt = i < 0 ? -1 : need + i;
        }
        return _requiredAt;
    }
}
