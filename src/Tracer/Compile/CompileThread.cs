// Background compile work of every program in the process -> one long-lived thread of the JIT's own, in order.
namespace PegJit.Tracer;

/// <summary>
/// The thread that background compilations (and the <see cref="Warmup"/>) run on: one per process, started at the
/// first job, a background thread so that it never keeps a process alive. It replaces the thread pool for three
/// reasons. A process's first work item initializes the pool on the queueing thread, which is the matching thread:
/// json-40m's first match stalled 5 to 15 ms there, at the warm-up's start, before anything was compiled. The pool may
/// be busy with the application's own work, and compile jobs queued behind it arrive late. And one thread leaves the
/// matching thread a core on a small machine: two compile threads were no faster on two cores (json-40m's first match
/// 67.9 against 69.8 ms, json-rr 95.3 against 92.2, medians of 10).
/// Jobs run in the order they came, first jobs (new code where the interpreter runs now) before later ones (re-emissions
/// of code that already runs); a job must not throw (callers contain their failures).
/// </summary>
internal static class CompileThread
{
    private static readonly object Gate = new();
    private static readonly Queue<Action> First = new();
    private static readonly Queue<Action> Later = new();
    private static Thread? _thread;

    /// <summary>Queues <paramref name="job"/> (before every <paramref name="first"/>-less job still waiting when
    /// <paramref name="first"/>); the thread is started with the first one.</summary>
    public static void Post(Action job, bool first)
    {
        lock (Gate)
        {
            (first ? First : Later).Enqueue(job);
            if (_thread is null) Start();
            else if (First.Count + Later.Count == 1) Monitor.Pulse(Gate);
        }
    }

    private static void Start()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "PegJit compile" };
        _thread.Start();
    }

    private static void Loop()
    {
        while (true)
        {
            Action job;
            lock (Gate)
            {
                while (First.Count + Later.Count == 0) Monitor.Wait(Gate);
                job = First.Count > 0 ? First.Dequeue() : Later.Dequeue();
            }
            job();
        }
    }
}
