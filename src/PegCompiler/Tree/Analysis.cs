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
    public static bool Nullable(Node n) => Deep.Run(n.Depth, () => Check(n, nofail: false));

    /// <summary>Whether the pattern never fails (a true answer is certain).</summary>
    public static bool NoFail(Node n) => Deep.Run(n.Depth, () => Check(n, nofail: true));

    private static bool Check(Node n, bool nofail)
    {
        if (n.HasCalls) return CheckUncached(n, nofail);
        ref int cached = ref nofail ? ref n.CachedNoFail : ref n.CachedNullable;
        if (cached == Node.Unknown) cached = CheckUncached(n, nofail) ? 1 : 0;
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
                case AndNode a: if (!nofail) return true; n = a.Body; break;
                case RunTimeNode r: if (nofail) return false; n = r.Body; break;
                case SeqNode s: if (!Check(s.First, nofail)) return false; n = s.Second; break;
                case ChoiceNode c: if (Check(c.Second, nofail)) return true; n = c.First; break;
                case CaptureNode c: n = c.Body; break;
                case GrammarNode g: n = g.Rules[0]; break;
                case CallNode c: n = c.Body; break;
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }

    /// <summary>Number of bytes the pattern always consumes, or -1 when variable.</summary>
    public static int FixedLength(Node n) => Deep.Run(n.Depth, () => FixedLen(n, null));

    private static int FixedLen(Node n, HashSet<CallNode>? visiting)
    {
        if (n.HasCalls) return FixedLenUncached(n, visiting);
        if (n.CachedFixedLength == Node.Unknown) n.CachedFixedLength = FixedLenUncached(n, null);
        return n.CachedFixedLength;
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
                case CaptureNode c: n = c.Body; break;
                case GrammarNode g: n = g.Rules[0]; break;
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
    public static bool HasCaptures(Node n) => Deep.Run(n.Depth, () => HasCaps(n, null));

    private static bool HasCaps(Node n, HashSet<CallNode>? visiting)
    {
        if (n.HasCalls) return HasCapsUncached(n, visiting);
        if (n.CachedHasCaptures == Node.Unknown) n.CachedHasCaptures = HasCapsUncached(n, null) ? 1 : 0;
        return n.CachedHasCaptures == 1;
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
                case GrammarNode g: n = g.Rules[0]; break;
                case RepNode r: n = r.Body; break;
                case NotNode x: n = x.Body; break;
                case AndNode x: n = x.Body; break;
                case BehindNode x: n = x.Body; break;
                case SeqNode s: if (HasCaps(s.First, visiting)) return true; n = s.Second; break;
                case ChoiceNode c: if (HasCaps(c.First, visiting)) return true; n = c.Second; break;
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
    /// </summary>
    public static int FirstSet(Node n, Charset follow, out Charset first)
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
                    if (!Nullable(s.First)) { n = s.First; follow = Charset.Full; break; }
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
                case CaptureNode c: n = c.Body; break;
                case GrammarNode g: n = g.Rules[0]; break;
                case CallNode call: n = call.Body; break;
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
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode or SetNode or AnyNode or FalseNode: return true;
                case TrueNode or RepNode or RunTimeNode or NotNode or BehindNode or UtfRangeNode: return false;
                case CaptureNode c: n = c.Body; break;
                case GrammarNode g: n = g.Rules[0]; break;
                case AndNode a: n = a.Body; break;
                case CallNode call: n = call.Body; break;
                case SeqNode s: if (!NoFail(s.Second)) return false; n = s.First; break;
                case ChoiceNode c: if (!HeadFail(c.First)) return false; n = c.Second; break;
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
