// Seeded fuzzed re texts (PatternFuzzer) compile or fail with a PegException, and match without undocumented errors,
// on every engine in turn.
using Xunit;

namespace PegJit.Tests.Fault;

public class FuzzTests
{
    [Fact]
    public void Fuzzed_texts_compile_or_fail_with_a_peg_exception_on_every_engine() => TestSeed.Run(seed =>
    {
        var fuzzer = new PatternFuzzer(seed);
        var failures = new List<string>();
        for (int i = 0; i < 1500; i++)
        {
            string text = fuzzer.Next();
            var (outcome, compile, detail) = PatternFuzzer.Run(text, Engines.Tracer((EngineKind)(i % 3)));
            if (outcome == PatternFuzzer.Outcome.Undocumented) failures.Add($"{text}: {detail}");
            // A hang detector, not a timing target: the figures are in tests/FaultSuite/report.md.
            if (compile > TimeSpan.FromSeconds(30)) failures.Add($"{text}: compiled in {compile.TotalMilliseconds:F0} ms");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    });
}
