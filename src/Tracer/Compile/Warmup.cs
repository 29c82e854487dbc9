// The first anchor on its way to hot -> the emitter's one-time costs paid on the compile thread, before the first compilation.
using System.Diagnostics.CodeAnalysis;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using PegJit.Vm;
using static System.Reflection.Emit.OpCodes;

namespace PegJit.Tracer;

/// <summary>
/// A process's first compilation pays once for what every later one reuses: the reflection handles emitted IL names
/// (<see cref="Handles"/>, about 3 ms cold), the runtime's dynamic-method and IL-generator machinery (about 1.5 ms),
/// and, when two compile workers start at once, the wait of one for the other's class constructors: the first
/// emissions took 2 to 8 ms against 0.1 ms warm. Once per process, when some anchor has come a fraction of the way to
/// <see cref="TracerOptions.HotThreshold"/>, the <see cref="CompileThread"/> (started now) emits, binds and runs one
/// tiny method of a trace's signature, so that the real first trace finds all of it ready. Patterns that never come
/// near hot never pay; the rest pays about 5 ms of another core's time. (A warm-up that compiled a pattern and matched
/// it, compiling several traces, cost the first real run more than it saved once the library shipped precompiled
/// code.)
/// </summary>
internal static class Warmup
{
    /// <summary>An anchor that reaches threshold / <see cref="Fraction"/> visits starts the warm-up.</summary>
    public const int Fraction = 16;

    private static int _started;

    /// <summary>Whether the warm-up has been started in this process.</summary>
    public static bool Started => System.Threading.Volatile.Read(ref _started) != 0;

    /// <summary>Starts the warm-up on the compile thread, the first time only (never where no dynamic code runs).</summary>
    public static void Start()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported || Interlocked.Exchange(ref _started, 1) != 0) return;
        CompileThread.Post(static () =>
        {
            try { if (RuntimeFeature.IsDynamicCodeSupported) Run(); }
#pragma warning disable CA1031 // a warm-up that fails only leaves the first real compilation slower
            catch (Exception e) when (!TraceCompiler.IsFatal(e)) { }
#pragma warning restore CA1031
        }, first: true);
    }

    /// <summary>Emits, binds and calls <c>int (Consts c, ref VmState st) => st.Context == null ? -1 : st.Pos</c>.</summary>
    [RequiresDynamicCode("emits IL")]
    internal static int Run()
    {
        var method = new DynamicMethod("trace_warmup", typeof(int),
            [typeof(IlEmitter.Consts), typeof(VmState).MakeByRefType()], typeof(IlEmitter).Module, skipVisibility: true);
        var w = new IlWriter(method.GetILGenerator(), listing: false);
        var body = w.NewLabel();
        var pos = w.Local(typeof(int));
        w.Op(Ldarg_1); w.Op(Ldfld, Handles.StateContext); w.Op(Brtrue, body); w.Ldc(-1); w.Op(Ret);
        w.Mark(body);
        w.Op(Ldarg_1); w.Op(Ldfld, Handles.StatePos); w.Stloc(pos);
        w.Ldloc(pos); w.Op(Ret);
        var consts = new IlEmitter.Consts { SetBits = [], SetRuns = [] };
        var run = (TraceFunction)method.CreateDelegate(typeof(TraceFunction), consts);
        var empty = default(VmState);
        return run(ref empty);
    }
}
