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
/// emissions took 2 to 8 ms against 0.1 ms warm. Once per process the <see cref="CompileThread"/> (started now) emits,
/// binds and runs one tiny method of a trace's signature, so that the real first trace finds all of it ready. It
/// starts at whichever comes first:
/// - a match over a long input (<see cref="TracerOptions.LongInputBytes"/>) is about to run (<see cref="BeforeMatch"/>),
///   before the pattern's program is compiled at its first match. The warm-up then runs while the program compiles and
///   the interpreter counts, and is about over when the first loop gets hot. Started at 62 visits instead, it ran
///   from 5-7 ms into csv-50m's first match (its pattern's first too) to 13-20 ms, and the first loop, hot at 8-16 ms,
///   waited for it. Fresh processes alternated, medians of 6, this start together with op names only for listings
///   (<see cref="IlWriter"/>): csv-50m's first match 28.1 against 31.9 ms (5 of 6 pairs better), json-40m's 87.2
///   against 96.4 ms (4 of 6).
/// - some anchor has come a fraction of the way to <see cref="TracerOptions.HotThreshold"/>, on shorter inputs.
/// Patterns matched only over short inputs that never come near hot never pay; the rest pays about 5 ms of another
/// core's time, once. (A warm-up that compiled a pattern and matched it, compiling several traces, cost the first real
/// run more than it saved once the library shipped precompiled code.)
/// </summary>
internal static class Warmup
{
    /// <summary>An anchor that reaches threshold / <see cref="Fraction"/> visits starts the warm-up.</summary>
    public const int Fraction = 16;

    private static int _started;

    /// <summary>Whether the warm-up has been started in this process.</summary>
    public static bool Started => System.Threading.Volatile.Read(ref _started) != 0;

    /// <summary>A match of <paramref name="length"/> subject bytes is about to run with <paramref name="opt"/>: starts the
    /// warm-up when the input is long and the JIT compiles as the match goes (see the summary).</summary>
    public static void BeforeMatch(TracerOptions opt, int length)
    {
        if (StartsBefore(opt, length) && !Started && RuntimeFeature.IsDynamicCodeCompiled) Start();
    }

    /// <summary>Whether a match of <paramref name="length"/> bytes with <paramref name="opt"/> starts the warm-up before
    /// it runs: a long input, compiled as the match goes (JitMode.Always compiles on the spot and never warms up).</summary>
    internal static bool StartsBefore(TracerOptions opt, int length) => length >= opt.LongInputBytes && opt.Mode == JitMode.Auto;

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
