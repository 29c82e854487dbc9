// A root trace and the side traces grown from its hot exits: the unit compiled into one DynamicMethod.
namespace PegJit.Tracer;

/// <summary>Traces[0] is the root; a link (trace, step) → side trace index makes that guard's failure enter the side trace.</summary>
internal sealed class TraceTree
{
    public List<TraceIr> Traces { get; } = new();
    public LinkTable Links { get; } = new();
    public int AnchorPc => Traces[0].AnchorPc;

    /// <summary>IR steps in all the tree's traces.</summary>
    public int Steps()
    {
        int n = 0;
        foreach (var t in Traces) n += t.Body.Length;
        return n;
    }
}

/// <summary>
/// The links of a tree: guard (trace, step) → side trace. A tree has at most <see cref="TracerOptions.MaxSideTraces"/>
/// of them, so a short array searched in order serves; a dictionary keyed by a tuple was generic code over a struct,
/// which a ReadyToRun image cannot hold, and the runtime compiled its methods at each process's first side trace.
/// </summary>
internal sealed class LinkTable
{
    private long[] _keys = new long[4];
    private int[] _sides = new int[4];

    /// <summary>How many guards are linked.</summary>
    public int Count { get; private set; }

    /// <summary>Whether the guard at <paramref name="step"/> of <paramref name="trace"/> is linked.</summary>
    public bool Contains(int trace, int step) => IndexOf(trace, step) >= 0;

    /// <summary>The side trace the guard enters, if it is linked.</summary>
    public bool TryGet(int trace, int step, out int side)
    {
        int i = IndexOf(trace, step);
        side = i >= 0 ? _sides[i] : -1;
        return i >= 0;
    }

    /// <summary>Links the guard to <paramref name="side"/> (replacing an earlier link of it).</summary>
    public void Set(int trace, int step, int side)
    {
        int i = IndexOf(trace, step);
        if (i < 0)
        {
            if (Count == _keys.Length) Grow();
            i = Count++;
            _keys[i] = Key(trace, step);
        }
        _sides[i] = side;
    }

    /// <summary>Every link of <paramref name="other"/>, added to these.</summary>
    public void AddAll(LinkTable other)
    {
        for (int i = 0; i < other.Count; i++) Set((int)(other._keys[i] >> 32), (int)other._keys[i], other._sides[i]);
    }

    private void Grow()
    {
        var keys = new long[Count * 2];
        var sides = new int[Count * 2];
        Array.Copy(_keys, keys, Count);
        Array.Copy(_sides, sides, Count);
        (_keys, _sides) = (keys, sides);
    }

    private int IndexOf(int trace, int step)
    {
        long key = Key(trace, step);
        for (int i = 0; i < Count; i++)
            if (_keys[i] == key) return i;
        return -1;
    }

    private static long Key(int trace, int step) => (long)trace << 32 | (uint)step;
}

/// <summary>Where an exit id leads back to: the trace and step it leaves from. ToAnchor: the exit is at an anchor
/// (the root's, or another loop's) whose compiled code carries on from there. AtReturn: the interpreter would resume
/// at a return (one the trace did not expect), which the dispatcher can take itself (see TraceCache.ReturnSite).</summary>
internal readonly record struct ExitInfo(int Trace, int Step, int Pc, int HeightAfter, bool ToAnchor = false, bool AtReturn = false);

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
