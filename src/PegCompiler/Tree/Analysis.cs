// Tree -> facts codegen asks about: nullable, nofail, fixed length, first set, head-fail, has captures.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Small pure analyses over pattern trees. Each is conservative in LPeg's sense (a "yes" from
/// <see cref="NoFail"/> is certain; a "no" from <see cref="Nullable"/> is certain). Tail positions loop
/// instead of recursing, so long chains cost no stack.
/// </summary>
internal static class Analysis
{
    /// <summary>The set of bytes a single-byte pattern accepts (Char, Set, Any, False), if it is one.</summary>
    public static bool ToCharset(Node n, out Charset set)
    {
        switch (n)
        {
            case CharNode c: set = Charset.Of(c.Byte); return true;
            case SetNode s: set = s.Set; return true;
            case AnyNode: set = Charset.Full; return true;
            case FalseNode: set = Charset.Empty; return true;
            default: set = default; return false;
        }
    }

    /// <summary>Whether the pattern can succeed without consuming input (true for every such pattern; false may be wrong only for open calls).</summary>
    public static bool Nullable(Node n) => Known(n, n.FactsIfAny?.Nullable) ?? Deep.Run(n.Depth, () => Check(n, nofail: false));

    /// <summary>Whether the pattern never fails (a true answer is certain).</summary>
    public static bool NoFail(Node n) => Known(n, n.FactsIfAny?.NoFail) ?? Deep.Run(n.Depth, () => Check(n, nofail: true));

    // A remembered answer, or one a leaf gives at once, without the closure and stack check of a walk (codegen asks
    // about every element of a literal's chain).
    private static bool? Known(Node n, int? cached) => cached is 0 or 1 ? cached == 1
        : n is CharNode or SetNode or AnyNode or FalseNode ? false : n is TrueNode ? true : null;

    // Pure once the grammar is bound (only left recursion could make it loop, and grammars with it are rejected
    // before any code is generated), so remembered on every node.
    private static bool Check(Node n, bool nofail)
    {
        ref int cached = ref nofail ? ref n.Facts.NoFail : ref n.Facts.Nullable;
        if (cached == NodeFacts.Unknown) cached = CheckUncached(n, nofail) ? 1 : 0;
        return cached == 1;
    }

    private static bool CheckUncached(Node n, bool nofail)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode or UtfRangeNode or FalseNode or OpenCallNode: return false;
                case RepNode or TrueNode: return true;
                case NotNode or BehindNode: return !nofail;
                case AndNode a: return !nofail || Check(a.Body, nofail);
                case RunTimeNode r: return !nofail && Check(r.Body, nofail);
                case SeqNode s: if (!Check(s.First, nofail)) return false; n = s.Second; break;
                case ChoiceNode c: return Check(c.Second, nofail) || Check(c.First, nofail);
                case CaptureNode c: return Check(c.Body, nofail);
                case GrammarNode g: return Check(g.Rules[0], nofail);
                case CallNode c: return Check(c.Body, nofail);
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    /// <summary>Number of bytes the pattern always consumes, or -1 when variable.</summary>
    public static int FixedLength(Node n) => n is CharNode or SetNode or AnyNode ? 1
        : n.FactsIfAny is { FixedLength: not NodeFacts.Unknown } f ? f.FixedLength
        : Deep.Run(n.Depth, () => FixedLen(n, null));

    // Answers found with no call on the way are the node's own; under a call, a cycle back to it reads as variable
    // length for the nodes on the way only, so those are not remembered.
    private static int FixedLen(Node n, HashSet<CallNode>? visiting)
    {
        if (visiting is { Count: > 0 }) return FixedLenUncached(n, visiting);
        var facts = n.Facts;
        if (facts.FixedLength == NodeFacts.Unknown) facts.FixedLength = FixedLenUncached(n, null);
        return facts.FixedLength;
    }

