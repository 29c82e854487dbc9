// CloseRunTime: evaluate a match-time capture's nested values, call its function, apply its verdict.
namespace PegJit.Vm;

internal sealed partial class CaptureEvaluator
{
    /// <summary>
    /// Runs the match-time capture whose group is open in the log. Returns the new position, or -1 to fail.
    /// Its nested captures are replaced by the function's extra results (an anonymous group), or removed.
    /// </summary>
    public int RunMatchTime(ReadOnlySpan<byte> s, MatchContext ctx, ref int captop, int pos)
    {
        Begin(ctx, captop);
        _caps[captop].Pos = pos;
        int open = FindOpen(_caps, captop);
        var fn = _constants[_caps[open].Arg]!;
        _cur = open;
        if (fn is RawMatchTimeFunction raw) return RunRaw(raw, s, RawValues(s), pos, open, ref captop);
        int n = PushNestedValues(s, false);
        var values = PopN(n);
        object? result = ((MatchTimeFunction)fn)(_units.Subject(s), _units.Position(s, pos), values);

        var (verdict, extras) = result is Values vs ? (vs.Items.Count > 0 ? vs.Items[0] : null, vs.Items.Skip(1).ToArray()) : (result, []);
        if (verdict is null or false) return -1;
        int newPos = verdict is true ? pos : NewPosition(s, verdict, pos);
        Install(ctx, open, extras, newPos, ref captop);
        return newPos;
    }

    // The library's own functions (re's =name) see bytes and byte positions, so they also get the nested values in
    // bytes: a capture that ends inside a character has no exact UTF-16 text, and a back-reference must compare what
    // was matched whatever the caller's units (as LPeg compares Lua strings).
    private object?[] RawValues(ReadOnlySpan<byte> s)
    {
        var caller = _units;
        _units = _bytes ??= new ByteUnits(0);
        try { return PopN(PushNestedValues(s, false)); }
        finally { _units = caller; }
    }

    private static int RunRaw(RawMatchTimeFunction raw, ReadOnlySpan<byte> s, object?[] values, int pos, int open, ref int captop)
    {
        int newPos = raw(s, pos, values);
        if (newPos < 0) return -1;
        if (newPos < pos || newPos > s.Length) throw new PegCaptureException("invalid position returned by match-time capture");
        captop = open;
        return newPos;
    }

    private int NewPosition(ReadOnlySpan<byte> s, object verdict, int pos)
    {
        int p = verdict switch
        {
            int i => _units.BytePosition(s, i),
            long l when l is >= int.MinValue and <= int.MaxValue => _units.BytePosition(s, (int)l),
            _ => -1,
        };
        if (p < pos || p > s.Length) throw new PegCaptureException("invalid position returned by match-time capture");
        return p;
    }

    // Without extra results the group disappears; with them it becomes an anonymous group of dynamic values.
    private static void Install(MatchContext ctx, int open, object?[] extras, int newPos, ref int captop)
    {
        if (extras.Length == 0) { captop = open; return; }
        var caps = open + extras.Length + 2 > ctx.Captures.Length ? ctx.GrowCaptures(open, extras.Length + 2) : ctx.Captures;
        caps[open] = new CaptureEntry { Kind = CaptureKind.Group, Arg = 0, Size = 0, Pos = caps[open].Pos };
        for (int i = 0; i < extras.Length; i++)
        {
            ctx.DynamicValues.Add(extras[i]);
            caps[open + 1 + i] = new CaptureEntry { Kind = CaptureKind.RunTime, Size = 1, Arg = ctx.DynamicValues.Count - 1, Pos = newPos };
        }
        caps[open + 1 + extras.Length] = new CaptureEntry { Kind = CaptureKind.Close, Size = 1, Pos = newPos };
        captop = open + extras.Length + 2;
    }
}
