// Trace IR -> DynamicMethod IL: one method per trace tree, guards branching to exits that restore the interpreter.
using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using PegJit.Vm;
using static System.Reflection.Emit.OpCodes;

namespace PegJit.Tracer;

/// <summary>
/// Emits a trace tree as one method <c>int Trace(Consts c, ref VmState st)</c>. State lives in locals while the
/// trace runs; choice points and calls pushed inside the trace live in locals too (virtual slots) and reach the
/// heap stack only at an exit. The one rule for failure: a guard that does not see what was recorded branches to
/// its step's exit (or to the side trace linked there), which writes the state back, materializes the live
/// virtual slots, and resumes the interpreter at that step's pc, before the step.
/// </summary>
internal sealed partial class IlEmitter
{
    /// <summary>Loop iterations between two cancellation checks.</summary>
    private const int CancelInterval = 4096;

    private readonly TraceTree _tree;
    private readonly Program _prog;
    private readonly TracerOptions _opt;
    private readonly IlWriter _w;
    private readonly Consts _consts;
    // The emitter's own collections hold classes or plain arrays: collections of structs (tuples, labels, ExitInfo)
    // are generic code that ReadyToRun images cannot hold, which the runtime compiled at a process's first trace.
    private ExitInfo[] _exits = new ExitInfo[16];
    private int _exitCount;
    private readonly FailBlock?[][] _fails;   // by trace and step
    private readonly List<FailBlock> _pendingFails = new();
    private readonly Dictionary<string, SharedBlock> _sharedExits = new();
    private readonly List<SharedBlock> _pendingShared = new();
    private readonly Label[] _traceStarts;
    private readonly List<ByteRuns> _loopRuns = new();   // Consts.LoopRuns, as the ByteLoop steps are emitted
    private LocalBuilder[] _vPos = [], _vCap = [];   // by virtual-stack depth
    private LocalBuilder _s = null!, _ref = null!, _len = null!, _pos = null!, _top = null!, _cap = null!, _caps = null!, _stack = null!, _ctx = null!,
        _bits = null!, _limit = null!, _budget = null!, _ch = null!, _iterStart = null!, _exitPc = null!, _exitId = null!;
    private Label _start, _handOverTail, _linkedTail, _returnTail;
    private bool _handOverUsed, _linkedUsed;   // which exit tails some exit branches to
    /// <summary>While emitting a trace's steps in order: the capture log's top entry is an open capture that this trace
    /// pushed with nothing after it (its Close needs no test). Unknown, so false, where a trace starts and wherever cap is
    /// restored.</summary>
    private bool _openOnTop;

    /// <summary>Constants the emitted method reads (a DynamicMethod cannot embed object references).</summary>
    public sealed class Consts
    {
        public required ulong[] SetBits;
        public required ByteRuns[] SetRuns;
        /// <summary>What a root skips to at each iteration's start: the search idiom's first bytes.</summary>
        public SearchValues<byte>? Skip;
        /// <summary>A byte loop's path set, which a root spans over at each iteration's start.</summary>
        public ByteRuns? PathRuns;
        /// <summary>The sets of the loops whose one-byte iterations the tree's ByteLoop steps span, in step order.</summary>
        public ByteRuns[] LoopRuns = [];
        public byte[]? SkipLiteral;
        /// <summary>A search program's facts, for Skip and NextStart.</summary>
        public SearchFacts? Facts;
        /// <summary>The anchors of the program (hand-over): whose compiled code an exit at an anchor calls.</summary>
        public Anchor?[]? Anchors;
        /// <summary>Added to every exit index the method returns: where the tree's range of exit ids starts
        /// (<see cref="ExitIds"/>), set once compiled, before the tree is installed.</summary>
        public int ExitBase;
        /// <summary>The tree's exit counts (<see cref="CompiledTree.ExitCounts"/>): hand-overs count theirs here.</summary>
        public int[] ExitCounts = [];
        /// <summary>The side trees linked by dispatch (<see cref="CompiledTree.Next"/>), which an exit calls directly.</summary>
        public CompiledTree?[] Next = [];
    }

    /// <summary>The block a failing guard of step (Trace, Step) branches to, emitted after all bodies.</summary>
    private sealed record FailBlock(int Trace, int Step, Label Label);

    /// <summary>The block shared by exits that leave the same virtual slots live; then one of the exit tails.</summary>
    private sealed record SharedBlock(Label Label, int Trace, int[] Live, bool HandOver);