    private static int FixedLenUncached(Node n, HashSet<CallNode>? visiting)
    {
        Deep.Check();
        int len = 0;
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode: return len + 1;
                case UtfRangeNode u:
                    int a = Utf8Length(u.From), b = Utf8Length(u.To);
                    return a == b ? len + a : -1;
                case FalseNode or TrueNode or NotNode or AndNode or BehindNode: return len;
                case RepNode or RunTimeNode or OpenCallNode: return -1;
                case CaptureNode c: return Add(len, FixedLen(c.Body, visiting));
                case GrammarNode g: return Add(len, FixedLen(g.Rules[0], visiting));
                case CallNode call:
                {
                    visiting ??= new();
                    if (!visiting.Add(call)) return -1;
                    int r = FixedLen(call.Body, visiting);
                    visiting.Remove(call);
                    return r < 0 ? -1 : len + r;
                }
                case SeqNode s:
                {
                    int r = FixedLen(s.First, visiting);
                    if (r < 0) return -1;
                    len += r;
                    n = s.Second;
                    break;
                }
                case ChoiceNode c:
                {
                    int r1 = FixedLen(c.First, visiting), r2 = FixedLen(c.Second, visiting);
                    return r1 != r2 || r1 < 0 ? -1 : len + r1;
                }
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    private static int Add(int len, int rest) => rest < 0 ? -1 : len + rest;

    /// <summary>Bytes in the UTF-8 encoding (LPeg's extended form, up to 6 bytes) of a code point.</summary>
    public static int Utf8Length(int cp) => cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : cp < 0x200000 ? 4 : cp < 0x4000000 ? 5 : 6;

    /// <summary>First byte of the UTF-8 encoding of a code point.</summary>
    public static int Utf8Lead(int cp) => Utf8Length(cp) switch
    {
        1 => cp,
        2 => 0xC0 | (cp >> 6),
        3 => 0xE0 | (cp >> 12),
        4 => 0xF0 | (cp >> 18),
        5 => 0xF8 | (cp >> 24),
        _ => 0xFC | (cp >> 30),
    };

    /// <summary>Whether any capture (or match-time capture) occurs in the pattern, following calls.</summary>
    public static bool HasCaptures(Node n) => n is CharNode or SetNode or AnyNode ? false
        : n.FactsIfAny is { HasCaptures: 0 or 1 } f ? f.HasCaptures == 1
        : Deep.Run(n.Depth, () => HasCaps(n, null));

    // As FixedLen: a call already being visited reads as capture-free, which holds for the nodes on the way only.
    private static bool HasCaps(Node n, HashSet<CallNode>? visiting)
    {
        if (visiting is { Count: > 0 }) return HasCapsUncached(n, visiting);
        var facts = n.Facts;
        if (facts.HasCaptures == NodeFacts.Unknown) facts.HasCaptures = HasCapsUncached(n, null) ? 1 : 0;
        return facts.HasCaptures == 1;
    }

    private static bool HasCapsUncached(Node n, HashSet<CallNode>? visiting)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CaptureNode or RunTimeNode: return true;
                case CallNode call:
                {
                    visiting ??= new();
                    if (!visiting.Add(call)) return false;
                    bool r = HasCaps(call.Body, visiting);
                    visiting.Remove(call);
                    return r;
                }
                case GrammarNode g: return HasCaps(g.Rules[0], visiting);
                case RepNode r: return HasCaps(r.Body, visiting);
                case NotNode x: return HasCaps(x.Body, visiting);
                case AndNode x: return HasCaps(x.Body, visiting);
                case BehindNode x: return HasCaps(x.Body, visiting);
                case SeqNode s: if (HasCaps(s.First, visiting)) return true; n = s.Second; break;
                case ChoiceNode c: return HasCaps(c.First, visiting) || HasCaps(c.Second, visiting);
                default: return false;
            }
        }
    }

    /// <summary>Flags from <see cref="FirstSet"/>: the pattern may match the empty string.</summary>
    public const int AcceptsEmpty = 1;
    /// <summary>Flags from <see cref="FirstSet"/>: a match-time capture must not be bypassed.</summary>
    public const int HasMatchTime = 2;

    /// <summary>
    /// The first set of <paramref name="n"/> given the first set <paramref name="follow"/> of what follows it:
    /// a byte not in it makes the pattern fail. Returns 0 when a test on it may guard the pattern, else flags.
    /// The answer depends on the node and the follow set only (calls are bound by then), so it is remembered.
    /// </summary>
    // Remembered on each node for the last follow set asked: codegen asks each level of a nested choice or
    // repetition about the levels below it, with the same follow set, which without the memo is quadratic.
    public static int FirstSet(Node n, Charset follow, out Charset first)
    {
        if (n.Facts.First is { } known && known.Follow.Equals(follow))
        {
            first = known.First;
            return known.Flags;
        }
        int flags = FirstSetUncached(n, follow, out first);
        if (n is not (CharNode or SetNode or AnyNode or FalseNode or TrueNode)) n.Facts.First = new FirstSetAnswer(follow, first, flags);
        return flags;
    }

    private static int FirstSetUncached(Node n, Charset follow, out Charset first)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode or FalseNode:
                    ToCharset(n, out first);
                    return 0;
                case UtfRangeNode u:
                    first = Charset.Range(Utf8Lead(u.From), Utf8Lead(u.To));
                    return 0;
                case TrueNode:
                    first = follow;
                    return AcceptsEmpty;
                case ChoiceNode c:
                {
                    int e1 = FirstSet(c.First, follow, out var f1);
                    int e2 = FirstSet(c.Second, follow, out var f2);
                    first = f1 | f2;
                    return e1 | e2;
                }
                case SeqNode s:
                    if (!Nullable(s.First)) return FirstSet(s.First, Charset.Full, out first);
                    else
                    {
                        int e2 = FirstSet(s.Second, follow, out var f2);
                        int e1 = FirstSet(s.First, f2, out first);
                        if (e1 == 0) return 0;
                        if (((e1 | e2) & HasMatchTime) != 0) return HasMatchTime;
                        return e2;
                    }
                case RepNode r:
                    FirstSet(r.Body, follow, out var fr);
                    first = fr | follow;
                    return AcceptsEmpty;
                case CaptureNode c: return FirstSet(c.Body, follow, out first);
                case GrammarNode g: return FirstSet(g.Rules[0], follow, out first);
                case CallNode call: return FirstSet(call.Body, follow, out first);
                case RunTimeNode rt:
                {
                    int e = FirstSet(rt.Body, Charset.Full, out first);
                    return e != 0 ? HasMatchTime : 0;
                }
                case AndNode a:
                {
                    int e = FirstSet(a.Body, follow, out var fa);
                    first = fa & follow;
                    return e;
                }
                case NotNode x when ToCharset(x.Body, out var notSet):
                    first = ~notSet;
                    return AcceptsEmpty;
                case NotNode x:
                {
                    int e = FirstSet(x.Body, follow, out _);
                    first = follow;
                    return e | AcceptsEmpty;
                }
                case BehindNode b:
                {
                    int e = FirstSet(b.Body, follow, out _);
                    first = follow;
                    return e | AcceptsEmpty;
                }
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    /// <summary>Whether the pattern can fail only by looking at the next byte (so a test can replace a choice point).</summary>
    public static bool HeadFail(Node n)
    {
        var facts = n.Facts;
        if (facts.HeadFail == NodeFacts.Unknown) facts.HeadFail = HeadFailUncached(n) ? 1 : 0;
        return facts.HeadFail == 1;
    }

    private static bool HeadFailUncached(Node n)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode or FalseNode: return true;
                case TrueNode or RepNode or RunTimeNode or NotNode or BehindNode or UtfRangeNode: return false;
                case CaptureNode c: return HeadFail(c.Body);
                case GrammarNode g: return HeadFail(g.Rules[0]);
                case AndNode a: return HeadFail(a.Body);
                case CallNode call: return HeadFail(call.Body);
                case SeqNode s: return NoFail(s.Second) && HeadFail(s.First);
                case ChoiceNode c: return HeadFail(c.First) && HeadFail(c.Second);
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    /// <summary>Whether codegen for the pattern can use a follow set (so computing one is worth it).</summary>
    public static bool NeedFollow(Node n)
    {
        for (;;)
        {
            switch (n)
            {
                case ChoiceNode or RepNode: return true;
                case CaptureNode c: n = c.Body; break;
                case SeqNode s: n = s.Second; break;
                default: return false;
            }
        }
    }
}
