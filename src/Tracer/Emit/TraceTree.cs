// A root trace and the side traces grown from its hot exits: the unit compiled into one DynamicMethod.
namespace PegJit.Tracer;

/// <summary>Traces[0] is the root; a link (trace, step) → side trace index makes that guard's failure enter the side trace.</summary>
internal sealed class TraceTree
{
    public List<TraceIr> Traces { get; } = new();
    public Dictionary<(int Trace, int Step), int> Links { get; } = new();
    public int AnchorPc => Traces[0].AnchorPc;
}

/// <summary>Where an exit id leads back to: the trace and step it leaves from.</summary>
internal readonly record struct ExitInfo(int Trace, int Step, int Pc, int HeightAfter);

/// <summary>A compiled tree: the entry delegate, the exit table, and the listings for dumps.</summary>
internal sealed class CompiledTree
{
    public required TraceTree Tree { get; init; }
    public required TraceFunction Run { get; init; }
    public required ExitInfo[] Exits { get; init; }
    public required string IlListing { get; init; }
    /// <summary>Entries and subject bytes consumed inside this tree (benign races).</summary>
    public long Entries, Bytes;
    /// <summary>Exits taken per exit id (benign races).</summary>
    public int[] ExitCounts { get; init; } = [];
}

/// <summary>A compiled trace tree: runs from the anchor until an exit; returns the exit id, the state written back.</summary>
public delegate int TraceFunction(ref PegJit.Vm.VmState state);
