// --trace-log FILE -> the trace events of a run (for now, a header saying that none were recorded).
namespace Pegrep;

/// <summary>
/// Writes the trace event log. The tracing JIT is not built yet, so every pattern runs in the interpreter and no
/// trace is ever recorded: the log says exactly that rather than pretending otherwise.
/// </summary>
internal static class TraceLog
{
    /// <exception cref="IOException">The log file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The log file could not be written.</exception>
    public static void Write(string path, EngineChoice engine)
    {
        File.WriteAllText(path,
            $"# pegrep trace log; engine requested: {engine.ToString().ToLowerInvariant()}; engine used: interpreter\n" +
            "# no traces were recorded: the tracing JIT is not built yet\n");
    }
}
