// A root trace and the side traces grown from its hot exits: the unit compiled into one DynamicMethod.
namespace PegJit.Tracer;

/// <summary>Traces[0] is the root; a link (trace, step) → side trace index makes that guard's failure enter the side trace.</summary>
internal sealed class TraceTree
{
    public List<TraceIr> Traces { get; } = new();
    public Dictionary<(int Trace, int Step), int> Links { get; } = new();
    public int AnchorPc => Traces[0].AnchorPc;
}

/// <summary>Where an exit id leads back to: the trace and step it leaves from. ToAnchor: the exit is at an anchor
/// (the root's, or another loop's) whose compiled code carries on from there.</summary>
internal readonly record struct ExitInfo(int Trace, int Step, int Pc, int HeightAfter, bool ToAnchor = false);

/// <summary>A compiled tree: the entry delegate, the exit table, and the listings for dumps.</summary>
internal sealed class CompiledTree
{
    public required TraceTree Tree { get; init; }
    public required TraceFunction Run { get; init; }
    /// <summary>What the method reads, <see cref="IlEmitter.Consts.ExitBase"/> among them.</summary>
    public required IlEmitter.Consts Consts { get; init; }
    /// <summary>The first of the tree's exit ids: the method returns <c>ExitBase + index into Exits</c> (see <see cref="ExitIds"/>).</summary>
    public int ExitBase => Consts.ExitBase;
    public required ExitInfo[] Exits { get; init; }
    /// <summary>Makes the IL listing (by emitting the tree again with a listing).</summary>
    public required Func<string> ListingSource { get; init; }
    private string? _listing;
    /// <summary>The emitted IL as text, made at the first request.</summary>
    public string IlListing => _listing ??= ListingSource();
    /// <summary>Entries and subject bytes consumed inside this tree (benign races).</summary>
    public long Entries, Bytes;
    /// <summary>Hops from compiled code to other compiled code (dispatch links, hand-overs) after entries here.</summary>
    public long Hops;
    /// <summary>Time inside compiled code entered at this root, in Stopwatch ticks (with <see cref="TracerOptions.TimeTraces"/>).</summary>
    public long Ticks;
    /// <summary>Exits taken per exit id (benign races).</summary>
    public int[] ExitCounts { get; init; } = [];
    /// <summary>Exits whose side trace is being compiled in the background.</summary>
    public bool[] Pending { get; init; } = [];
    /// <summary>Dispatch linking: the compiled side trace each exit id enters instead of the interpreter.</summary>
    public CompiledTree?[] Next { get; init; } = [];
    /// <summary>Side traces grown from this root.</summary>
    public int SideTraces;
    /// <summary>IR steps compiled by the re-emissions that made this tree from its root (inline linking).</summary>
    public long RelinkedSteps;
    /// <summary>Some exit of this root (or of its side traces) is linked by dispatch.</summary>
    public bool HasDispatchLinks;
    /// <summary>Replaced by a re-emitted tree (inline linking).</summary>
    public bool Superseded;
    /// <summary>Where this tree's compile time went.</summary>
    public CompilePhases Phases { get; set; }
}

/// <summary>One compilation's cost by phase, in Stopwatch ticks, and the size of what it emitted.</summary>
internal readonly record struct CompilePhases(long RecordTicks, long EmitTicks, long DelegateTicks, long RuntimeJitTicks, int IlBytes, int Locals)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"record {Ms(RecordTicks):F3} ms, emit {Ms(EmitTicks):F3} ms, delegate {Ms(DelegateTicks):F3} ms, " +
        $"runtime jit {Ms(RuntimeJitTicks):F3} ms, {IlBytes} IL bytes, {Locals} locals";

    private static double Ms(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}

/// <summary>A compiled trace tree: runs from the anchor until an exit; returns the exit id, the state written back.</summary>
internal delegate int TraceFunction(ref PegJit.Vm.VmState state);
