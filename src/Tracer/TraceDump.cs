// Compiled trees -> text: per tree a summary, its trace IR and its IL listing.
using System.Diagnostics;
using System.Text;
using PegJit.Vm;

namespace PegJit.Tracer;

internal static class TraceDump
{
    /// <summary>Every tree still in use (those replaced by inline linking are left out); the trees of return-site
    /// anchors (<paramref name="isReturnSite"/> of their pc) are marked in their summaries.</summary>
    public static string Trees(IEnumerable<CompiledTree> all, Program prog, Func<int, bool> isReturnSite)
    {
        var sb = new StringBuilder();
        foreach (var t in all.Where(t => !t.Superseded))
        {
            sb.Append(Summary(t, isReturnSite(t.Tree.AnchorPc)));
            foreach (var ir in t.Tree.Traces) sb.Append(ir.Dump(prog));
            sb.Append("-- IL --\n").Append(t.IlListing);
        }
        return sb.ToString();
    }

    // Per tree: entries, bytes, time, compile phases, and every exit taken (trace, step, pc) with its count, hottest first.
    private static string Summary(CompiledTree t, bool atReturnSite)
    {
        var sb = new StringBuilder($"== tree at pc {t.Tree.AnchorPc}{(atReturnSite ? " (return site)" : "")}: {t.Tree.Traces.Count} trace(s), entries {t.Entries}, " +
            $"bytes {t.Bytes}, time {t.Ticks * 1000.0 / Stopwatch.Frequency:F1} ms; compiled: {t.Phases}\n");
        foreach (int id in Enumerable.Range(0, t.Exits.Length).Where(i => t.ExitCounts[i] > 0).OrderByDescending(i => t.ExitCounts[i]))
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"   exit {id} (trace {t.Exits[id].Trace} step {t.Exits[id].Step}, pc {t.Exits[id].Pc}): {t.ExitCounts[id]}{Leads(t, id)}\n");
        return sb.ToString();
    }

    // Where an exit goes on: straight into compiled code at an anchor or into a dispatched side trace, else back to
    // the interpreter (or, inlined, the exit has no count: it is code of the tree now).
    private static string Leads(CompiledTree t, int id) =>
        t.Exits[id].ToAnchor ? " -> the anchor's tree" : t.Next[id] is not null ? " -> a side trace" : "";
}
