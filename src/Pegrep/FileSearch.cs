// A selected line -> what each output mode does with it, when a file's search may stop, and the per-file summary.
using PegJit;

namespace Pegrep;

/// <summary>What every search of a run shares: the settings, the pattern, the counters and the -q stop.</summary>
internal sealed class RunState
{
    public RunState(Settings settings, Matcher matcher)
    {
        Settings = settings;
        Matcher = matcher;
    }

    public Settings Settings { get; }
    public Matcher Matcher { get; }
    /// <summary>Set by -q at the first selected line: every search stops.</summary>
    public volatile bool Stop;
    public long Files;
    public long Bytes;
    public long Lines;
    public long Selected;
    /// <summary>--json's summary: the counts of the files that printed messages, summed.</summary>
    public long JsonSearches, JsonBytesSearched, JsonBytesPrinted, JsonMatchedLines, JsonMatches;
}

/// <summary>
/// The selection logic shared by line mode and -U: what a selected line does in each output mode, when the
/// search of a file may stop, and the per-file summary (-c, -l, -L).
/// </summary>
internal abstract class FileSearch
{
    protected readonly RunState Run;
    protected readonly Settings Settings;
    protected readonly Matcher Matcher;
    protected readonly Printer Printer;
    protected long SelectedLines;
    protected long MatchCount;
    /// <summary>The file has a NUL byte early on and -a was not given: lines are not printed.</summary>
    protected bool Binary;
    /// <summary>Nothing more of this file is needed.</summary>
    protected bool Done;
    /// <summary>-m's count of selected lines was reached: no more are selected (trailing context may still print).</summary>
    protected bool MaxReached;
    /// <summary>The bytes of this file searched, for --stats and --json.</summary>
    protected long BytesSearched;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    protected FileSearch(RunState run, Printer printer)
    {
        Run = run;
        Settings = run.Settings;
        Matcher = run.Matcher;
        Printer = printer;
    }

    /// <summary>How many bytes from the start are checked for a NUL byte (grep's and ripgrep's binary test).</summary>
    public const int BinaryProbe = 8192;

    /// <summary>Whether any line was selected.</summary>
    public bool AnySelected => SelectedLines > 0;

    /// <summary>Whether the search can stop at the first selected line (nothing after it would be printed).</summary>
    protected bool StopsAtFirst => Settings.Mode is OutputMode.Quiet or OutputMode.FilesWithMatches or OutputMode.FilesWithoutMatch
        || (Binary && Settings.Mode is OutputMode.Lines or OutputMode.OnlyMatching or OutputMode.Json);

    /// <summary>Whether the output needs every match of a line (not only whether there is one).</summary>
    protected bool NeedsMatches => !Settings.Invert
        && (Settings.Mode is OutputMode.OnlyMatching or OutputMode.Json or OutputMode.CountMatches);

    /// <summary>Whether this search prints the lines after the -m-th selected one as context (line mode).</summary>
    protected virtual bool PrintsTrailingContext => false;

    /// <summary>-m 0: nothing is selected, nothing needs reading.</summary>
    protected bool SelectsNothing => Settings.MaxCount == 0;

    /// <summary>
    /// Counts a selected line and stops the file (or the run, for -q) when nothing more is needed. False when the line
    /// itself is not printed either (-q, -l, -L, a binary file's notice); true when it is to be printed (or its matches
    /// counted), even as -m's last.
    /// </summary>
    protected bool Selected()
    {
        SelectedLines++;
        if (Settings.Mode == OutputMode.Quiet) Run.Stop = true;
        if (Settings.MaxCount is { } max && SelectedLines >= max)
        {
            MaxReached = true;
            if (!PrintsTrailingContext) Done = true;
        }
        if (!StopsAtFirst) return true;
        if (Binary && Settings.Mode is OutputMode.Lines or OutputMode.OnlyMatching or OutputMode.Json) Printer.BinaryMatches();
        Done = true;
        return false;
    }

    /// <summary>The per-file lines of -c, --count-matches, -l and -L, then the rest of the buffered output.</summary>
    protected void Finish()
    {
        switch (Settings.Mode)
        {
            case OutputMode.Count: Printer.Count(SelectedLines); break;
            case OutputMode.CountMatches: Printer.Count(Settings.Invert ? SelectedLines : MatchCount); break;
            case OutputMode.FilesWithMatches when SelectedLines > 0: Printer.FileName(); break;
            case OutputMode.FilesWithoutMatch when SelectedLines == 0: Printer.FileName(); break;
            default: break;
        }
        if (Settings.Mode == OutputMode.Json) EndJson();
        Printer.Flush();
        Interlocked.Add(ref Run.Selected, SelectedLines);
    }

    // ripgrep writes "end" (and counts the file in its summary) only for a file that printed a "begin".
    private void EndJson()
    {
        if (!Printer.JsonBegun) return;
        long printed = Printer.BytesPrinted;   // the messages before "end", as ripgrep counts them
        var counts = new JsonStream.Counts(_clock.Elapsed, 1, SelectedLines > 0 ? 1 : 0, BytesSearched, 0, SelectedLines,
            Settings.Invert ? 0 : MatchCount);
        Printer.EndJson(counts);
        Interlocked.Increment(ref Run.JsonSearches);
        Interlocked.Add(ref Run.JsonBytesSearched, BytesSearched);
        Interlocked.Add(ref Run.JsonBytesPrinted, printed);
        Interlocked.Add(ref Run.JsonMatchedLines, SelectedLines);
        Interlocked.Add(ref Run.JsonMatches, counts.Matches);
    }
}
