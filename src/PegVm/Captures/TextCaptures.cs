// String captures (p / "fmt") and substitutions (Cs): text built from subject bytes and capture values.
using System.Globalization;
using System.Text;

namespace PegJit.Vm;

/// <summary>Bytes being assembled by a string or substitution capture.</summary>
internal sealed class TextBuilder
{
    private byte[] _buf = new byte[64];
    private int _len;

    public ReadOnlySpan<byte> Bytes => _buf.AsSpan(0, _len);

    /// <summary>Empties the builder for reuse; a buffer grown past 64 KB for one huge capture is let go.</summary>
    public void Clear()
    {
        _len = 0;
        if (_buf.Length > 1 << 16) _buf = new byte[64];
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_len + bytes.Length > _buf.Length) Array.Resize(ref _buf, Math.Max(_buf.Length * 2, _len + bytes.Length));
        bytes.CopyTo(_buf.AsSpan(_len));
        _len += bytes.Length;
    }

    public void Append(byte b) => Append([b]);

    /// <summary>Appends a string-like value (string, bytes, number) as Lua's tostring would; false for other values.</summary>
    public bool AppendValue(object? v)
    {
        switch (v)
        {
            case byte[] b: Append(b); return true;
            case string s: Append(Encoding.UTF8.GetBytes(s)); return true;
            case double d: Append(Encoding.ASCII.GetBytes(FormatFloat(d))); return true;
            case float f: Append(Encoding.ASCII.GetBytes(FormatFloat(f))); return true;
            case int or long or short or byte or uint or ulong or decimal:
                Append(Encoding.ASCII.GetBytes(((IFormattable)v).ToString(null, CultureInfo.InvariantCulture)));
                return true;
            default: return false;
        }
    }

    // Lua 5.4 prints floats with %.14g, and integral floats with a ".0".
    private static string FormatFloat(double d)
    {
        string s = d.ToString("G14", CultureInfo.InvariantCulture);
        return double.IsFinite(d) && !s.Contains('.') && !s.Contains('E') ? s + ".0" : s;
    }
}

internal sealed partial class CaptureEvaluator
{
    /// <summary>What %0..%9 of a string capture refer to: a subject range, or a capture evaluated on demand.</summary>
    private struct StrAux { public bool IsString; public int Start, End, Cap; }

    private const int MaxStrCaps = 10;

    // Collects the whole match (%0) and nested captures; nested simple captures are flattened in place.
    private int GetStrCaps(ReadOnlySpan<byte> s, Span<StrAux> cps, int n)
    {
        int k = n++;
        int head = _cur++;
        cps[k] = new StrAux { IsString = true, Start = _caps[head].Pos };
        if (_caps[head].IsFull) { cps[k].End = EndOf(head); return n; }
        while (!IsClose(_caps[_cur]))
        {
            if (n >= MaxStrCaps) NextCap();
            else if (_caps[_cur].Kind == CaptureKind.Simple) n = GetStrCaps(s, cps, n);
            else
            {
                cps[n++] = new StrAux { IsString = false, Cap = _cur };
                NextCap();
            }
        }
        cps[k].End = _caps[_cur].Pos;
        _cur++;
        return n;
    }

    // p / "fmt": %0 the whole match, %1..%9 nested values, % followed by anything else is that character.
    private void StringCap(ReadOnlySpan<byte> s, TextBuilder b)
    {
        var fmt = (byte[])_constants[_caps[_cur].Arg]!;
        // On the stack, not a new array: a string capture runs at every match of its pattern (CSV's '""' -> '"' at
        // every doubled quote).
        Span<StrAux> cps = stackalloc StrAux[MaxStrCaps];
        int n = GetStrCaps(s, cps, 0) - 1;
        for (int i = 0; i < fmt.Length; i++)
        {
            if (fmt[i] != '%') { b.Append(fmt[i]); continue; }
            byte next = ++i < fmt.Length ? fmt[i] : (byte)0;   // a trailing '%' reads the terminator, as in C
            if (next < '0' || next > '9') { b.Append(next); continue; }
            int l = next - '0';
            if (l > n) throw new PegCaptureException($"invalid capture index (%{l} in replacement string)");
            if (cps[l].IsString) { b.Append(s[cps[l].Start..cps[l].End]); continue; }
            int saved = _cur;
            _cur = cps[l].Cap;
            if (!AddOneString(s, b, "capture")) throw new PegCaptureException($"no values in capture index {l}");
            _cur = saved;
        }
    }

    // Cs(p): the matched text with each nested capture's first value in place of the text it matched.
    private void SubstCap(ReadOnlySpan<byte> s, TextBuilder b)
    {
        int head = _cur++;
        int curr = _caps[head].Pos;
        if (_caps[head].IsFull) { b.Append(s[curr..EndOf(head)]); return; }
        while (!IsClose(_caps[_cur]))
        {
            int next = _caps[_cur].Pos;
            b.Append(s[curr..next]);
            curr = AddOneString(s, b, "replacement") ? EndOf(_cur - 1) : next;
        }
        b.Append(s[curr.._caps[_cur].Pos]);
        _cur++;
    }

    // Appends the first value of the current capture; false when it has none.
    private bool AddOneString(ReadOnlySpan<byte> s, TextBuilder b, string what)
    {
        switch (_caps[_cur].Kind)
        {
            case CaptureKind.String: StringCap(s, b); return true;
            case CaptureKind.Substitution: SubstCap(s, b); return true;
            case CaptureKind.Accumulator: throw new PegCaptureException("invalid context for an accumulator capture");
        }
        int n = PushCapture(s);
        if (n == 0) return false;
        KeepFirst(n);
        var v = Pop();
        if (!b.AppendValue(v)) throw new PegCaptureException($"invalid {what} value (a {TypeName(v)})");
        return true;
    }
}
