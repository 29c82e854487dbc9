// -e, -f, --grammar and the first operand -> the compiled patterns of a run (re syntax or fixed strings, -i folded in).
using PegJit;

namespace Pegrep;

/// <summary>
/// Where the patterns come from, as grep: with -e, -f or --grammar every operand is a FILE; otherwise the first operand
/// is the pattern. -f holds one pattern a line; --grammar one pattern, a whole grammar. With -F each pattern is a fixed
/// string (an -e value with newlines holds several, as grep), and the strings are tried longest first so that the
/// ordered choice finds grep's leftmost-longest match. With -i each pattern is case-folded on its tree.
/// </summary>
internal static class PatternSet
{
    /// <summary>The patterns, or null after printing why one could not be read or compiled.</summary>
    /// <exception cref="UsageException">No pattern given.</exception>
    public static List<Pattern>? Compile(ParsedArgs p, List<string> operands, Stream stdin, TextWriter stderr)
    {
        var sources = new List<Source>();
        foreach (string e in p.Regexps) sources.AddRange(p.Fixed ? Lines(Utf8(e), null) : [new Source(Utf8(e), null, 0, e)]);
        foreach (string f in p.PatternFiles)
        {
            if (ReadFile(f, stdin, stderr) is not { } bytes) return null;
            sources.AddRange(Lines(bytes, f));
        }
        foreach (string g in p.GrammarFiles)
        {
            if (ReadFile(g, stdin, stderr) is not { } bytes) return null;
            sources.Add(new Source(Oracle.PatternBytes(bytes), g, 0));
        }
        if (!PatternOptions(p))
        {
            if (operands.Count == 0) throw new UsageException("no pattern given");
            sources.AddRange(p.Fixed ? Lines(Utf8(operands[0]), null) : [new Source(Utf8(operands[0]), null, 0, operands[0])]);
            operands.RemoveAt(0);
        }
        // Longest first: at each place the ordered choice then takes the longest string that matches there.
        if (p.Fixed) sources = [.. sources.OrderByDescending(s => s.Text.Length)];
        var patterns = new List<Pattern>();
        foreach (var source in sources)
        {
            if (source.Compile(p.Fixed, stderr) is not { } pattern) return null;
            patterns.Add(p.IgnoreCase ? pattern.IgnoreCase() : pattern);
        }
        // An empty -f file holds no pattern: nothing matches (as grep).
        if (patterns.Count == 0) patterns.Add(Pattern.P(false));
        return patterns;
    }

    /// <summary>With -e, -f or --grammar the operands are all files; without, the first is the pattern.</summary>
    public static bool PatternOptions(ParsedArgs p) => p.Regexps.Count + p.PatternFiles.Count + p.GrammarFiles.Count > 0;

    /// <summary>The operands that name inputs: all of them, or all but the pattern (see <see cref="PatternOptions"/>).</summary>
    public static IEnumerable<string> FileOperands(ParsedArgs p) => p.Operands.Skip(PatternOptions(p) ? 0 : 1);

    private static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    // One pattern per line; a last line without its newline counts, the empty rest after a final newline does not.
    private static IEnumerable<Source> Lines(byte[] bytes, string? file)
    {
        int start = 0, number = 1;
        while (start < bytes.Length)
        {
            int newline = Array.IndexOf(bytes, (byte)'\n', start);
            int end = newline < 0 ? bytes.Length : newline;
            yield return new Source(bytes[start..end], file, number++);
            start = end + 1;
        }
        // "-e ''" is one empty pattern (it matches every line), unlike an empty file.
        if (bytes.Length == 0 && file is null) yield return new Source([], null, 0);
    }

    private static byte[]? ReadFile(string name, Stream stdin, TextWriter stderr)
    {
        try
        {
            if (name != "-") return File.ReadAllBytes(name);
            using var buffer = new MemoryStream();
            stdin.CopyTo(buffer);
            return buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pegrep: {name}: {Inputs.Reason(e)}");
            return null;
        }
    }

    /// <summary>One pattern's bytes, where they come from for messages (a file and, for -f, its line), and the text as typed.</summary>
    private sealed record Source(byte[] Text, string? File, int Line, string? Typed = null)
    {
        public Pattern? Compile(bool isFixed, TextWriter stderr)
        {
            if (isFixed) return Pattern.P(Text);
            try
            {
                return Typed is null ? Re.Compile(Text) : Re.Compile(Typed);
            }
            catch (PegException e)
            {
                string where = File is null ? "" : Line > 0 ? $"{File}:{Line}: " : $"{File}: ";
                stderr.WriteLine($"pegrep: {where}{e.Message}");
                return null;
            }
        }
    }
}
