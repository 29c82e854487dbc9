// Seeds of randomized tests: replayable from the environment, and named in every failure, including a hang.
namespace PegJit.Tests;

public static class TestSeed
{
    /// <summary>How long a seeded test may run before it counts as hung (generous: CI machines are shared and slow).</summary>
    public static readonly TimeSpan HangAfter = TimeSpan.FromMinutes(4);

    /// <summary>The seed in PEGJIT_TEST_SEED when set (to replay a failure), else a fresh one.</summary>
    public static int Pick() =>
        Environment.GetEnvironmentVariable("PEGJIT_TEST_SEED") is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture)
            : Random.Shared.Next();

    /// <summary>
    /// Runs <paramref name="test"/> with a picked seed on a thread of its own; a failure's message starts with the seed.
    /// A test still running after <see cref="HangAfter"/> fails with the seed and the last case it reported through
    /// the progress callback, instead of holding up the whole test run (its thread is left behind, in the background).
    /// </summary>
    public static void Run(Action<int> test) => Run((seed, _) => test(seed));

    /// <inheritdoc cref="Run(Action{int})"/>
    public static void Run(Action<int, Action<string>> test)
    {
        int seed = Pick();
        string progress = "(no case reported)";
        Exception? failure = null;
        // A large stack, not a new thread's default 1.5 MB: the compiler's tree walks recurse over the deep random trees.
        var thread = new Thread(() =>
        {
            try { test(seed, p => Volatile.Write(ref progress, p)); }
            catch (Exception e) { failure = e; }
        }, 64 << 20) { IsBackground = true, Name = $"seeded test {seed}" };
        thread.Start();
        if (!thread.Join(HangAfter))
            throw new Xunit.Sdk.XunitException(
                $"seed {seed} (set PEGJIT_TEST_SEED={seed} to replay): still running after {HangAfter.TotalMinutes} minutes, at {Volatile.Read(ref progress)}");
        if (failure is OutOfMemoryException) throw failure;
        if (failure is not null)
            throw new Xunit.Sdk.XunitException($"seed {seed} (set PEGJIT_TEST_SEED={seed} to replay): {failure.Message}\n{failure.StackTrace}");
    }
}
