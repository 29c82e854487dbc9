// A stream, block by block -> the lines that can hold a match, each matched on its own (re.find), to the Printer.
using PegJit;

namespace Pegrep;

/// <summary>
/// Line mode: each line is a subject of its own (re.find on the line, or re.match to its end with -x). Lines end with
/// <see cref="Settings.Eol"/> ('\n', or NUL with -z). With -A/-B/-C the lines around selected ones print as context
/// (see <see cref="Context"/>); with -m the search of a file stops after that many selected lines and their trailing
/// context.
/// </summary>
internal sealed class LineSearch : FileSearch
{
    private readonly LineCandidates? _candidates;
    private readonly byte _eol;
    private readonly Context? _context;
    private readonly List<JsonStream.Submatch> _submatches = [];
    private long _lineNumber;
    private int _blockSize = BlockReader.BlockSize;

    public LineSearch(RunState run, Printer printer) : base(run, printer)
    {
        _eol = Settings.Eol;
        if (Matcher.LinePrefilter is { } prefilter && prefilter.Eol == _eol) _candidates = new LineCandidates(prefilter);
        if (Settings.HasContext && Settings.Mode is OutputMode.Lines or OutputMode.OnlyMatching or OutputMode.Json)
            _context = new Context(this);
    }

    /// <summary>The block size of the reader (tests make it small to exercise a line's growth past it).</summary>
    internal int BlockSize { set => _blockSize = value; }

    protected override bool PrintsTrailingContext => _context is not null && Settings.After > 0;

    /// <summary>Searches the stream block by block; false when the file was skipped as binary (recursive search).</summary>
    /// <exception cref="IOException">The stream could not be read.</exception>
    public bool Search(Stream stream, long lengthHint, bool skipBinary)
    {
        using var reader = new BlockReader(stream, lengthHint, _eol, _blockSize);
        if (SelectsNothing) Done = true;
        // With -z NUL ends lines, so it cannot mark a binary file.
        Binary = !Done && !Settings.Text && _eol != 0 && reader.Peek(BinaryProbe).Contains((byte)0);
        if (Binary && skipBinary) return false;
        while (!Done && !Run.Stop)
        {
            var block = reader.Next();
            if (block.IsEmpty) break;
            BytesSearched += block.Length;
            long firstLine = _lineNumber + 1;
            SearchBlock(block, reader.BlockOffset);
            _context?.EndBlock(block, reader.BlockOffset, firstLine, _lineNumber);
            Printer.Flush();   // a slow pipe's lines show up as they come, not when 64 KiB have gathered
        }
        Interlocked.Add(ref Run.Bytes, BytesSearched);
        Interlocked.Add(ref Run.Lines, _lineNumber);
        Finish();
        return true;
    }

    // Each line is matched on its own span, so the pattern sees exactly that line: no lookahead past its end,
    // no lookbehind before its start, and !. at its end (re.find on the line).
    private void SearchBlock(ReadOnlySpan<byte> block, long blockOffset)
    {
        _context?.NewBlock(_lineNumber + 1, blockOffset);
        if (_candidates is { } candidates) SearchCandidates(block, blockOffset, candidates);
        else SearchEveryLine(block, blockOffset, 0);
    }

    // A pattern that may match anywhere (even the empty string at a line's end): every line is matched.
    private void SearchEveryLine(ReadOnlySpan<byte> block, long blockOffset, int pos)
    {
        while (pos < block.Length && !Done)
        {
            if (MaxReached)
            {
                Trailing(block, pos, block.Length, blockOffset);
                return;
            }
            int end = LineEnd(block, pos);
            Consider(block, pos, end, blockOffset, 0);
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
            if (MaxReached)
            {
                Trailing(block, pos, block.Length, blockOffset);
                return;
            }
            if (!candidates.Next(block, pos, out int start, out int end, out int from))
            {
                Unmatched(block, pos, block.Length, blockOffset);
                return;
            }
            pos = Unmatched(block, pos, start, blockOffset);
            if (Done) return;
            if (pos < start) continue;   // -m was reached on a -v line before the candidate: trailing context from there
            Consider(block, start, end, blockOffset, from);
            pos = end + 1;
        }
    }

    private int LineEnd(ReadOnlySpan<byte> block, int pos)
    {
        int eol = block[pos..].IndexOf(_eol);
        return eol < 0 ? block.Length : pos + eol;
    }

