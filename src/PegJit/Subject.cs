// A subject as the engine sees it (bytes) and as the caller sees it (bytes or a string; 0- or 1-based positions).
using System.Text;
using PegJit.Vm;

namespace PegJit;

/// <summary>The bytes being matched, plus what is needed to speak the caller's units.</summary>
internal readonly ref struct Subject
{
    public readonly ReadOnlySpan<byte> Bytes;
    public readonly string? Text;
    public readonly bool Ascii;
    public readonly int Base;

    public Subject(ReadOnlySpan<byte> bytes, string? text, int positionBase)
    {
        Bytes = bytes;
        Text = text;
        Ascii = text is null || text.Length == bytes.Length;
        Base = positionBase;
    }

    /// <summary>A byte offset as a caller position (through the call's cursor: linear over a whole search).</summary>
    public int ToCaller(int bytePos, MatchContext ctx) => (Ascii ? bytePos : ctx.Cursor.ToIndex(Bytes, bytePos)) + Base;

    /// <summary>A caller index (within bounds) as a byte offset.</summary>
    public int ToByte(int index) => Ascii ? index : Encoding.UTF8.GetByteCount(Text.AsSpan(0, index));

    /// <summary>Length in caller units.</summary>
    public int Length => Text?.Length ?? Bytes.Length;

    /// <summary>Units for capture values; allocated only for patterns with captures.</summary>
    public SubjectUnits Units(MatchContext ctx) => Text is null ? new ByteUnits(Base) : new Utf16Units(Text, Ascii, Base, ctx.Cursor);

    /// <summary>Whether a search may start at this byte (not inside a UTF-8 sequence of a string subject).</summary>
    public bool IsStart(int bytePos) => Ascii || bytePos >= Bytes.Length || (Bytes[bytePos] & 0xC0) != 0x80;

    /// <summary>
    /// The starting byte offset for <paramref name="given"/>: a negative init counts from the end; one past the end
    /// is clamped. With base 1 this is LPeg's rule exactly (0 means the end, as in LPeg).
    /// </summary>
    public int InitPosition(int? given)
    {
        // No init is the subject's start in either base: LPeg's default (1 when 1-based, where an explicit 0 means
        // the end under its rule for non-positive positions).
        if (given is not int init) return ToByte(0);
        int len = Length;
        int index = Base == 1
            ? (init > 0 ? Math.Min(init - 1, len) : (-(long)init <= len ? len + init : 0))
            : (init >= 0 ? Math.Min(init, len) : Math.Max(len + init, 0));
        return ToByte(index);
    }
}

/// <summary>A string's UTF-8 bytes in the caller's stack buffer when they fit, else in a pooled buffer returned on
/// dispose (no allocation per match).</summary>
internal ref struct Utf8Subject
{
    /// <summary>Strings up to this many chars are encoded into a stack buffer (3 bytes a char at most).</summary>
    public const int StackChars = 256;

    /// <summary>The stack buffer a string needs: room for its UTF-8 bytes when it is short, else none.</summary>
    public static int StackBytes(string? text) => text is { Length: <= StackChars } ? text.Length * 3 : 0;

    private byte[]? _buffer;
    public ReadOnlySpan<byte> Bytes { get; }

    public Utf8Subject(string text, Span<byte> stack = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length * 3 <= stack.Length) { Bytes = stack[..Encoding.UTF8.GetBytes(text, stack)]; return; }
        _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        Bytes = _buffer.AsSpan(0, Encoding.UTF8.GetBytes(text, _buffer));
    }

    public void Dispose()
    {
        if (_buffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
