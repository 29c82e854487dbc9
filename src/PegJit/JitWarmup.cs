// The tracer's warm-up match (see PegJit.Tracer.Warmup): small, but through every stage a real trace goes through.
using PegJit.Tracer;

namespace PegJit;

/// <summary>One small match whose every anchor is recorded and compiled at once, with side traces: it runs the
/// recorder, the IL emitter and the runtime's compilation of a trace for the first time in the process, on a pool
/// thread, so that a user's first trace does not.</summary>
internal static class JitWarmup
{
    // The common instruction kinds: calls and returns, choices and commits, tests, sets, spans, literals and captures.
    private const string Grammar = """
        doc   <- S value S !.
        value <- '[' S (value (S ',' S value)*)? S ']' / '"' {([^"\] / '\' .)*} '"' / {[0-9]+} / {[a-z]+}
        S     <- %s*
        """;

    private const string Subject = """[1, "a\"b", [x, 22, []], "cc", [[y]], 345, "", zz]""";

    internal static readonly MatchOptions Options = new()
    {
        Jit = TracerOptions.Default with { Mode = JitMode.Always, BackgroundCompile = false, HotExitThreshold = 1 },
    };

    /// <summary>Runs the warm-up (a few matches, so that side traces are recorded and compiled too); returns its pattern.</summary>
    public static Pattern Run()
    {
        var pattern = Re.Compile(Grammar);
        byte[] subject = System.Text.Encoding.ASCII.GetBytes(Subject);
        for (int i = 0; i < 4; i++) Peg.Match(pattern, subject, 0, Options);
        return pattern;
    }
}
