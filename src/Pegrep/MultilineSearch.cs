// A whole input (-U) -> matches that may span lines, and the lines they touch, to the Printer.
using System.Runtime.InteropServices;
using PegJit;

namespace Pegrep;

/// <summary>
/// -U: the whole input is one subject, so a match may span lines. A line is selected when a match touches it;
/// the lines a match touches print once, however many matches they hold. Matches come left to right, and every
/// line question goes to one <see cref="LineCursor"/>, so the search stays linear in the input's length however
/// many matches a line holds.
/// </summary>
internal sealed class MultilineSearch : FileSearch
{
    private readonly List<(int Start, int End)> _regionMatches = [];
    private byte[] _data = [];
    private LineCursor _lines = new([]);
    private int _regionStart = -1, _regionEnd = -1;
    private int _nextUnprinted;      // the first byte of the first line not yet handed out (for -v)
    private int _rangeFrom;          // the first of _regionMatches that may touch the line being printed

    public MultilineSearch(RunState run, Printer printer) : base(run, printer) { }

    /// <summary>Bytes the line questions examined (for tests: linear means a few times the input's length).</summary>
    internal long LineBytesScanned => _lines.Scanned;

    /// <summary>Matches looked at to color the lines printed (for tests: each match a bounded number of times).</summary>
    internal long RangesVisited { get; private set; }

    /// <summary>Searches the whole input; false when the file was skipped as binary (recursive search).</summary>
    public bool Search(byte[] data, bool skipBinary)
    {
        _data = data;
        _lines = new LineCursor(data, Settings.Eol);
        Binary = !Settings.Text && Settings.Eol != 0 && data.AsSpan(0, Math.Min(BinaryProbe, data.Length)).Contains((byte)0);
        if (Binary && skipBinary) return false;
        BytesSearched = data.Length;
        if (SelectsNothing) Done = true;
        else if (Matcher.CanEnumerate && Settings.Mode != OutputMode.Json) SearchInBatches(data);
        else SearchOneByOne(data);
        if (!Done) EndRegion();
        if (Settings.Invert && !Done) Unselected(_data.Length);
        Interlocked.Add(ref Run.Bytes, data.Length);
        Interlocked.Add(ref Run.Lines, data.AsSpan().Count(Settings.Eol) + (data.Length > 0 && data[^1] != Settings.Eol ? 1 : 0));
        Finish();
        return true;
    }

    // Only places are needed (captures only for --json): the library finds the matches in batches.
    private void SearchInBatches(ReadOnlySpan<byte> data)
    {
        foreach (var m in Matcher.Enumerate(data))
        {
            if (Done || Run.Stop) break;
            OnMatch(m.Index, m.Index + m.Length, []);
        }
    }

    private void SearchOneByOne(ReadOnlySpan<byte> data)
    {
        var first = Matcher.Next(data, 0);
        for (var it = new MatchIterator(data, Matcher, first, skipEmpty: false); !Done && !Run.Stop && it.MoveNext();)
            OnMatch(it.Current.Start, it.Current.End, it.Current.Captures);
    }

    private void OnMatch(int matchStart, int matchEnd, IReadOnlyList<object?> captures)
    {
        // An empty match after the last line (at the end of input that ends with a newline) touches no line.
        if (matchStart == _data.Length && (_data.Length == 0 || _data[^1] == Settings.Eol)) return;
        int start = _lines.LineStart(matchStart);
        int end = _lines.LineEnd(matchEnd > matchStart ? matchEnd - 1 : matchStart);
        if (_regionStart >= 0 && start <= _regionEnd) _regionEnd = Math.Max(_regionEnd, end);
        else
        {
            EndRegion();
            _regionStart = start;
            _regionEnd = end;
        }
        if (matchEnd > matchStart)
        {
            _regionMatches.Add((matchStart, matchEnd));
            if (NeedsMatches) Matched(matchStart, matchEnd, captures);
        }
    }

