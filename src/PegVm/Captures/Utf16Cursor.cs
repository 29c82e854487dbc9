// Byte offsets in a string's UTF-8 encoding <-> UTF-16 indices of the string, moving from the last answer.
using System.Text;

namespace PegJit.Vm;

/// <summary>
/// Converts between byte offsets of a string subject's UTF-8 bytes and UTF-16 indices of the string. Each conversion
/// counts only the text between the last position and the new one, so a match's or a search's positions, which
/// mostly move forward, convert in linear time overall.
/// </summary>
/// <remarks>
/// The rule for a byte offset inside a character's encoding (a capture that splits a character, <c>P(1)</c> on
/// "é"): it counts as the index of the character it lies in, as if rounded down to the character's first byte.
/// Substrings are cut at those indices, so they are always whole characters of the subject.
/// </remarks>
internal sealed class Utf16Cursor
{
    private string _text = "";
    private int _byte, _char;   // a character boundary and its index

    /// <summary>Starts over on a new subject.</summary>
    public void Reset(string text)
    {
        _text = text;
        _byte = _char = 0;
    }

    /// <summary>The UTF-16 index of byte offset <paramref name="bytePos"/> of <paramref name="utf8"/> (the text's encoding).</summary>
    public int ToIndex(ReadOnlySpan<byte> utf8, int bytePos)
    {
        while (bytePos > 0 && bytePos < utf8.Length && (utf8[bytePos] & 0xC0) == 0x80) bytePos--;
        if (bytePos >= _byte && bytePos - _byte <= ShortGap) _char += CountShort(utf8[_byte..bytePos]);
        else if (bytePos >= _byte) _char += Encoding.UTF8.GetCharCount(utf8[_byte..bytePos]);
        else if (bytePos >= _byte / 2) _char -= Encoding.UTF8.GetCharCount(utf8[bytePos.._byte]);
        else _char = Encoding.UTF8.GetCharCount(utf8[..bytePos]);
        _byte = bytePos;
        return _char;
    }

    /// <summary>Gaps up to this many bytes are counted by a plain loop, cheaper than a call into the encoder.</summary>
    private const int ShortGap = 64;

    // UTF-16 units of whole characters of valid UTF-8: one per lead byte, two for a four-byte sequence's.
    private static int CountShort(ReadOnlySpan<byte> utf8)
    {
        int n = 0;
        foreach (byte b in utf8)
            if ((b & 0xC0) != 0x80) n += b >= 0xF0 ? 2 : 1;
        return n;
    }

    /// <summary>The byte offset of UTF-16 index <paramref name="index"/> (0 ≤ index ≤ the text's length).</summary>
    public int ToByte(int index)
    {
        // An index between the two halves of a surrogate pair belongs to the pair's character.
        if (index > 0 && index < _text.Length && char.IsLowSurrogate(_text[index]) && char.IsHighSurrogate(_text[index - 1])) index--;
        if (index >= _char) _byte += Encoding.UTF8.GetByteCount(_text.AsSpan(_char, index - _char));
        else if (index >= _char / 2) _byte -= Encoding.UTF8.GetByteCount(_text.AsSpan(index, _char - index));
        else _byte = Encoding.UTF8.GetByteCount(_text.AsSpan(0, index));
        _char = index;
        return _byte;
    }
}
