// Seeds of randomized tests: replayable from the environment, and named in every failure.
namespace PegJit.Tests;

public static class TestSeed
{
    /// <summary>The seed in PEGJIT_TEST_SEED when set (to replay a failure), else a fresh one.</summary>
    public static int Pick() =>
        Environment.GetEnvironmentVariable("PEGJIT_TEST_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();

    /// <summary>Runs <paramref name="test"/> with a picked seed; a failure's message starts with the seed.</summary>
    public static void Run(Action<int> test)
    {
        int seed = Pick();
        try { test(seed); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new Xunit.Sdk.XunitException($"seed {seed} (set PEGJIT_TEST_SEED={seed} to replay): {e.Message}\n{e.StackTrace}");
        }
    }
}