    private IlEmitter(TraceTree tree, Program prog, TracerOptions opt, ILGenerator il, Consts consts, bool listing)
    {
        _fails = new FailBlock?[tree.Traces.Count][];
        for (int t = 0; t < _fails.Length; t++) _fails[t] = new FailBlock?[tree.Traces[t].Body.Length];
        _tree = tree;
        _prog = prog;
        _opt = opt;
        _w = new IlWriter(il, listing);
        _consts = consts;
        _traceStarts = new Label[tree.Traces.Count];
        for (int t = 0; t < _traceStarts.Length; t++) _traceStarts[t] = _w.NewLabel();
    }

    private const string NoDynamicCode = "traces are emitted as IL, which needs a runtime that supports dynamic code";

    /// <summary>Compiles the tree. Throws whatever emission or the runtime's compilation of the method throws (the
    /// caller, <see cref="TraceCompiler"/>, contains it). Exits at anchors hand over to the compiled code of <c>anchors</c>
    /// (none when null).</summary>
    public static CompiledTree Compile(TraceTree tree, Program prog, TracerOptions opt, Anchor?[]? anchors)
    {
        // The facade never hands a NativeAOT process a tracer (Engine.JitFor); this check is what lets the trim and AOT
        // analyzers see that, and it fails as any contained compile failure would.
        if (!RuntimeFeature.IsDynamicCodeSupported) throw new PlatformNotSupportedException(NoDynamicCode);
        long t0 = Stopwatch.GetTimestamp();
        var (method, consts, e) = Emit(tree, prog, opt, anchors, listing: false);
        long t1 = Stopwatch.GetTimestamp();
        var run = (TraceFunction)method.CreateDelegate(typeof(TraceFunction), consts);
        long t2 = Stopwatch.GetTimestamp();
        // The runtime compiles the method on its first call: make that call here, on a state with no context (the
        // prologue returns at once), so that compile time is counted as such and not as time in traces, and so that
        // invalid IL fails here, inside the compiler's containment, never in a match.
        var empty = default(VmState);
        run(ref empty);
        long t3 = Stopwatch.GetTimestamp();
        return new CompiledTree
        {
            Tree = tree, Run = run, Consts = consts, Exits = e.ExitTable(), ListingSource = () => ListingOf(tree, prog, opt, anchors),
            ExitCounts = consts.ExitCounts = new int[e._exitCount], Next = consts.Next = new CompiledTree?[e._exitCount], Pending = new bool[e._exitCount],
            Phases = new CompilePhases(0, t1 - t0, t2 - t1, t3 - t2, e._w.Offset, e._w.LocalCount),
        };
    }

    [RequiresDynamicCode(NoDynamicCode)]
    private static (DynamicMethod, Consts, IlEmitter) Emit(TraceTree tree, Program prog, TracerOptions opt, Anchor?[]? anchors, bool listing)
    {
        var consts = new Consts { SetBits = prog.SetBits, SetRuns = prog.SetRuns, Facts = prog.Facts, Anchors = opt.HandOver ? anchors : null };
        var method = new DynamicMethod($"trace_pc{tree.AnchorPc}", typeof(int),
            [typeof(Consts), typeof(VmState).MakeByRefType()], typeof(IlEmitter).Module, skipVisibility: true);
        var e = new IlEmitter(tree, prog, opt, method.GetILGenerator(), consts, listing);
        e.EmitAll();
        return (method, consts, e);
    }

    /// <summary>The IL listing of <paramref name="tree"/>: emitted again, with the listing on, and never compiled (dumps
    /// are rare; compilations are not).</summary>
    private static string ListingOf(TraceTree tree, Program prog, TracerOptions opt, Anchor?[]? anchors) =>
        !RuntimeFeature.IsDynamicCodeSupported ? NoDynamicCode : Emit(tree, prog, opt with { Fault = CompileFault.None }, anchors, listing: true).Item3._w.Listing!.ToString();

    private void EmitAll()
    {
        DeclareLocals();
        if (_opt.Fault != CompileFault.None) InjectFault();
        Prologue();
        for (int t = 0; t < _tree.Traces.Count; t++)
        {
            _w.Mark(_traceStarts[t]);
            if (t == 0)
            {
                _w.Mark(_start);
                if (!_tree.Traces[0].IsSide && !EmitSkipIdiom()) EmitPathSpan();
                _w.Ldloc(_pos); _w.Stloc(_iterStart);
            }
            var body = _tree.Traces[t].Body;
            _openOnTop = false;
            for (int i = 0; i < body.Length;) i = EmitStep(t, i);
        }
        // Exit and link blocks go after every body, so the hot paths stay contiguous.
        for (int k = 0; k < _pendingFails.Count; k++) EmitFailBlock(_pendingFails[k]);
        foreach (var shared in _pendingShared) EmitSharedExit(shared);
        EmitExitTails();
        _consts.LoopRuns = _loopRuns.ToArray();
    }

