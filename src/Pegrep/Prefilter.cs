// A compiled pattern -> what a line must hold where a match begins: a literal prefix, or one of the first bytes.
using System.Buffers;
using PegJit;
using PegJit.Vm;

namespace Pegrep;

/// <summary>
/// Finds, in a block of lines, the next place where a match may begin, so that only the lines holding one are
/// matched. Exact, never a guess: a match cannot begin anywhere else. The pattern's literal prefix (two bytes or
/// more) is searched for when it has one, else its first bytes (<see cref="Pattern.StartBytes"/>).
/// </summary>
internal sealed class Prefilter
{
    private readonly byte[]? _literal;
    private readonly SearchValues<byte> _starts;

    private Prefilter(byte[]? literal, SearchValues<byte> starts)
    {
        _literal = literal;
        _starts = starts;
    }

    /// <summary>The literal every match begins with, or null (then one of the first bytes is searched for).</summary>
    public ReadOnlySpan<byte> Literal => _literal;

    /// <summary>
    /// The prefilter of a pattern matched within lines; null when a match may begin anywhere (the pattern may match
    /// the empty string, even at a line's end, or its first byte is unconstrained): then every line is matched.
    /// </summary>
    /// <exception cref="PegException">The pattern is rejected when compiled.</exception>
    public static Prefilter? For(Pattern pattern)
    {
        if (pattern.StartBytes is not { } starts) return null;
        var literal = LiteralPrefix(pattern.Program);
        // A line holds no '\n': a match cannot begin with one, nor hold one in its prefix.
        int newline = literal.AsSpan().IndexOf((byte)'\n');
        if (newline >= 0) literal = literal[..newline];
        return new Prefilter(literal.Length >= 2 ? literal : null, WithoutNewline(starts));
    }

    /// <summary>The offset of the next place in <paramref name="span"/> where a match may begin, or -1.</summary>
    public int IndexIn(ReadOnlySpan<byte> span) => _literal is null ? span.IndexOfAny(_starts) : span.IndexOf(_literal);

    /// <summary>
    /// The bytes every match of <paramref name="program"/> begins with: the run of <see cref="Opcode.Char"/> at its
    /// entry. A match starts at pc 0 with nothing to backtrack to, so a mismatch there fails the whole attempt.
    /// </summary>
    /// <example><c>'http' 's'? '://'</c> compiles to <c>char 'h'; char 't'; char 't'; char 'p'; testchar 's' ...</c>: "http".</example>
    public static byte[] LiteralPrefix(PegJit.Vm.Program program)
    {
        var code = program.Code;
        int n = 0;
        while (n < code.Length && code[n].Op == Opcode.Char) n++;
        var literal = new byte[n];
        for (int i = 0; i < n; i++) literal[i] = code[i].Aux;
        return literal;
    }

    /// <summary><paramref name="set"/> less '\n', which never belongs to a line (a line span ends before it).</summary>
    public static SearchValues<byte> WithoutNewline(SearchValues<byte> set)
    {
        if (!set.Contains((byte)'\n')) return set;
        var bytes = new List<byte>();
        for (int b = 0; b < 256; b++)
            if (b != '\n' && set.Contains((byte)b)) bytes.Add((byte)b);
        return SearchValues.Create(bytes.ToArray());
    }
}
