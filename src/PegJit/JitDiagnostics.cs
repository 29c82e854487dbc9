// What the tracing JIT did for a pattern: statistics, trace IR and IL dumps.
using PegJit.Tracer;

namespace PegJit;

/// <summary>Inspection of a pattern's JIT state (per tracer configuration, as matches use it).</summary>
public static class JitDiagnostics
{
    /// <summary>Statistics of the JIT that matches with <paramref name="options"/> used (null when none ran): anchored
    /// matches and searches (which run the pattern's search program) added together.</summary>
    public static TraceStatistics? Statistics(Pattern pattern, TracerOptions? options = null)
    {
        var caches = Caches(pattern, options).ToList();
        if (caches.Count == 0) return null;
        var sum = new TraceStatistics();
        foreach (var cache in caches) sum.Add(cache.Statistics);
        return sum;
    }

    /// <summary>The compiled trace trees: trace IR, then the emitted IL listing (anchored program, then search program).</summary>
    public static string Dump(Pattern pattern, TracerOptions? options = null) => string.Concat(Caches(pattern, options).Select(c => c.Dump()));

    private static IEnumerable<TraceCache> Caches(Pattern pattern, TracerOptions? options)
    {
        var key = Engine.Key(options ?? TracerOptions.Default);
        foreach (var prog in pattern.SearchProgramsCompiled.Prepend(pattern.Program))
            if (prog.JitStates.TryGetValue(key, out var hook) && hook is TraceCache cache) yield return cache;
    }
}
