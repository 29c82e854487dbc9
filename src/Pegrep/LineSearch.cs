// A stream, block by block -> each line matched on its own (re.find on the line), selected lines to the Printer.
using PegJit;

namespace Pegrep;

/// <summary>Line mode: each line is a subject of its own (re.find on the line, or re.match to its end with -x).</summary>
internal sealed class LineSearch : FileSearch
{
    private long _lineNumber;

    public LineSearch(RunState run, Printer printer) : base(run, printer) { }

    /// <summary>Searches the stream block by block; false when the file was skipped as binary (recursive search).</summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public bool Search(Stream stream, long lengthHint, bool skipBinary)
    {
        using var reader = new BlockReader(stream, lengthHint);
        Binary = !Settings.Text && reader.Peek(BinaryProbe).Contains((byte)0);
        if (Binary && skipBinary) return false;
        long bytes = 0;
        while (!Done && !Run.Stop)
        {
            var block = reader.Next();
            if (block.IsEmpty) break;
            bytes += block.Length;
            SearchBlock(block, reader.BlockOffset);
            Printer.Flush();   // a slow pipe's lines show up as they come, not when 64 KiB have gathered
        }
        Interlocked.Add(ref Run.Bytes, bytes);
        Interlocked.Add(ref Run.Lines, _lineNumber);
        Finish();
        return true;
    }

    // Each line is matched on its own span, so the pattern sees exactly that line: no lookahead past its end,
    // no lookbehind before its start, and !. at its end (re.find on the line).
    private void SearchBlock(ReadOnlySpan<byte> block, long blockOffset)
    {
        int pos = 0;
        while (pos < block.Length && !Done)
        {
            int newline = block[pos..].IndexOf((byte)'\n');
            int end = newline < 0 ? block.Length : pos + newline;
            var line = block[pos..end];
            _lineNumber++;
            var first = Matcher.Next(line, 0);
            if (first.Success != Settings.Invert) OnSelected(line, blockOffset + pos, first);
            pos = end + 1;
        }
    }

    private void OnSelected(ReadOnlySpan<byte> line, long lineOffset, MatchResult first)
    {
        Selected();
        if (Done) return;
        switch (Settings.Mode)
        {
            case OutputMode.Lines:
                Printer.Line(_lineNumber, line, Settings.Color && !Settings.Invert ? Matcher : null);
                break;
            case OutputMode.Json when Settings.Invert:
                Printer.Json(_lineNumber, lineOffset, line, []);
                break;
            default:
                if (!NeedsMatches) break;
                for (var it = new MatchIterator(line, Matcher, first, skipEmpty: true); it.MoveNext();)
                {
                    var m = it.Current;
                    MatchCount++;
                    if (Settings.Mode == OutputMode.OnlyMatching) Printer.OnlyMatch(_lineNumber, line[m.Start..m.End]);
                    else if (Settings.Mode == OutputMode.Json) Printer.Json(_lineNumber, lineOffset + m.Start, line[m.Start..m.End], m.Captures);
                }
                break;
        }
    }
}