    private void Matched(int start, int end, IReadOnlyList<object?> captures)
    {
        MatchCount++;
        if (Binary) return;   // "Binary file ... matches" is printed instead, when the line is selected
        var text = _data.AsSpan(start, end - start);
        int lineStart = _lines.LineStart(start);
        if (Settings.Mode == OutputMode.OnlyMatching) Printer.OnlyMatch(LineNumberAt(start), start - lineStart + 1, start, text);
        else if (Settings.Mode == OutputMode.Json) Json(start, end, lineStart, captures);
    }

    // One match as ripgrep's "match" message: the lines it touches, its place relative to the first of them.
    private void Json(int start, int end, int lineStart, IReadOnlyList<object?> captures)
    {
        int lastLineEnd = _lines.LineEnd(end > start ? end - 1 : start);
        var lines = _data.AsSpan(lineStart, Math.Min(lastLineEnd + 1, _data.Length) - lineStart);
        ReadOnlySpan<JsonStream.Submatch> submatch = [new JsonStream.Submatch(start - lineStart, end - lineStart, captures)];
        Printer.Json(true, _lines.LineNumber(lineStart), lineStart, lines, submatch);
    }

    // The lines [_regionStart, _regionEnd] are touched by matches: selected, or with -v the lines before them are.
    private void EndRegion()
    {
        if (_regionStart < 0) return;
        if (Settings.Invert) Unselected(_regionStart);
        else
        {
            _rangeFrom = 0;
            for (int pos = _regionStart; pos <= _regionEnd && !Done; pos = NextLine(pos))
                if (Selected() && Settings.Mode == OutputMode.Lines) PrintLine(pos, highlight: true);
        }
        _nextUnprinted = NextLine(_regionEnd);
        _regionStart = _regionEnd = -1;
        _regionMatches.Clear();
    }

    // -v: the lines from _nextUnprinted up to (not including) the line starting at `until`.
    private void Unselected(int until)
    {
        for (int pos = _nextUnprinted; pos < until && !Done; pos = NextLine(pos))
        {
            if (!Selected()) break;
            if (Settings.Mode == OutputMode.Lines) PrintLine(pos, highlight: false);
            else if (Settings.Mode == OutputMode.Json)
                Printer.Json(true, _lines.LineNumber(pos), pos, _data.AsSpan(pos, Math.Min(_lines.LineEnd(pos) + 1, _data.Length) - pos), []);
        }
    }

    private void PrintLine(int pos, bool highlight)
    {
        int end = _lines.LineEnd(pos);
        var line = _data.AsSpan(pos, end - pos);
        long number = LineNumberAt(pos);
        if (!highlight || !Settings.Color)
        {
            Printer.Line(true, number, pos, 0, line, null);
            return;
        }
        Printer.LineWithRanges(number, pos, line, pos, RangesOn(pos, end));
    }

    // The region's matches that touch the line [pos, end), found from where the previous line's began: the lines of a
    // region are printed in order, so a match that ends before this line touches none of the next ones either.
    private ReadOnlySpan<(int Start, int End)> RangesOn(int pos, int end)
    {
        var all = CollectionsMarshal.AsSpan(_regionMatches);
        while (_rangeFrom < all.Length && all[_rangeFrom].End <= pos)
        {
            _rangeFrom++;
            RangesVisited++;
        }
        int to = _rangeFrom;
        while (to < all.Length && all[to].Start < end)
        {
            to++;
            RangesVisited++;
        }
        return all[_rangeFrom..to];
    }

    private int NextLine(int pos) => _lines.LineEnd(pos) + 1;

    // Only -n and --json number lines; the cursor counts newlines once, as the positions asked move on.
    private long LineNumberAt(int pos) => Settings.LineNumbers || Settings.Mode == OutputMode.Json ? _lines.LineNumber(pos) : 0;
}
