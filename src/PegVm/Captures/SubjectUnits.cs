// Byte positions and byte ranges -> values in the caller's units (byte[] or string; 0- or 1-based positions).
using System.Text;

namespace PegJit.Vm;

/// <summary>How capture values speak to the caller: what a substring and a position become.</summary>
internal abstract class SubjectUnits
{
    /// <summary>Added to every position the caller sees (0 for .NET style, 1 for LPeg style).</summary>
    public int Base { get; }

    /// <summary>Creates units with the given position base.</summary>
    protected SubjectUnits(int positionBase) => Base = positionBase;

    /// <summary>The bytes [start, end) as a caller value.</summary>
    public abstract object Substring(ReadOnlySpan<byte> s, int start, int end);
    /// <summary>A byte position in the caller's units.</summary>
    public abstract int Position(ReadOnlySpan<byte> s, int bytePos);
    /// <summary>A caller position back to a byte position, or -1 when it is not a valid position.</summary>
    public abstract int BytePosition(ReadOnlySpan<byte> s, int position);
    /// <summary>The whole subject as the caller gave it (for match-time functions).</summary>
    public abstract object Subject(ReadOnlySpan<byte> s);
    /// <summary>Turns bytes built by string and substitution captures into a caller value.</summary>
    public abstract object Text(ReadOnlySpan<byte> bytes);
}

/// <summary>Byte subjects: substrings are <c>byte[]</c>, positions byte offsets.</summary>
internal sealed class ByteUnits(int positionBase) : SubjectUnits(positionBase)
{
    private byte[]? _subject;

    /// <inheritdoc/>
    public override object Substring(ReadOnlySpan<byte> s, int start, int end) => s[start..end].ToArray();
    /// <inheritdoc/>
    public override int Position(ReadOnlySpan<byte> s, int bytePos) => bytePos + Base;
    /// <inheritdoc/>
    public override int BytePosition(ReadOnlySpan<byte> s, int position) => position - Base;
    /// <inheritdoc/>
    public override object Subject(ReadOnlySpan<byte> s) => _subject ??= s.ToArray();
    /// <inheritdoc/>
    public override object Text(ReadOnlySpan<byte> bytes) => bytes.ToArray();
}

/// <summary>String subjects matched as UTF-8: substrings are strings, positions UTF-16 indices (converted by the
/// match's <see cref="Utf16Cursor"/>, see there for a position inside a character).</summary>
internal sealed class Utf16Units(string subject, bool ascii, int positionBase, Utf16Cursor cursor) : SubjectUnits(positionBase)
{
    /// <inheritdoc/>
    public override object Substring(ReadOnlySpan<byte> s, int start, int end)
    {
        if (ascii) return subject.Substring(start, end - start);
        int from = cursor.ToIndex(s, start);
        return subject.Substring(from, cursor.ToIndex(s, end) - from);
    }

    /// <inheritdoc/>
    public override int Position(ReadOnlySpan<byte> s, int bytePos) => (ascii ? bytePos : cursor.ToIndex(s, bytePos)) + Base;

    /// <inheritdoc/>
    public override int BytePosition(ReadOnlySpan<byte> s, int position)
    {
        int index = position - Base;
        if (index < 0 || index > subject.Length) return -1;
        return ascii ? index : cursor.ToByte(index);
    }

    /// <inheritdoc/>
    public override object Subject(ReadOnlySpan<byte> s) => subject;
    /// <inheritdoc/>
    public override object Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
