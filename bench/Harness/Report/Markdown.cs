// A small markdown builder: headings, paragraphs, tables, code blocks.
using System.Text;

namespace PegJit.Bench.Report;

/// <summary>Builds a markdown document.</summary>
public sealed class Markdown
{
    private readonly StringBuilder _sb = new();

    /// <summary>A heading of <paramref name="level"/>.</summary>
    public Markdown Heading(int level, string text) => Line(new string('#', level) + " " + text).Line();

    /// <summary>A paragraph.</summary>
    public Markdown Para(string text) => Line(text).Line();

    /// <summary>A raw line.</summary>
    public Markdown Line(string text = "")
    {
        _sb.Append(text).Append('\n');
        return this;
    }

    /// <summary>A fenced code block.</summary>
    public Markdown Code(string text, string lang = "") => Line("```" + lang).Line(text.TrimEnd()).Line("```").Line();

    /// <summary>A table: the first <paramref name="left"/> columns left-aligned (names), the others right-aligned
    /// (numbers) unless <paramref name="text"/>.</summary>
    public Markdown Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, bool text = false, int left = 1)
    {
        Line("| " + string.Join(" | ", headers.Select(Escape)) + " |");
        Line("|" + string.Join("|", headers.Select((_, i) => i < left || text ? " --- " : " ---: ")) + "|");
        foreach (var r in rows) Line("| " + string.Join(" | ", r.Select(Escape)) + " |");
        return Line();
    }

    private static string Escape(string cell) => cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => _sb.ToString();
}
