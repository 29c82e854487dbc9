// Random re patterns and subjects -> native LPeg and PegJit side by side, on every engine, every CI run.
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace PegJit.Tests.Oracle;

public class DifferentialTests(ITestOutputHelper output)
{
    /// <summary>Patterns compared per run (the oracle answers them in one batch).</summary>
    private const int PatternCount = 1500;

    [Fact]
    public void Random_patterns_agree_with_native_lpeg()
    {
        Assert.True(LpegOracle.IsAvailable, "lua5.4 + lua-lpeg missing: apt-get install -y lua5.4 lua-lpeg");
        var cases = RandomPatterns.TreeCase.Sample(PatternCount, size: 100).ToList();
        var answers = LpegOracle.Run(cases.Select(c => new OracleRequest(c.tree.ToString(), c.subjects)).ToList());

        int compared = 0, rejectedAlike = 0;
        var failures = new List<string>();
        for (int i = 0; i < cases.Count; i++)
        {
            foreach (EngineKind engine in Enum.GetValues<EngineKind>())
            {
                var defs = DefsFor(i);
                var mismatch = Compare(cases[i].tree.ToString(), cases[i].subjects, answers[i], engine, defs, ref compared, ref rejectedAlike);
                if (mismatch is not null) failures.Add(Shrunk(cases[i], engine, defs) + "\n  first seen as: " + mismatch);
            }
        }
        output.WriteLine($"{compared} subject comparisons and {rejectedAlike} rejections agreed with LPeg over {cases.Count} patterns");
        Assert.True(failures.Count == 0, $"{failures.Count} disagreements:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(cases.Count >= 500);
    }

    /// <summary>The oracle's functions as array functions for even cases, as span and text functions for odd ones (both
    /// kinds are LPeg's functions to the caller).</summary>
    private static IReadOnlyDictionary<string, object?> DefsFor(int caseIndex) =>
        caseIndex % 2 == 0 ? PegRunner.ArrayDefs : PegRunner.SpanDefs;

    /// <summary>Null when PegJit agrees with the oracle's answer, else a description.</summary>
    private static string? Compare(string pattern, byte[][] subjects, OracleAnswer answer, EngineKind engine,
        IReadOnlyDictionary<string, object?> defs, ref int compared, ref int rejected)
    {
        var p = PegRunner.TryCompile(System.Text.Encoding.UTF8.GetBytes(pattern), out var error, defs);
        if (answer.Error is not null)
        {
            if (p is not null) return $"{pattern}: LPeg rejects ({answer.Error}), PegJit accepts";
            rejected++;
            return null;
        }
        if (p is null) return $"{pattern}: LPeg accepts, PegJit rejects ({error})";
        for (int j = 0; j < subjects.Length; j++)
        {
            string actual = PegRunner.Run(p, subjects[j], engine);
            if (!PegRunner.Agree(answer.Results[j], actual))
                return $"{pattern} on {LpegJson.EncodeByteString(subjects[j])}: LPeg {answer.Results[j]}, PegJit {actual} ({engine}, {(defs == PegRunner.SpanDefs ? "span" : "array")} functions)";
            compared++;
        }
        return null;
    }

    /// <summary>Shrinks a failing case with the oracle in the loop, so the report shows a small pattern.</summary>
    private static string Shrunk((PatternNode tree, byte[][] subjects) failing, EngineKind engine, IReadOnlyDictionary<string, object?> defs)
    {
        var current = failing;
        for (bool progress = true; progress;)
        {
            progress = false;
            foreach (var tree in current.tree.Shrink().Take(40))
            {
                var answer = LpegOracle.Run([new OracleRequest(tree.ToString(), current.subjects)])[0];
                int c = 0, r = 0;
                if (Compare(tree.ToString(), current.subjects, answer, engine, defs, ref c, ref r) is not null)
                {
                    current = (tree, current.subjects);
                    progress = true;
                    break;
                }
            }
        }
        var final = LpegOracle.Run([new OracleRequest(current.tree.ToString(), current.subjects)])[0];
        int cc = 0, rr = 0;
        return "shrunk: " + Compare(current.tree.ToString(), current.subjects, final, engine, defs, ref cc, ref rr);
    }
}
