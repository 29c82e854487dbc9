// UTF-8 decoding with LPeg's rules (sequences of up to six bytes, overlong forms rejected), for utfR.
namespace PegJit.Vm;

internal static class Utf8
{
    // Largest value that a sequence with N continuation bytes may NOT encode (overlong below it).
    private static readonly uint[] Limits = { 0xFF, 0x7F, 0x7FF, 0xFFFF, 0x1FFFFF, 0x3FFFFFF };

    /// <summary>Decodes one code point at <paramref name="pos"/>; returns its length in bytes, or 0 when invalid or at the end.</summary>
    public static int Decode(ReadOnlySpan<byte> s, int pos, out int codepoint)
    {
        codepoint = 0;
        if (pos >= s.Length) return 0;
        uint c = s[pos];
        if (c < 0x80) { codepoint = (int)c; return 1; }
        uint res = 0;
        int count = 0;
        while ((c & 0x40) != 0)
        {
            if (count == 5) return 0;
            int at = pos + ++count;
            if (at >= s.Length || (s[at] & 0xC0) != 0x80) return 0;
            res = (res << 6) | (uint)(s[at] & 0x3F);
            c <<= 1;
        }
        res |= (c & 0x7F) << (count * 5);
        if (res > 0x7FFFFFFF || res <= Limits[count]) return 0;
        codepoint = (int)res;
        return count + 1;
    }
}
