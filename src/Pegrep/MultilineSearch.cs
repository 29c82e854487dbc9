// A whole input (-U) -> matches that may span lines, and the lines they touch, to the Printer.
using PegJit;

namespace Pegrep;

/// <summary>
/// -U: the whole input is one subject, so a match may span lines. A line is selected when a match touches it;
/// the lines a match touches print once, however many matches they hold.
/// </summary>
internal sealed class MultilineSearch : FileSearch
{
    private readonly List<(int Start, int End)> _regionMatches = [];
    private byte[] _data = [];
    private int _regionStart = -1, _regionEnd = -1;
    private int _nextUnprinted;      // the first byte of the first line not yet handed out (for -v)
    private int _countedTo;          // line numbers are counted up to this byte
    private long _lineNumber = 1;    // the number of the line holding _countedTo

    public MultilineSearch(RunState run, Printer printer) : base(run, printer) { }

    /// <summary>Searches the whole input; false when the file was skipped as binary (recursive search).</summary>
    public bool Search(byte[] data, bool skipBinary)
    {
        _data = data;
        Binary = !Settings.Text && data.AsSpan(0, Math.Min(BinaryProbe, data.Length)).Contains((byte)0);
        if (Binary && skipBinary) return false;
        var first = Matcher.Next(data, 0);
        for (var it = new MatchIterator(data, Matcher, first, skipEmpty: false); !Done && !Run.Stop && it.MoveNext();)
            OnMatch(it.Current);
        if (!Done) EndRegion();
        if (Settings.Invert && !Done) Unselected(_data.Length);
        Interlocked.Add(ref Run.Bytes, data.Length);
        Interlocked.Add(ref Run.Lines, data.AsSpan().Count((byte)'\n') + (data.Length > 0 && data[^1] != '\n' ? 1 : 0));
        Finish();
        return true;
    }

    private void OnMatch(MatchResult m)
    {
        // An empty match after the last line (at the end of input that ends with a newline) touches no line.
        if (m.Start == _data.Length && (_data.Length == 0 || _data[^1] == '\n')) return;
        int start = _data.AsSpan(0, m.Start).LastIndexOf((byte)'\n') + 1;
        int last = m.End > m.Start ? m.End - 1 : m.Start;
        int newline = last < _data.Length ? _data.AsSpan(last).IndexOf((byte)'\n') : -1;
        int end = newline < 0 ? _data.Length : last + newline;
        if (_regionStart >= 0 && start <= _regionEnd) _regionEnd = Math.Max(_regionEnd, end);
        else
        {
            EndRegion();
            _regionStart = start;
            _regionEnd = end;
        }
        if (m.End > m.Start)
        {
            _regionMatches.Add((m.Start, m.End));
            if (NeedsMatches) Matched(m);
        }
    }

    private void Matched(MatchResult m)
    {
        MatchCount++;
        if (Binary) return;   // "Binary file ... matches" is printed instead, when the line is selected
        var text = _data.AsSpan(m.Start, m.End - m.Start);
        if (Settings.Mode == OutputMode.OnlyMatching) Printer.OnlyMatch(LineNumberAt(m.Start), text);
        else if (Settings.Mode == OutputMode.Json) Printer.Json(LineNumberAt(m.Start), m.Start, text, m.Captures);
    }

    // The lines [_regionStart, _regionEnd] are touched by matches: selected, or with -v the lines before them are.
    private void EndRegion()
    {
        if (_regionStart < 0) return;
        if (Settings.Invert) Unselected(_regionStart);
        else
        {
            for (int pos = _regionStart; pos <= _regionEnd && !Done; pos = NextLine(pos))
            {
                Selected();
                if (!Done && Settings.Mode == OutputMode.Lines) PrintLine(pos, highlight: true);
            }
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
            Selected();
            if (Done) break;
            if (Settings.Mode == OutputMode.Lines) PrintLine(pos, highlight: false);
            else if (Settings.Mode == OutputMode.Json)
                Printer.Json(LineNumberAt(pos), pos, _data.AsSpan(pos, LineEnd(pos) - pos), []);
        }
    }

    private void PrintLine(int pos, bool highlight)
    {
        int end = LineEnd(pos);
        var line = _data.AsSpan(pos, end - pos);
        long number = LineNumberAt(pos);
        if (!highlight || !Settings.Color)
        {
            Printer.Line(number, line, null);
            return;
        }
        Printer.LineWithRanges(number, line, pos, _regionMatches);
    }

    private int LineEnd(int pos)
    {
        int newline = _data.AsSpan(pos).IndexOf((byte)'\n');
        return newline < 0 ? _data.Length : pos + newline;
    }

    private int NextLine(int pos) => LineEnd(pos) + 1;

    // Line numbers only move forward, so counting newlines since the last question is enough.
    private long LineNumberAt(int pos)
    {
        if (!Settings.LineNumbers && Settings.Mode != OutputMode.Json) return 0;
        if (pos < _countedTo) return _lineNumber - _data.AsSpan(pos, _countedTo - pos).Count((byte)'\n');
        _lineNumber += _data.AsSpan(_countedTo, pos - _countedTo).Count((byte)'\n');
        _countedTo = pos;
        return _lineNumber;
    }
}
