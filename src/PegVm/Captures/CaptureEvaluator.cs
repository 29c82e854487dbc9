// Capture log -> values: LPeg's capture evaluation over a Lua-like value stack.
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>
/// Evaluates a capture log into values after a match, and match-time captures during one. Values go on a
/// value stack as in LPeg (an accumulator replaces the value below it), so results agree with LPeg exactly.
/// Recursion follows capture nesting only, bounded by <see cref="MaxNesting"/> and the available stack.
/// </summary>
internal sealed partial class CaptureEvaluator
{
    /// <summary>Deepest capture nesting evaluated (LPeg's own limit is 200).</summary>
    public const int MaxNesting = 1000;

    private readonly object?[] _constants;
    private Dictionary<string, object?>? _named;   // top-level named groups, only when the caller asked for them
    private SubjectUnits _units;
    private ByteUnits? _bytes;   // the units of the library's own match-time functions, which compare bytes
    private readonly object?[] _args;
    private readonly List<object?> _stack = new();
    // The text builder of string and substitution captures, reused from one to the next (one nested inside another
    // takes a new one; a capture that throws loses its builder, which only costs an allocation later).
    private TextBuilder? _spareBuilder;
    private List<object?> _dynamic = new();
    private CaptureEntry[] _caps = [];
    private int _cur, _depth, _firstCap;
    private int _logStart;   // the first entry of the match being evaluated (a batch holds several matches' entries)
    private MatchContext? _ctx;
    // Evaluation is part of the call its deadline bounds: a match can log millions of captures.
    private const int CancelInterval = 4096;
    private int _untilCheck = CancelInterval;

    /// <summary>Creates an evaluator for one match of <paramref name="program"/>.</summary>
    public CaptureEvaluator(Program program, SubjectUnits units, object?[]? args)
    {
        _constants = program.Constants;
        _units = units;
        _args = args ?? [];
    }

    /// <summary>The caller's units.</summary>
    public SubjectUnits Units => _units;

    /// <summary>All values of a successful match's capture log (empty when it has no captures).</summary>
    public object?[] Evaluate(ReadOnlySpan<byte> s, MatchContext ctx) => Evaluate(s, ctx, 0, ctx.CapTop);

    /// <summary>The values of one match whose entries are [<paramref name="from"/>, <paramref name="to"/>) of the log
    /// (an all-matches batch keeps each match's entries after the previous one's).</summary>
    /// <remarks>With <c>named</c>, named groups at the top level (which LPeg evaluates only inside tables and
    /// back-references) are evaluated too and their first values stored here, the last group of a name winning, as a
    /// table would keep them.</remarks>
    public object?[] Evaluate(ReadOnlySpan<byte> s, MatchContext ctx, int from, int to, Dictionary<string, object?>? named = null)
    {
        if (to == from) return [];
        _named = named;
        if (to >= ctx.Captures.Length) ctx.GrowCaptures(to, 1);
        var saved = ctx.Captures[to];   // the next match's first entry, under the sentinel while this one is read
        Begin(ctx, to);
        _cur = _logStart = from;
        try
        {
            while (_caps[_cur].Kind != CaptureKind.Close) PushCapture(s);
            return _stack.ToArray();
        }
        finally
        {
            _stack.Clear();
            _named = null;
            _logStart = 0;
            _caps[to] = saved;
        }
    }

    /// <summary>Prepares the log for reading: a close sentinel at <paramref name="top"/>, as LPeg keeps one.</summary>
    private void Begin(MatchContext ctx, int top)
    {
        if (top >= ctx.Captures.Length) ctx.GrowCaptures(top, 1);
        _caps = ctx.Captures;
        _ctx = ctx;
        _caps[top] = new CaptureEntry { Kind = CaptureKind.Close, Size = 1, Pos = top > 0 ? _caps[top - 1].Pos : 0 };
        _dynamic = ctx.DynamicValues;
        _stack.Clear();
        _depth = 0;
        _firstCap = 0;
    }

    private TextBuilder RentBuilder()
    {
        var b = _spareBuilder ?? new TextBuilder();
        _spareBuilder = null;
        return b;
    }

    private void ReturnBuilder(TextBuilder b)
    {
        b.Clear();
        _spareBuilder = b;
    }

    // ---- the value stack ---------------------------------------------------------------------------

    private void Push(object? v) => _stack.Add(v);

    private object? Pop()
    {
        var v = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return v;
    }

    /// <summary>Moves the top <paramref name="n"/> values into a new array, bottom first (the arguments of an array
    /// function or a match-time function).</summary>
    private object?[] PopN(int n)
    {
        var values = new object?[n];
        if (n == 0) return values;
        _stack.CopyTo(_stack.Count - n, values, 0, n);
        _stack.RemoveRange(_stack.Count - n, n);
        return values;
    }

    /// <summary>Moves the top <paramref name="n"/> values to the end of <paramref name="list"/>, in order (a table's
    /// list part; no array in between).</summary>
    private void PopInto(List<object?> list, int n)
    {
        for (int i = _stack.Count - n; i < _stack.Count; i++) list.Add(_stack[i]);
        _stack.RemoveRange(_stack.Count - n, n);
    }

    /// <summary>Keeps only the first of the top <paramref name="n"/> values (a Lua call adjusted to one result).</summary>
    private void KeepFirst(int n)
    {
        if (n > 1) _stack.RemoveRange(_stack.Count - n + 1, n - 1);
    }

