// Inputs + the pattern -> every input searched (several at once), output in order, and grep's exit status.
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using PegJit;

namespace Pegrep;

/// <summary>Runs a search over all inputs and returns grep's exit status.</summary>
internal sealed class Searcher
{
    private readonly RunState _run;
    private readonly Stream _stdin;
    private readonly ReadAhead? _readAhead;
    private readonly OrderedOutput _output;
    private readonly List<Input> _inputs;
    private readonly bool _showNames;
    private int _anySelected;
    private int _anyError;
    private int _next = -1;
    private ExceptionDispatchInfo? _failure;

    public Searcher(Settings settings, Matcher matcher, Stream stdin, Stream stdout, TextWriter stderr, ReadAhead? readAhead = null)
    {
        _readAhead = readAhead;
        _run = new RunState(settings, matcher);
        _stdin = stdin;
        _output = new OrderedOutput(stdout, stderr, () => _run.Stop = true);
        _inputs = Inputs.List(settings, out _showNames);
        foreach (var _ in _inputs) _output.Open();
    }

    /// <summary>0 when a line was selected, 1 when none was, 2 after an error (unless -q selected a line).</summary>
    public int Run(TextWriter stderr)
    {
        var clock = Stopwatch.StartNew();
        int workers = Math.Clamp(_run.Settings.Threads, 1, Math.Max(1, _inputs.Count));
        if (workers == 1) Work();
        else
        {
            var threads = new Thread[workers];
            for (int i = 0; i < workers; i++)
            {
                threads[i] = new Thread(Work, maxStackSize: 0) { IsBackground = true, Name = "pegrep search " + i };
                threads[i].Start();
            }
            foreach (var t in threads) t.Join();
        }
        _failure?.Throw();
        if (_run.Settings.Mode == OutputMode.Json) Summary(clock.Elapsed);
        _output.Flush();
        if (_run.Settings.Stats) Stats.Write(stderr, _run, clock.Elapsed);
        return Status(stderr);
    }

    // A closed pipe is quiet (the reader has what it wanted); any other write error is an error of the run, said once.
    private int Status(TextWriter stderr)
    {
        bool selected = _anySelected != 0;
        if (_output.Broken)
        {
            if (_output.WriteError is not { } reason) return Cli.BrokenPipeStatus;
            stderr.WriteLine($"pegrep: write error: {reason}");
            stderr.Flush();
            return 2;
        }
        if (selected && _run.Settings.Mode == OutputMode.Quiet) return 0;
        return _anyError != 0 ? 2 : selected ? 0 : 1;
    }

    // --json ends with ripgrep's summary of the files that printed messages.
    private void Summary(TimeSpan elapsed)
    {
        var json = new JsonBuffer();
        var r = _run;
        JsonStream.Summary(json, elapsed, new JsonStream.Counts(elapsed, r.JsonSearches, r.JsonSearches, r.JsonBytesSearched,
            r.JsonBytesPrinted, r.JsonMatchedLines, r.JsonMatches));
        int slot = _output.Open();
        _output.Write(slot, json.Written);
        _output.Complete(slot);
    }

    // Each worker takes the next input in order, so the head of the output order is always being searched.
    // An unexpected exception (a bug) stops the run and is rethrown on the calling thread.
    private void Work()
    {
        int i;
        while ((i = Interlocked.Increment(ref _next)) < _inputs.Count)
        {
            try
            {
                if (!_run.Stop) SearchOne(_inputs[i], i);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
                _run.Stop = true;
            }
            _output.Complete(i);
        }
    }

    private void SearchOne(Input input, int slot)
    {
        if (input.Error is not null)
        {
            Fail(slot, input, input.Error);
            return;
        }
        var printer = new Printer(_run.Settings, _output, slot, input.Name, _showNames);
        try
        {
            if (SearchInput(input, printer))
                Interlocked.Increment(ref _run.Files);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            printer.Flush();
            Fail(slot, input, Inputs.Reason(e));
        }
        catch (PegException e)
        {
            // A capture that cannot be evaluated on some line, or a limit: this file's search ends here.
            printer.Flush();
            Fail(slot, input, e.Message, fileError: false);
        }
    }

    // False when the file was skipped (binary, found by -r).
    private bool SearchInput(Input input, Printer printer)
    {
        var settings = _run.Settings;
        FileSearch search;
        bool searched;
        if (settings.Multiline)
        {
            var multiline = new MultilineSearch(_run, printer);
            searched = multiline.Search(ReadAll(input), skipBinary: input.FromWalk);
            search = multiline;
        }
        else
        {
            var lines = new LineSearch(_run, printer);
            if (input.Path is null) searched = lines.Search(_stdin, -1, skipBinary: false);
            else
            {
                using var file = WholeFile.Open(input.Path);
                // A FIFO, a pipe or a character device has no length: it is read as a stream to its end.
                searched = lines.Search(file, file.CanSeek ? file.Length : -1, skipBinary: input.FromWalk);
            }
            search = lines;
        }
        if (search.AnySelected) Interlocked.Exchange(ref _anySelected, 1);
        return searched;
    }

    private byte[] ReadAll(Input input) =>
        input.Path is null ? WholeFile.ReadStream(_stdin, []) : _readAhead?.Take(input.Path) ?? WholeFile.Read(input.Path);

    // -s silences messages about files that cannot be read, not errors of the pattern itself.
    private void Fail(int slot, Input input, string reason, bool fileError = true)
    {
        Interlocked.Exchange(ref _anyError, 1);
        if (fileError && _run.Settings.NoMessages) return;
        _output.Error(slot, $"pegrep: {input.Name}: {reason}");
    }
}
