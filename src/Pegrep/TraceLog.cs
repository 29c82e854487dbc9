// The JIT's trace events of a run -> the --trace-log file: a header, one line per event as it happens, the statistics.
using PegJit;
using System.Runtime.ExceptionServices;
using System.Text;
using PegJit.Tracer;

namespace Pegrep;

/// <summary>
/// The trace event log. Events come from whichever search thread records or compiles a trace, so every write holds
/// the lock; each line is flushed at once (events are few: recordings, compilations, aborts, side traces), so the log
/// can be followed while a long search runs. A write that fails inside a match is kept and reported by
/// <see cref="Close"/>: thrown there, it would pass for an error reading the file being searched.
/// </summary>
internal sealed class TraceLog : IDisposable
{
    private readonly Lock _lock = new();
    private StreamWriter? _writer;
    private ExceptionDispatchInfo? _failure;
    private long _events;

    public TraceLog(string path) => Path = path;

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Creates the file and writes the header: the engine asked for and what the JIT does with it.</summary>
    /// <exception cref="IOException">The log file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The log file could not be written.</exception>
    public void Open(EngineChoice engine, TracerOptions options)
    {
        var stream = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { NewLine = "\n", AutoFlush = true };
        try
        {
            writer.WriteLine($"# pegrep trace log; engine requested: {engine.ToString().ToLowerInvariant()}; " +
                             $"JIT mode: {options.Mode.ToString().ToLowerInvariant()} ({EngineOptions.Describe(options)})");
        }
        catch
        {
            writer.Dispose();
            throw;
        }
        lock (_lock) _writer = writer;
    }

    /// <summary>One event, as a line (the run's <see cref="TracerOptions.Log"/>); dropped before Open and after Close.</summary>
    public void Event(TraceEvent e)
    {
        lock (_lock)
        {
            if (_writer is null) return;
            try
            {
                _writer.WriteLine(e.ToString().TrimEnd('\n'));   // a recording's IR listing ends with a newline
                _events++;
            }
            catch (Exception x) when (x is IOException or UnauthorizedAccessException)
            {
                _failure ??= ExceptionDispatchInfo.Capture(x);
                DisposeWriter();
            }
        }
    }

    /// <summary>
    /// The closing lines (how many events; the JIT statistics of the pattern searched, or that there was no JIT
    /// activity), and closes the file.
    /// </summary>
    /// <exception cref="IOException">The log could not be written (now or during the search).</exception>
    /// <exception cref="UnauthorizedAccessException">The log could not be written.</exception>
    public void Close(TracerOptions options, string pattern, PegJit.JitStatistics? statistics)
    {
        lock (_lock)
        {
            _failure?.Throw();
            if (_writer is null) return;
            try
            {
                _writer.WriteLine(options.Mode == JitMode.Off ? "# no events: the interpreter ran alone" : $"# events: {_events}");
                _writer.WriteLine($"# {pattern}: {Summary(options, statistics)}");
            }
            finally
            {
                DisposeWriter();
            }
        }
    }

    private static string Summary(TracerOptions options, PegJit.JitStatistics? statistics) =>
        EngineOptions.NoActivity(options, statistics) ?? statistics!.ToString();

    private void DisposeWriter()
    {
        try { _writer?.Dispose(); }
        catch (IOException) { /* the failure that matters is already kept or being thrown */ }
        _writer = null;
    }

    public void Dispose()
    {
        lock (_lock) DisposeWriter();
    }
}