    /// <summary>Pushes a function's results: a <see cref="Values"/> spreads, anything else is one value.</summary>
    private int PushResults(object? r)
    {
        if (r is not Values vs) { Push(r); return 1; }
        foreach (var v in vs.Items) Push(v);
        return vs.Items.Count;
    }

    private static object? FirstResult(object? r) => r is Values vs ? (vs.Items.Count > 0 ? vs.Items[0] : null) : r;

    // ---- walking the log -------------------------------------------------------------------------

    private static bool IsClose(in CaptureEntry e) => e.Kind == CaptureKind.Close;

    /// <summary>From a close entry, back to its open entry.</summary>
    private static int FindOpen(CaptureEntry[] caps, int close)
    {
        int n = 0;
        for (int c = close - 1; ; c--)
        {
            if (IsClose(caps[c])) n++;
            else if (!caps[c].IsFull && n-- == 0) return c;
        }
    }

    /// <summary>Skips the current capture with everything nested in it.</summary>
    private void NextCap()
    {
        int c = _cur;
        if (_caps[c].IsFull) { _cur = c + 1; return; }
        int n = 0;
        for (;;)
        {
            c++;
            if (IsClose(_caps[c])) { if (n-- == 0) break; }
            else if (!_caps[c].IsFull) n++;
        }
        _cur = c + 1;
    }

    /// <summary>End position of a capture, given its close entry (or itself, when full) at <paramref name="last"/>.</summary>
    private int EndOf(int last) => _caps[last].Pos + _caps[last].Size - 1;

    /// <summary>
    /// Pushes the values of the captures nested in the current one; with <paramref name="addExtra"/>, or when
    /// there are none, also the whole match. Never returns 0.
    /// </summary>
    private int PushNestedValues(ReadOnlySpan<byte> s, bool addExtra)
    {
        int head = _cur++;
        if (_caps[head].IsFull)
        {
            Push(_units.Substring(s, _caps[head].Pos, EndOf(head)));
            return 1;
        }
        int n = 0;
        while (!IsClose(_caps[_cur])) n += PushCapture(s);
        if (addExtra || n == 0)
        {
            Push(_units.Substring(s, _caps[head].Pos, _caps[_cur].Pos));
            n++;
        }
        _cur++;
        return n;
    }

    private void PushOneNestedValue(ReadOnlySpan<byte> s) => KeepFirst(PushNestedValues(s, false));

    /// <summary>Pushes all values of the current capture; returns how many.</summary>
    private int PushCapture(ReadOnlySpan<byte> s)
    {
        if (++_depth > MaxNesting || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
            throw new PegCaptureException("subcapture nesting too deep");
        if (--_untilCheck == 0)
        {
            _untilCheck = CancelInterval;
            _ctx?.CheckCancellation();
        }
        int n = PushCaptureKind(s);
        _depth--;
        return n;
    }

    // A named group directly in the match's value list, kept aside for the caller (see Evaluate's named).
    private void TopLevelGroup(ReadOnlySpan<byte> s)
    {
        var (key, value) = NamedGroup(s);
        _named![key] = value;
    }

    /// <summary>The current named group's name and first value (what a table stores under the name).</summary>
    private (string Key, object? Value) NamedGroup(ReadOnlySpan<byte> s)
    {
        string key = KeyString(_constants[_caps[_cur].Arg]);
        PushOneNestedValue(s);
        return (key, Pop());
    }

    private int PushCaptureKind(ReadOnlySpan<byte> s)
    {
        ref readonly CaptureEntry cap = ref _caps[_cur];
        switch (cap.Kind)
        {
            case CaptureKind.Position: Push(_units.Position(s, cap.Pos)); _cur++; return 1;
            case CaptureKind.Const: Push(_constants[cap.Arg]); _cur++; return 1;
            case CaptureKind.Arg:
                if (cap.Arg > _args.Length) throw new PegCaptureException($"reference to absent extra argument #{cap.Arg}");
                Push(_args[cap.Arg - 1]);
                _cur++;
                return 1;
            case CaptureKind.Simple:
            {
                int k = PushNestedValues(s, true);
                var whole = Pop();            // the whole match goes first
                _stack.Insert(_stack.Count - (k - 1), whole);
                return k;
            }
            case CaptureKind.RunTime: Push(_dynamic[cap.Arg]); _cur++; return 1;
            case CaptureKind.String: { var b = RentBuilder(); StringCap(s, b); Push(_units.Text(b.Bytes)); ReturnBuilder(b); return 1; }
            case CaptureKind.Substitution: { var b = RentBuilder(); SubstCap(s, b); Push(_units.Text(b.Bytes)); ReturnBuilder(b); return 1; }
            case CaptureKind.Group:
                if (cap.Arg == 0) return PushNestedValues(s, false);
                if (_named is not null && _depth == 1) { TopLevelGroup(s); return 0; }
                NextCap();
                return 0;
            case CaptureKind.Backref: return BackrefCap(s);
            case CaptureKind.Table: return TableCap(s);
            case CaptureKind.Function: return FunctionCap(s);
            case CaptureKind.Accumulator: return AccumulatorCap(s);
            case CaptureKind.Number: return NumberCap(s);
            case CaptureKind.Query: return QueryCap(s);
            case CaptureKind.Fold: return FoldCap(s);
            default: throw new InvalidOperationException($"invalid capture kind {cap.Kind}");
        }
    }
}
