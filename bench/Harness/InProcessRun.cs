// The in-process matrix: workload x file x runtime, each row measured by its runtime and appended as it lands.
using PegJit.Bench.Runtimes;

namespace PegJit.Bench;

/// <summary>Runs every applicable runtime on every workload and file of the mode, with visible progress.</summary>
public sealed class InProcessRun(Protocol protocol, bool full, string corpusDir, Action<string> progress, Action<Measurement> record)
{
    private readonly Dictionary<IRuntime, Availability> _availability = [];

    /// <summary>Measures the whole matrix, in order.</summary>
    public List<Measurement> Run(IReadOnlyList<Workload> workloads, IReadOnlyList<IRuntime> runtimes)
    {
        var plan = (from w in workloads
                    from f in Corpus.Files(corpusDir, w.Family, full)
                    from r in runtimes
                    where r.Applies(w, f)
                    select (w, f, r)).ToList();
        var rows = new List<Measurement>();
        for (int i = 0; i < plan.Count; i++)
        {
            var (w, f, r) = plan[i];
            var row = Measure(w, f, r) with { Engine = r.Name, Workload = w.Name, File = f.Label, FileBytes = f.Bytes };
            progress($"[{i + 1}/{plan.Count}] {w.Name,-10} {f.Label,-15} {r.Name,-22} ... {Summary(row)}");
            record(row);
            rows.Add(row);
        }
        return rows;
    }

    private Measurement Measure(Workload w, CorpusFile f, IRuntime r)
    {
        if (!f.Exists) return new Measurement { Status = Status.Missing, Error = f.Path + " missing" };
        if (!_availability.TryGetValue(r, out var a)) _availability[r] = a = r.Check();
        if (!a.Ok) return new Measurement { Status = Status.Unavailable, Error = a.Detail };
        try { return r.Run(w, f, protocol); }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new Measurement { Status = Status.Failed, Error = e.Message };
        }
    }

    /// <summary>The progress line's verdict: throughput and result, or why not.</summary>
    public static string Summary(Measurement m) => m.Status switch
    {
        Status.Ok => $"{m.MBps,9:F1} MB/s  {m.NsPerOp / 1e6,9:F2} ms/op  {m.Result}",
        Status.Failed => "fails: " + m.Error,
        _ => m.Status + ": " + m.Error,
    };
}