    // Test mode: a failure where real ones would arise, to prove that none escapes a match.
    private void InjectFault()
    {
        if (_opt.Fault == CompileFault.Throw) throw new InjectedFaultException();
        _w.Op(Pop);   // InvalidIl: pops an empty evaluation stack, which the runtime rejects at the first call
    }

    private void DeclareLocals()
    {
        _s = _w.Local(typeof(ReadOnlySpan<byte>));
        _ref = _w.Local(typeof(byte).MakeByRefType());
        _len = _w.Local(typeof(int));
        _pos = _w.Local(typeof(int));
        _top = _w.Local(typeof(int));
        _cap = _w.Local(typeof(int));
        _caps = _w.Local(typeof(CaptureEntry[]));
        _stack = _w.Local(typeof(BacktrackEntry[]));
        _ctx = _w.Local(typeof(MatchContext));
        _bits = _w.Local(typeof(ulong[]));
        _limit = _w.Local(typeof(int));
        _budget = _w.Local(typeof(int));
        _ch = _w.Local(typeof(int));
        _iterStart = _w.Local(typeof(int));
        _exitPc = _w.Local(typeof(int));
        _exitId = _w.Local(typeof(int));
        _start = _w.NewLabel();
        _handOverTail = _w.NewLabel();
        _linkedTail = _w.NewLabel();
        _returnTail = _w.NewLabel();
        int depth = 0;   // virtual stack depths in use: one pair of locals each
        foreach (var trace in _tree.Traces)
            foreach (var slot in trace.Slots) depth = Math.Max(depth, slot.Depth + 1);
        _vPos = new LocalBuilder[depth];
        _vCap = new LocalBuilder[depth];
        for (int d = 0; d < depth; d++) (_vPos[d], _vCap[d]) = (_w.Local(typeof(int)), _w.Local(typeof(int)));
    }

    // ctx = st.Context; s = st.Subject; len = s.Length; r = ref MemoryMarshal.GetReference(s); pos = st.Pos; top = st.StackTop; cap = st.CapTop;
    // caps = ctx.Captures; stack = ctx.Stack; limit = ctx.MaxBacktrack; bits = c.SetBits; budget = CancelInterval;
    private void Prologue()
    {
        // if (st.Context == null) return -1;   (the call that makes the runtime compile this method)
        var body = _w.NewLabel();
        LoadState(Handles.StateContext); _w.Op(Brtrue, body); _w.Ldc(-1); _w.Op(Ret);
        _w.Mark(body);
        LoadState(Handles.StateContext); _w.Stloc(_ctx);
        LoadState(Handles.StateSubject); _w.Stloc(_s);
        _w.Ldloca(_s); _w.Call(Handles.SpanLength); _w.Stloc(_len);
        _w.Ldloc(_s); _w.Call(Handles.SpanRef); _w.Stloc(_ref);
        LoadState(Handles.StatePos); _w.Stloc(_pos);
        LoadState(Handles.StateStackTop); _w.Stloc(_top);
        LoadState(Handles.StateCapTop); _w.Stloc(_cap);
        _w.Ldloc(_ctx); _w.Op(Ldfld, Handles.ContextCaptures); _w.Stloc(_caps);
        ReloadStack();
        _w.Ldloc(_ctx); _w.Op(Ldfld, Handles.ContextMaxBacktrack); _w.Stloc(_limit);
        _w.Op(Ldarg_0); _w.Op(Ldfld, Handles.ConstsSetBits); _w.Stloc(_bits);
        _w.Ldc(CancelInterval); _w.Stloc(_budget);
    }

    private void LoadState(FieldInfo field) { _w.Op(Ldarg_1); _w.Op(Ldfld, field); }

    private void StoreState(FieldInfo field, LocalBuilder value) { _w.Op(Ldarg_1); _w.Ldloc(value); _w.Op(Stfld, field); }

    private void ReloadStack() { _w.Ldloc(_ctx); _w.Op(Ldfld, Handles.ContextStack); _w.Stloc(_stack); }
}
