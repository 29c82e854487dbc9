// Trace events and statistics: what the JIT did, for people and for tests that prove it ran.
namespace PegJit;

/// <summary>Kinds of trace events.</summary>
public enum TraceEventKind
{
    /// <summary>A recording finished into trace IR.</summary>
    Recorded,
    /// <summary>A recording was abandoned.</summary>
    Aborted,
    /// <summary>An anchor was blacklisted after repeated aborts.</summary>
    Blacklisted,
    /// <summary>Trace IR was compiled to IL.</summary>
    Compiled,
    /// <summary>A side trace was attached to a hot exit.</summary>
    SideTrace,
    /// <summary>An exit became hot (taken <see cref="TracerOptions.HotExitThreshold"/> times, and again at each
    /// doubling while recordings from it abort): a side trace is about to be recorded from it.</summary>
    ExitTaken,
    /// <summary>A compiled tree was retired for a low payoff (<see cref="TracerOptions.MinBytesPerEntry"/>); its anchor
    /// counts again, and is recorded afresh once hot (the last of <see cref="TracerOptions.MaxAborts"/> failures
    /// blacklists it instead).</summary>
    Retired,
}

/// <summary>One event: which anchor (pc), which trace (0 for events about an anchor or exit, not one trace), and details.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="AnchorPc">The bytecode address of the loop head, rule entry or exit the event is about (as <c>DumpCode</c> numbers it).</param>
/// <param name="TraceId">The trace's id, from 1; 0 when the event concerns an anchor or an exit rather than one trace.</param>
/// <param name="Detail">A description for people (an abort's reason, a trace's size...); its wording may change.</param>
public sealed record TraceEvent(TraceEventKind Kind, int AnchorPc, int TraceId, string Detail)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"[{(TraceId > 0 ? $"trace {TraceId} " : "")}@pc {AnchorPc}] {Kind.ToString().ToLowerInvariant()}: {Detail}";
}

/// <summary>Where one program's trace events go (the facade hands over the latest caller's sink). Details that cost
/// something to format are only built when <see cref="On"/>.</summary>
internal sealed class TraceLog
{
    /// <summary>The receiver, or null for none.</summary>
    public Action<TraceEvent>? Sink;

    /// <summary>Whether anyone listens.</summary>
    public bool On => Sink is not null;

    /// <summary>Sends one event.</summary>
    public void Write(TraceEventKind kind, int anchor, string detail, int id = 0) => Sink?.Invoke(new TraceEvent(kind, anchor, id, detail));
}

/// <summary>Counters of one program's JIT activity (updated without locks: approximate under races).</summary>
internal sealed class TraceStatistics
{
    /// <summary>Traces compiled (roots and side traces).</summary>
    public int Traces;
    /// <summary>Side traces among them.</summary>
    public int SideTraces;
    /// <summary>Methods compiled (a batch of side traces re-emitted into a tree is one).</summary>
    public int Compilations;
    /// <summary>Recordings abandoned.</summary>
    public int Aborts;
    /// <summary>Times compiled code went on in other compiled code without the interpreter: hand-overs at anchors,
    /// dispatch to side traces compiled alone, and returns into the code at their return site.</summary>
    public long Hops;
    /// <summary>Total time spent recording and compiling, in ticks of <see cref="System.Diagnostics.Stopwatch"/>.</summary>
    public long CompileTicks;
    /// <summary>Of <see cref="CompileTicks"/>: recording.</summary>
    public long RecordTicks;
    /// <summary>Of <see cref="CompileTicks"/>: IL emission from trace IR.</summary>
    public long EmitTicks;
    /// <summary>Of <see cref="CompileTicks"/>: the runtime's compilation of the emitted methods (delegate and first call).</summary>
    public long RuntimeJitTicks;
    /// <summary>Times the program's loop analysis ran: once, at its first recording; 0 for a program that never got hot.</summary>
    public int Analyses;
    /// <summary>Times control entered a compiled trace from the interpreter.</summary>
    public long TraceEntries;
    /// <summary>Exits taken back to the interpreter.</summary>
    public long Exits;
    /// <summary>Subject bytes consumed while inside compiled traces.</summary>
    public long BytesInTraces;
    /// <summary>Time spent inside compiled traces, in <see cref="System.Diagnostics.Stopwatch"/> ticks (only with
    /// <see cref="TracerOptions.TimeTraces"/>); the rest of a match's time is the interpreter's and the recorder's.</summary>
    public long TraceTicks;

    /// <summary>Adds <paramref name="other"/>'s counters to these (a pattern's programs summed).</summary>
    public void Add(TraceStatistics other)
    {
        Traces += other.Traces; SideTraces += other.SideTraces; Compilations += other.Compilations; Aborts += other.Aborts; Analyses += other.Analyses;
        CompileTicks += other.CompileTicks; RecordTicks += other.RecordTicks; EmitTicks += other.EmitTicks;
        RuntimeJitTicks += other.RuntimeJitTicks; TraceEntries += other.TraceEntries; Exits += other.Exits; Hops += other.Hops;
        BytesInTraces += other.BytesInTraces; TraceTicks += other.TraceTicks;
    }
}
