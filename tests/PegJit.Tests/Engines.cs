// The engines every case table runs on. A new engine is one more row here, never a copy of a test.
using PegJit;

namespace PegJit.Tests;

public enum EngineKind
{
    /// <summary>The bytecode interpreter alone.</summary>
    Interpreter,
}

public static class Engines
{
    /// <summary>xunit member data: one row per engine.</summary>
    public static TheoryData<EngineKind> All => new() { EngineKind.Interpreter };

    /// <summary>Options that select <paramref name="engine"/> (position base and the rest as given).</summary>
    public static MatchOptions Options(EngineKind engine, MatchOptions? baseOptions = null) => baseOptions ?? MatchOptions.Default;

    /// <summary>Cross product of engines with a case list, for [MemberData].</summary>
    public static IEnumerable<object[]> Cross<T>(IEnumerable<T> cases)
    {
        foreach (var c in cases)
            foreach (EngineKind e in Enum.GetValues<EngineKind>())
                yield return [e, c!];
    }
}
