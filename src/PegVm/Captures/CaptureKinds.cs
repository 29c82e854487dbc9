// One method a capture kind: tables, functions, folds, accumulators, queries, back references, match-time.
namespace PegJit.Vm;

internal sealed partial class CaptureEvaluator
{
    // Cb(name): the values of the nearest earlier group with that name that is visible from here.
    private int BackrefCap(ReadOnlySpan<byte> s)
    {
        int curr = _cur;
        var name = _constants[_caps[curr].Arg];
        _cur = FindBack(curr, name);
        int n = PushNestedValues(s, false);
        _cur = curr + 1;
        return n;
    }

    private int FindBack(int reference, object? name)
    {
        for (int c = reference - 1; c >= _logStart; c--)
        {
            if (IsClose(_caps[c])) c = FindOpen(_caps, c);     // skip a whole closed capture...
            else if (!_caps[c].IsFull) continue;                 // ...but not one that encloses the reference
            if (_caps[c].Kind == CaptureKind.Group && _caps[c].Arg != 0 && Equals(_constants[_caps[c].Arg], name)) return c;
        }
        throw new PegCaptureException($"back reference '{name}' not found");
    }

    // Ct(p): anonymous values go to the list part in order; a named group stores its first value under its name.
    private int TableCap(ReadOnlySpan<byte> s)
    {
        int head = _cur++;
        int slot = _stack.Count;
        Push(new PegTable());
        if (_caps[head].IsFull) return 1;
        int n = 0;
        while (!IsClose(_caps[_cur]))
        {
            if (_caps[_cur].Kind == CaptureKind.Group && _caps[_cur].Arg != 0)
            {
                var (key, v) = NamedGroup(s);
                TableAt(slot).Set(key, v);
            }
            else
            {
                int k = PushCapture(s);
                PopInto(TableAt(slot).List, k);
                n += k;
            }
        }
        _cur++;
        return 1;
    }

    private PegTable TableAt(int slot) =>
        _stack[slot] as PegTable ?? throw new PegCaptureException($"table capture value replaced by a {TypeName(_stack[slot])}");

    // p / f: f applied to the nested values (or the whole match); a text function to the matched bytes alone.
    private int FunctionCap(ReadOnlySpan<byte> s)
    {
        var f = _constants[_caps[_cur].Arg]!;
        if (f is Utf8CaptureFunction text) return PushResults(text(MatchedBytes(s)));
        int n = PushNestedValues(s, false);
        return PushResults(CallTop(f, n));
    }

    // p % f (LPeg 1.1): the value below becomes f(value below, nested values...). As in LPeg, the value below stays on
    // the stack while p's values are pushed, so an accumulator nested in p takes it as its own previous value.
    private int AccumulatorCap(ReadOnlySpan<byte> s)
    {
        if (_stack.Count <= _firstCap) throw new PegCaptureException("no previous value for accumulator capture");
        var f = _constants[_caps[_cur].Arg]!;
        int n = PushNestedValues(s, false);
        Push(FirstResult(CallTop(f, n + 1)));
        return 0;
    }

    // p / n: the n-th nested value; p / 0: no value.
    private int NumberCap(ReadOnlySpan<byte> s)
    {
        int idx = _caps[_cur].Arg;
        if (idx == 0) { NextCap(); return 0; }
        int n = PushNestedValues(s, false);
        if (n < idx) throw new PegCaptureException($"no capture '{idx}'");
        int from = _stack.Count - n;
        var selected = _stack[from + idx - 1];   // read in place, as a span function's values are: no array
        _stack.RemoveRange(from, n);
        Push(selected);
        return 1;
    }

    // p / table: the first nested value looked up; no value when absent.
    private int QueryCap(ReadOnlySpan<byte> s)
    {
        var table = (IReadOnlyDictionary<string, object?>)_constants[_caps[_cur].Arg]!;
        PushOneNestedValue(s);
        var key = Pop();
        if (key is not null && table.TryGetValue(KeyString(key), out var v) && v is not null) { Push(v); return 1; }
        return 0;
    }

    // Cf(p, f): the first nested capture's first value, folded with each following capture's values.
    private int FoldCap(ReadOnlySpan<byte> s)
    {
        int head = _cur++;
        var f = _constants[_caps[head].Arg]!;
        int n;
        if (_caps[head].IsFull || IsClose(_caps[_cur]) || (n = PushCapture(s)) == 0)
            throw new PegCaptureException("no initial value for fold capture");
        KeepFirst(n);
        while (!IsClose(_caps[_cur]))
        {
            int k = PushCapture(s);   // on top of the accumulated value: f's arguments, in order
            Push(FirstResult(CallTop(f, k + 1)));
        }
        _cur++;
        return 1;
    }

    /// <summary>Calls capture function <paramref name="f"/> on the top <paramref name="n"/> values, bottom first, and
    /// takes them off the stack: a span function reads them in place, an array function gets them copied out.</summary>
    private object? CallTop(object f, int n)
    {
        if (f is not SpanCaptureFunction span) return Call((CaptureFunction)f, PopN(n));
        int from = _stack.Count - n;
        var r = span(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_stack).Slice(from, n));
        _stack.RemoveRange(from, n);
        return r;
    }

    /// <summary>The bytes the current capture matched; moves past it and everything nested in it, unevaluated (as
    /// LPeg's <c>p / 0</c> does).</summary>
    private ReadOnlySpan<byte> MatchedBytes(ReadOnlySpan<byte> s)
    {
        int head = _cur;
        NextCap();
        int end = _caps[head].IsFull ? EndOf(head) : _caps[_cur - 1].Pos;
        return s[_caps[head].Pos..end];
    }

    /// <summary>Calls user code; its exceptions pass through untouched (they are the caller's own).</summary>
    private static object? Call(CaptureFunction f, object?[] args) => f(args);

    /// <summary>A value as a dictionary key or group name.</summary>
    internal static string KeyString(object? v) => v switch
    {
        string str => str,
        byte[] b => System.Text.Encoding.UTF8.GetString(b),
        IFormattable fmt => fmt.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => v?.ToString() ?? "",
    };

    /// <summary>Lua's name for a value's type, for LPeg's error messages.</summary>
    internal static string TypeName(object? v) => v switch
    {
        null => "nil",
        bool => "boolean",
        PegTable => "table",
        Delegate => "function",
        string or byte[] => "string",
        int or long or double or float or decimal or short or byte => "number",
        _ => "userdata",
    };
}
