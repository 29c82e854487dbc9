// re text -> tokens: spaces and comments, names, numbers, character classes, and the lookaheads re uses.
using System.Diagnostics.CodeAnalysis;
using System.Text;
using PegJit.Vm;
using static PegJit.Pattern;

namespace PegJit.Compiler;

internal sealed partial class ReReader
{
    // Bytes re skips between tokens: its %s, C's isspace (space, \t, \n, \v, \f, \r).
    private static readonly Charset Space = CharClasses.Of("space");

    // Class <- '[' '^'? item (!']' item)* ']'     (so a ']' right after '[' or '[^' is an item)
    // item  <- defined / . '-' [^]] / .
    private bool TryClass([NotNullWhen(true)] out Pattern? p)
    {
        int start = _pos;
        _pos = start + 1;
        bool complement = At(_pos, '^');
        if (complement) _pos++;
        var items = new List<Pattern>();
        if (_pos < _src.Length) items.Add(ClassItem());
        while (_pos < _src.Length && _src[_pos] != ']') items.Add(ClassItem());
        if (_pos >= _src.Length)
        {
            _pos = start;
            p = null;
            return false;
        }
        _pos++;
        Pattern set = Choice(items);
        p = complement ? P(1) - set : set;
        return true;
    }

    private Pattern ClassItem()
    {
        int at = _pos;
        if (_src[at] == '%')
        {
            int end = NameEnd(at + 1);
            if (end >= 0)
            {
                _pos = end;
                return Defined(Name(at + 1, end), at + 1);
            }
        }
        if (At(at + 1, '-') && at + 2 < _src.Length && _src[at + 2] != ']')
        {
            _pos = at + 3;
            return new Pattern(new SetNode(Charset.Range(_src[at], _src[at + 2])));
        }
        _pos = at + 1;
        return P(_src.AsSpan(at, 1));
    }

    // ---- lookaheads --------------------------------------------------------------------------------

    // What may follow a sequence: '/' ')' '}' ':}' '~}' '|}' (name arrow) or the end. Anything else is
    // where re reports its syntax error.
    private bool AtSeqFollow(int p)
    {
        if (p >= _src.Length) return true;
        switch (_src[p])
        {
            case (byte)'/' or (byte)')' or (byte)'}': return true;
            case (byte)':' or (byte)'~' or (byte)'|': return At(p + 1, '}');
            default:
                int end = NameEnd(p);
                return end >= 0 && IsArrowAt(end);
        }
    }

    // arrow <- S '<-'
    private bool IsArrowAt(int p)
    {
        int q = SkipFrom(p);
        return At(q, '<') && At(q + 1, '-');
    }

    // ---- lexical -----------------------------------------------------------------------------------

    private bool At(int p, char c) => p < _src.Length && _src[p] == c;

    private bool IsDigit(int p) => p < _src.Length && _src[p] is >= (byte)'0' and <= (byte)'9';

    private void Skip() => _pos = SkipFrom(_pos);

    // S <- (%s / '--' [^\n]*)*
    private int SkipFrom(int p)
    {
        while (p < _src.Length)
        {
            if (Space.Contains(_src[p])) p++;
            else if (_src[p] == '-' && At(p + 1, '-'))
            {
                int nl = Array.IndexOf(_src, (byte)'\n', p + 2);
                p = nl < 0 ? _src.Length : nl;
            }
            else break;
        }
        return p;
    }

    // name <- [A-Za-z_] [A-Za-z_0-9]*  ; the end of the name at p, or -1.
    private int NameEnd(int p)
    {
        if (p >= _src.Length || !IsNameStart(_src[p])) return -1;
        p++;
        while (p < _src.Length && (IsNameStart(_src[p]) || _src[p] is >= (byte)'0' and <= (byte)'9')) p++;
        return p;
    }

    private static bool IsNameStart(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or (byte)'_';

    private string Name(int start, int end) => Encoding.ASCII.GetString(_src, start, end - start);

    private bool TryName([NotNullWhen(true)] out string? name)
    {
        int end = NameEnd(_pos);
        if (end < 0)
        {
            name = null;
            return false;
        }
        name = Name(_pos, end);
        _pos = end;
        return true;
    }

    // num <- [0-9]+ S
    private long Number()
    {
        long n = Digits();
        Skip();
        return n;
    }

    // [0-9]+, saturating far above any count re can use.
    private long Digits()
    {
        const long Saturated = 1L << 40;
        long n = 0;
        while (IsDigit(_pos))
        {
            n = Math.Min(n * 10 + (_src[_pos] - '0'), Saturated);
            _pos++;
        }
        return n;
    }
}
