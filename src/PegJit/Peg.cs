// The public entry points: anchored Match, unanchored Find / Matches, and Replace (gsub).
using System.Text;

namespace PegJit;

/// <summary>
/// Matching with PegJit patterns. <see cref="Match(Pattern, string, int, MatchOptions?)"/> is LPeg's
/// <c>lpeg.match</c> (anchored at <c>init</c>); <see cref="Find(Pattern, string, int, MatchOptions?)"/>,
/// <see cref="Matches(Pattern, string, int, MatchOptions?)"/> and <see cref="Replace(Pattern, string, string, MatchOptions?)"/>
/// search (skipping ahead to bytes that can start a match).
/// </summary>
/// <remarks>
/// Strings are matched as their UTF-8 bytes, exactly as LPeg matches Lua strings; results come back in UTF-16
/// indices and strings. Searches over a string start only at character boundaries.
/// </remarks>
public static class Peg
{
    /// <summary>Matches <paramref name="pattern"/> at <paramref name="init"/> (negative: from the end).</summary>
    public static MatchResult Match(Pattern pattern, string subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject);
        return Match(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>Matches <paramref name="pattern"/> over bytes at <paramref name="init"/> (negative: from the end).</summary>
    public static MatchResult Match(Pattern pattern, ReadOnlySpan<byte> subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        return Match(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static MatchResult Match(Pattern pattern, in Subject s, int init, MatchOptions o)
    {
        var prog = pattern.Program;
        var ctx = Engine.Rent(o);
        try { return Engine.Attempt(prog, s, s.InitPosition(init), o, ctx); }
        finally { Engine.Return(ctx); }
    }

    /// <summary>The first match at or after <paramref name="init"/>.</summary>
    public static MatchResult Find(Pattern pattern, string subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject);
        return Find(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>The first match at or after <paramref name="init"/>, over bytes.</summary>
    public static MatchResult Find(Pattern pattern, ReadOnlySpan<byte> subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        return Find(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static MatchResult Find(Pattern pattern, in Subject s, int init, MatchOptions o)
    {
        var prog = pattern.Program;
        var ctx = Engine.Rent(o);
        try { return Engine.Search(prog, s, s.InitPosition(init), o, ctx); }
        finally { Engine.Return(ctx); }
    }

    /// <summary>All non-overlapping matches, left to right; after an empty match the search moves on one position.</summary>
    public static IReadOnlyList<MatchResult> Matches(Pattern pattern, string subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        using var utf8 = new Utf8Subject(subject);
        return Matches(pattern, new Subject(utf8.Bytes, subject, (int)o.PositionBase), init, o);
    }

    /// <summary>All non-overlapping matches over bytes.</summary>
    public static IReadOnlyList<MatchResult> Matches(Pattern pattern, ReadOnlySpan<byte> subject, int init = 0, MatchOptions? options = null)
    {
        var o = options ?? MatchOptions.Default;
        return Matches(pattern, new Subject(subject, null, (int)o.PositionBase), init, o);
    }

    private static List<MatchResult> Matches(Pattern pattern, in Subject s, int init, MatchOptions o)
    {
        var prog = pattern.Program;
        var results = new List<MatchResult>();
        var ctx = Engine.Rent(o);
        try
        {
            int pos = s.InitPosition(init);
            while (pos <= s.Bytes.Length)
            {
                var r = Engine.Search(prog, s, pos, o, ctx);
                if (!r.Success) break;
                results.Add(r);
                int start = s.ToByte(r.Start - s.Base), end = s.ToByte(r.End - s.Base);
                pos = end > start ? end : NextStart(s, start);
            }
        }
        finally { Engine.Return(ctx); }
        return results;
    }

    private static int NextStart(in Subject s, int pos)
    {
        do pos++; while (pos < s.Bytes.Length && !s.IsStart(pos));
        return pos;
    }

    /// <summary>
    /// LPeg's <c>re.gsub</c>: each match is replaced by <paramref name="replacement"/>, in which <c>%0</c> is the
    /// match, <c>%1</c>..<c>%9</c> its captures and <c>%%</c> a percent sign.
    /// </summary>
    public static string Replace(Pattern pattern, string subject, string replacement, MatchOptions? options = null) =>
        Replace(pattern / replacement, subject, r => r.Value as string, options);

    /// <summary>Replaces each match by what <paramref name="evaluator"/> returns for it (null keeps the matched text).</summary>
    public static string Replace(Pattern pattern, string subject, Func<MatchResult, string?> evaluator, MatchOptions? options = null)
    {
        var o = (options ?? MatchOptions.Default) with { PositionBase = PositionBase.Zero };
        var sb = new StringBuilder(subject.Length);
        int last = 0;
        foreach (var m in Matches(pattern, subject, 0, o))
        {
            sb.Append(subject, last, m.Start - last);
            sb.Append(evaluator(m) ?? subject.Substring(m.Start, m.Length));
            last = m.End;
        }
        return sb.Append(subject, last, subject.Length - last).ToString();
    }
}
