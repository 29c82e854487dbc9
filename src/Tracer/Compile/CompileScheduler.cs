// Compile work -> run now (JitMode.Always, tests, diagnostics) or on the compile thread while the match goes on.
namespace PegJit.Tracer;

/// <summary>Where compilations run. Recording always stays on the matching thread (it reads the live state); only
/// IL emission and the runtime's compilation move to the <see cref="CompileThread"/>.</summary>
internal sealed class CompileScheduler(TracerOptions opt, TraceStatistics stats, TraceLog log)
{
    /// <summary>Compiling in the background lets the match go on in the interpreter while the IL is emitted and
    /// compiled; JitMode.Always compiles at once, so that tests and diagnostics see the trace run on the spot.</summary>
    public bool Background => opt.BackgroundCompile && opt.Mode == JitMode.Auto;

    /// <summary>Runs <paramref name="work"/> now or on the compile thread, then <paramref name="done"/> in either case.
    /// Work that throws there (a bug: the compile routine contains compilation failures) is logged as an abort and
    /// lost, since an exception there would end the process. <paramref name="first"/>: new code, which goes before
    /// re-emissions of code that runs already (see <see cref="CompileThread"/>).</summary>
    public void Run(int anchorPc, Action work, Action done, bool first = true)
    {
        if (!Background)
        {
            try { work(); }
            finally { done(); }
            return;
        }
        CompileThread.Post(() =>
        {
            try { work(); }
#pragma warning disable CA1031 // see the summary: nothing may escape the compile thread
            catch (Exception e) when (!TraceCompiler.IsFatal(e))
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref stats.Aborts);
                log.Write(TraceEventKind.Aborted, anchorPc, $"{AbortReason.CompileFailed.Message()}: {e.GetType().Name}: {e.Message}");
            }
            finally { done(); }
        }, first);
    }
}
