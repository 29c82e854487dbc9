// The public surface is a reviewed file: any change to what a package user can see shows up as a diff of
// PublicApi.txt, made on purpose with PEGJIT_ACCEPT_API=1.
using PublicApiGenerator;
using Xunit;

namespace PegJit.Tests.Api;

public class PublicApiTests
{
    /// <summary>The assemblies the PegJit package ships.</summary>
    private static readonly System.Reflection.Assembly[] Shipped =
    [
        typeof(Peg).Assembly, typeof(Pattern).Assembly, typeof(PegException).Assembly, typeof(TracerOptions).Assembly,
    ];

    private static string Generate() => string.Join("\n", Shipped.Select(a =>
        $"// {a.GetName().Name}\n" + a.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false })));

    [Fact]
    public void Public_surface_matches_the_reviewed_baseline()
    {
        string baseline = Path.Combine(Shared.SourceCopy.RepoRoot(), "tests", "PegJit.Tests", "Api", "PublicApi.txt");
        string actual = Generate().ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("PEGJIT_ACCEPT_API") == "1") File.WriteAllText(baseline, actual);
        string expected = File.Exists(baseline) ? File.ReadAllText(baseline).ReplaceLineEndings("\n") : "";
        Assert.True(expected == actual,
            $"The public API changed. Review the difference, then run the tests with PEGJIT_ACCEPT_API=1 to update {baseline}.\n" +
            FirstDifference(expected, actual));
    }

    [Fact]
    public void Only_the_facade_types_are_public()
    {
        var types = Shipped.SelectMany(a => a.GetExportedTypes()).Select(t => t.FullName!).Order().ToList();
        string[] facade =
        [
            "PegJit.CaptureFunction", "PegJit.JitDiagnostics", "PegJit.JitStatistics", "PegJit.MatchEnumerator",
            "PegJit.MatchFailure", "PegJit.MatchOptions", "PegJit.MatchResult", "PegJit.MatchTimeFunction", "PegJit.Pattern", "PegJit.Peg",
            "PegJit.PegArgumentException", "PegJit.PegCaptureException", "PegJit.PegException", "PegJit.PegGrammarException",
            "PegJit.PegLimitException", "PegJit.PegMatchException", "PegJit.PegSyntaxException", "PegJit.PegTable", "PegJit.PegTable+NamedEnumerable", "PegJit.PegTable+NamedEnumerator", "PegJit.PatternExtensions", "PegJit.PositionBase", "PegJit.Re",
            "PegJit.SpanCaptureFunction", "PegJit.Utf8CaptureFunction",
            "PegJit.JitMode", "PegJit.SideTraceLinking", "PegJit.TraceEvent", "PegJit.TraceEventKind",
            "PegJit.TracerOptions", "PegJit.ValueMatch", "PegJit.Values",
        ];
        Assert.Equal(facade.Order(), types);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string x = i < e.Length ? e[i] : "(end)", y = i < a.Length ? a[i] : "(end)";
            if (x != y) return $"line {i + 1}:\n  baseline: {x}\n  actual:   {y}";
        }
        return "";
    }
}
