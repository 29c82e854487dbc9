// The engines every case table runs on. A new engine is one more row here, never a copy of a test.
using PegJit;
using PegJit.Tracer;

namespace PegJit.Tests;

public enum EngineKind
{
    /// <summary>The bytecode interpreter alone.</summary>
    Interpreter,
    /// <summary>The tracing JIT recording every anchor at once (threshold 0) and growing side traces at the first exit.</summary>
    Jit,
    /// <summary>The JIT with every third guard forced to exit, so every exit path and snapshot restore runs; its side
    /// traces are linked by dispatch (the default links inline), so both strategies run every table.</summary>
    JitForcedExits,
}

public static class Engines
{
    /// <summary>xunit member data: one row per engine.</summary>
    public static TheoryData<EngineKind> All => new() { EngineKind.Interpreter, EngineKind.Jit, EngineKind.JitForcedExits };

    private static readonly TracerOptions Off = TracerOptions.Default with { Mode = JitMode.Off };
    private static readonly TracerOptions Always = TracerOptions.Default with { Mode = JitMode.Always, HotExitThreshold = 1 };
    private static readonly TracerOptions Forced = Always with { ForceGuardFailureEvery = 3, Linking = SideTraceLinking.Dispatch };

    /// <summary>The tracer settings of an engine.</summary>
    public static TracerOptions Tracer(EngineKind engine) => engine switch
    {
        EngineKind.Interpreter => Off,
        EngineKind.Jit => Always,
        _ => Forced,
    };

    /// <summary>Options that select <paramref name="engine"/> (position base and the rest as given).</summary>
    public static MatchOptions Options(EngineKind engine, MatchOptions? baseOptions = null) =>
        (baseOptions ?? MatchOptions.Default) with { Jit = Tracer(engine) };

    /// <summary>Cross product of engines with a case list, for [MemberData].</summary>
    public static IEnumerable<object[]> Cross<T>(IEnumerable<T> cases)
    {
        foreach (var c in cases)
            foreach (EngineKind e in Enum.GetValues<EngineKind>())
                yield return [e, c!];
    }
}
