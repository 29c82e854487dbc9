// PegJit's side of an oracle comparison: a pattern and subject -> the same result text the LPeg oracle writes.
using PegJit;

namespace PegJit.Tests.Oracle;

public static class PegRunner
{
    /// <summary>LPeg-style options (1-based positions) for <paramref name="engine"/>.</summary>
    public static MatchOptions Options(EngineKind engine) =>
        Engines.Options(engine, new MatchOptions { PositionBase = PositionBase.One });

    /// <summary>The oracle's functions (lpeg_oracle.lua's <c>M.defs</c>) as array functions: <c>pack</c> a table of the
    /// arguments, <c>count</c> their number, <c>whole</c> the one argument back.</summary>
    public static readonly IReadOnlyDictionary<string, object?> ArrayDefs = new Dictionary<string, object?>
    {
        ["pack"] = (CaptureFunction)(a => Pack(a)),
        ["count"] = (CaptureFunction)(a => a.Length),
        ["whole"] = (CaptureFunction)(a => a[0]),
    };

    /// <summary>The same functions reading their values in place, and <c>whole</c> as a text function (which LPeg's
    /// <c>whole</c> equals where its pattern has no captures of its own, as in <c>(p -> 0) -> whole</c>).</summary>
    public static readonly IReadOnlyDictionary<string, object?> SpanDefs = new Dictionary<string, object?>
    {
        ["pack"] = (SpanCaptureFunction)(v => Pack(v)),
        ["count"] = (SpanCaptureFunction)(v => v.Length),
        ["whole"] = (Utf8CaptureFunction)(t => t.ToArray()),
    };

    private static PegTable Pack(ReadOnlySpan<object?> values)
    {
        var t = new PegTable();
        foreach (var v in values) t.List.Add(v);
        return t;
    }

    /// <summary>Compiles pattern text given as bytes, with <paramref name="defs"/> (the array functions by default);
    /// null with the message when PegJit rejects it.</summary>
    public static Pattern? TryCompile(byte[] source, out string? error, IReadOnlyDictionary<string, object?>? defs = null)
    {
        try
        {
            var p = Re.Compile(source, defs ?? ArrayDefs);
            _ = p.Program;          // grammar checks that LPeg makes while building run here
            error = null;
            return p;
        }
        catch (PegException e)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>What <see cref="Run"/> returns when the match ran past its time limit.</summary>
    public const string TimedOut = "timed out";

    /// <summary>
    /// <c>null</c>, the JSON array of values, or a runtime-error object, as the oracle answers; <see cref="TimedOut"/>
    /// past <paramref name="timeout"/> (random grammars on long subjects can backtrack exponentially, in LPeg too).
    /// </summary>
    public static string Run(Pattern p, byte[] subject, EngineKind engine, int init = 1, TimeSpan? timeout = null)
    {
        try
        {
            var r = Peg.Match(p, subject, init, Options(engine) with { Timeout = timeout });
            return r.Success ? LpegJson.EncodeValues(r.Values) : OracleAnswer.NoMatch;
        }
        catch (OperationCanceledException) when (timeout is not null)
        {
            return TimedOut;
        }
        catch (PegException e)
        {
            return "{\"runtime_error\":" + LpegJson.EncodeByteString(System.Text.Encoding.UTF8.GetBytes(e.Message)) + "}";
        }
    }

    /// <summary>Whether two result texts agree: equal, or both runtime errors (messages may be worded differently).</summary>
    public static bool Agree(string expected, string actual) =>
        expected == actual || (OracleAnswer.IsRuntimeError(expected) && OracleAnswer.IsRuntimeError(actual));
}