    // One line [start, end) of the block, matched from `from` (no match can begin before it).
    private void Consider(ReadOnlySpan<byte> block, int start, int end, long blockOffset, int from)
    {
        _lineNumber++;
        var line = block[start..end];
        var first = Matcher.Next(line, from);
        if (first.Success != Settings.Invert) OnSelected(block, start, end, blockOffset, first);
        else _context?.NotSelected(block, start, end, blockOffset, _lineNumber);
    }

    // The whole lines in block[from..to) hold no byte that can begin a match: none is selected, or with -v all are.
    // Returns where it stopped: `to`, or earlier when -m was reached on one of them.
    private int Unmatched(ReadOnlySpan<byte> block, int from, int to, long blockOffset)
    {
        if (from == to) return to;
        if (!Settings.Invert && _context is { AfterPending: true })
        {
            // The first of them may be trailing context of the last selected line: those go one by one.
            from = Trailing(block, from, to, blockOffset);
            if (from == to) return to;
        }
        var region = block[from..to];
        if (!Settings.Invert || Settings.Mode is OutputMode.Count or OutputMode.CountMatches)
        {
            // Only counted: by -n's line numbers, and with -v by -c and --count-matches (which then count lines).
            long lines = region.Count(_eol) + (region[^1] == _eol ? 0 : 1);
            if (Settings.Invert && Settings.MaxCount is { } max) lines = Math.Min(lines, max - SelectedLines);
            _lineNumber += lines;
            if (Settings.Invert)
            {
                SelectedLines += lines;
                if (SelectedLines >= Settings.MaxCount) MaxReached = Done = true;
            }
            return to;
        }
        int pos = from;
        while (pos < to && !Done && !MaxReached)
        {
            int end = LineEnd(block, pos);
            _lineNumber++;
            OnSelected(block, pos, end, blockOffset, MatchResult.Failure);
            pos = end + 1;
        }
        return Math.Min(pos, to);
    }

    // After -m's last selected line, or within a run of lines without a match: lines from `pos` print as trailing
    // context while some is due. Returns where the lines not printed begin; with -m reached and no context due, the
    // file is done.
    private int Trailing(ReadOnlySpan<byte> block, int pos, int to, long blockOffset)
    {
        while (pos < to && _context is { AfterPending: true })
        {
            int end = LineEnd(block, pos);
            _lineNumber++;
            _context.NotSelected(block, pos, end, blockOffset, _lineNumber);
            pos = end + 1;
        }
        if (MaxReached && _context is not { AfterPending: true }) Done = true;
        return Math.Min(pos, to);
    }

    private void OnSelected(ReadOnlySpan<byte> block, int start, int end, long blockOffset, MatchResult first)
    {
        if (!Selected()) return;
        var line = block[start..end];
        long offset = blockOffset + start;
        _context?.BeforeSelected(block, start, _lineNumber);
        switch (Settings.Mode)
        {
            case OutputMode.Lines:
                int column = first.Success ? first.Start + 1 : 0;
                Printer.Line(true, _lineNumber, offset, column, line, Settings.Color && !Settings.Invert ? Matcher : null);
                break;
            case OutputMode.Json:
                Json(block, start, end, offset, first);
                break;
            default:
                if (!NeedsMatches) break;
                for (var it = new MatchIterator(line, Matcher, first, skipEmpty: true); it.MoveNext();)
                {
                    var m = it.Current;
                    MatchCount++;
                    if (Settings.Mode == OutputMode.OnlyMatching) Printer.OnlyMatch(_lineNumber, m.Start + 1, offset + m.Start, line[m.Start..m.End]);
                }
                break;
        }
        _context?.AfterSelected(_lineNumber);
    }

