// A stream, block by block -> the lines that can hold a match, each matched on its own (re.find), to the Printer.
using PegJit;

namespace Pegrep;

/// <summary>Line mode: each line is a subject of its own (re.find on the line, or re.match to its end with -x).</summary>
internal sealed class LineSearch : FileSearch
{
    private readonly LineCandidates? _candidates;
    private long _lineNumber;

    public LineSearch(RunState run, Printer printer) : base(run, printer)
    {
        if (Matcher.LinePrefilter is { } prefilter) _candidates = new LineCandidates(prefilter);
    }

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
        if (_candidates is { } candidates) SearchCandidates(block, blockOffset, candidates);
        else SearchEveryLine(block, blockOffset);
    }

    // A pattern that may match anywhere (even the empty string at a line's end): every line is matched.
    private void SearchEveryLine(ReadOnlySpan<byte> block, long blockOffset)
    {
        int pos = 0;
        while (pos < block.Length && !Done)
        {
            int end = LineEnd(block, pos);
            Consider(block[pos..end], blockOffset + pos, 0);
            pos = end + 1;
        }
    }

    // From candidate line to candidate line: only a line that the prefilter says can hold a match is matched, from
    // where a match can first begin in it. This is re.find on each line exactly: no match can begin before that place,
    // and none in the lines passed over, so these are not selected (with -v they all are).
    private void SearchCandidates(ReadOnlySpan<byte> block, long blockOffset, LineCandidates candidates)
    {
        candidates.NewBlock();
        int pos = 0;
        while (pos < block.Length && !Done)
        {
            if (!candidates.Next(block, pos, out int start, out int end, out int from))
            {
                Unmatched(block, pos, block.Length, blockOffset);
                return;
            }
            Unmatched(block, pos, start, blockOffset);
            if (Done) return;
            Consider(block[start..end], blockOffset + start, from);
            pos = end + 1;
        }
    }

    private static int LineEnd(ReadOnlySpan<byte> block, int pos)
    {
        int newline = block[pos..].IndexOf((byte)'\n');
        return newline < 0 ? block.Length : pos + newline;
    }

    // One line, matched from `from` (no match can begin before it).
    private void Consider(ReadOnlySpan<byte> line, long lineOffset, int from)
    {
        _lineNumber++;
        var first = Matcher.Next(line, from);
        if (first.Success != Settings.Invert) OnSelected(line, lineOffset, first);
    }

    // The whole lines in block[from..to) hold no byte that can begin a match: none is selected, or with -v all are.
    private void Unmatched(ReadOnlySpan<byte> block, int from, int to, long blockOffset)
    {
        if (from == to) return;
        var region = block[from..to];
        if (!Settings.Invert || Settings.Mode is OutputMode.Count or OutputMode.CountMatches)
        {
            // Only counted: by -n's line numbers, and with -v by -c and --count-matches (which then count lines).
            long lines = region.Count((byte)'\n') + (region[^1] == '\n' ? 0 : 1);
            _lineNumber += lines;
            if (Settings.Invert) SelectedLines += lines;
            return;
        }
        for (int pos = from; pos < to && !Done;)
        {
            int end = LineEnd(block, pos);
            _lineNumber++;
            OnSelected(block[pos..end], blockOffset + pos, MatchResult.Failure);
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