    // A selected line as ripgrep's "match" message: every non-empty match in it (none with -v), with captures.
    private void Json(ReadOnlySpan<byte> block, int start, int end, long offset, MatchResult first)
    {
        var line = block[start..end];
        _submatches.Clear();
        if (!Settings.Invert)
        {
            for (var it = new MatchIterator(line, Matcher, first, skipEmpty: true); it.MoveNext();)
                _submatches.Add(new JsonStream.Submatch(it.Current.Start, it.Current.End, it.Current.Captures));
        }
        MatchCount += _submatches.Count;
        Printer.Json(true, _lineNumber, offset, WithEol(block, start, end), System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_submatches));
    }

    private static ReadOnlySpan<byte> WithEol(ReadOnlySpan<byte> block, int start, int end) => block[start..Math.Min(end + 1, block.Length)];

    /// <summary>
    /// -A/-B/-C: the lines printed around selected lines, grep's way. Before a selected line, up to -B earlier lines not
    /// yet printed (found back in the block, or among the last lines of the previous blocks, kept as copies); after
    /// it, up to -A lines that are not selected; a group that does not follow the last printed line is preceded by the
    /// group separator (also after another file's output). With -o the context lines are not printed, only the
    /// separators; with --json they are ripgrep's "context" messages.
    /// </summary>
    private sealed class Context
    {
        private readonly LineSearch _search;
        private readonly int _before, _after;
        private readonly Queue<(long Number, long Offset, byte[] Line)> _tail = new();   // the last lines before this block
        private long _blockFirstLine, _blockOffset;
        private long _lastPrinted;   // 0: none yet in this file
        private int _afterLeft;

        public Context(LineSearch search)
        {
            _search = search;
            _before = search.Settings.Before;
            _after = search.Settings.After;
        }

        public bool AfterPending => _afterLeft > 0;

        public void NewBlock(long firstLine, long blockOffset)
        {
            _blockFirstLine = firstLine;
            _blockOffset = blockOffset;
        }

        /// <summary>The before context of selected line <paramref name="number"/> at block[start..], and the separator.</summary>
        public void BeforeSelected(ReadOnlySpan<byte> block, int start, long number)
        {
            long want = Math.Min(_before, number - 1 - _lastPrinted);
            bool apart = _lastPrinted == 0 || number - Math.Max(want, 0) > _lastPrinted + 1;
            if (apart && _search.Settings.Mode != OutputMode.Json) _search.Printer.GroupSeparator();   // JSON has no separators
            if (want <= 0) return;
            int inBlock = (int)Math.Min(want, number - _blockFirstLine);   // want ≤ -B, an int
            int fromTail = (int)want - inBlock;
            if (fromTail > 0) foreach (var (n, offset, line) in _tail.Skip(_tail.Count - fromTail)) Print(n, offset, line, line);
            Span<int> starts = inBlock <= 64 ? stackalloc int[inBlock] : new int[inBlock];
            int pos = start;
            for (int i = inBlock - 1; i >= 0; i--)
            {
                pos = block[..(pos - 1)].LastIndexOf(_search._eol) + 1;
                starts[i] = pos;
            }
            for (int i = 0; i < starts.Length; i++)
            {
                int end = _search.LineEnd(block, starts[i]);
                Print(number - inBlock + i, _blockOffset + starts[i], block[starts[i]..end], WithEol(block, starts[i], end));
            }
        }

        public void AfterSelected(long number)
        {
            _lastPrinted = number;
            _afterLeft = _after;
        }

        /// <summary>A line that is not selected: printed when trailing context is due.</summary>
        public void NotSelected(ReadOnlySpan<byte> block, int start, int end, long blockOffset, long number)
        {
            if (_afterLeft == 0) return;
            _afterLeft--;
            Print(number, blockOffset + start, block[start..end], WithEol(block, start, end));
        }

        /// <summary>Keeps copies of the block's last -B lines for the next block's first selected line.</summary>
        public void EndBlock(ReadOnlySpan<byte> block, long blockOffset, long firstLine, long lastLine)
        {
            if (_before == 0) return;
            long lines = Math.Min(_before, lastLine - firstLine + 1);
            int end = block.Length;
            var found = new List<(long, long, byte[])>();
            for (long i = 0; i < lines; i++)
            {
                int stop = end > 0 && block[end - 1] == _search._eol ? end - 1 : end;
                int start = block[..stop].LastIndexOf(_search._eol) + 1;
                found.Add((lastLine - i, blockOffset + start, block[start..end].ToArray()));
                end = start;
            }
            for (int i = found.Count - 1; i >= 0; i--) _tail.Enqueue(found[i]);
            while (_tail.Count > _before) _tail.Dequeue();
        }

        // `withEol` is the line with its terminator (JSON prints it); `line` is without it (the other modes add theirs).
        private void Print(long number, long offset, ReadOnlySpan<byte> line, ReadOnlySpan<byte> withEol)
        {
            _lastPrinted = number;
            if (line.Length > 0 && line[^1] == _search._eol) line = line[..^1];
            switch (_search.Settings.Mode)
            {
                case OutputMode.Lines: _search.Printer.Line(false, number, offset, 0, line, null); break;
                case OutputMode.Json: _search.Printer.Json(false, number, offset, withEol, []); break;
                default: break;   // -o: context lines are not printed, only the separators between groups
            }
        }
    }
}
