// Policy as data: every threshold and limit of the tracing JIT, with its default.
namespace PegJit;

/// <summary>How a match uses the tracing JIT.</summary>
public enum JitMode
{
    /// <summary>The interpreter alone.</summary>
    Off,
    /// <summary>Hot loops (past <see cref="TracerOptions.HotThreshold"/>) are recorded and compiled.</summary>
    Auto,
    /// <summary>Every anchor is recorded the first time it is reached (threshold 0).</summary>
    Always,
}

/// <summary>How a side trace is joined to the exit it grows from.</summary>
public enum SideTraceLinking
{
    /// <summary>The side trace is compiled alone; the exit calls it (with <see cref="TracerOptions.HandOver"/>; else
    /// it returns to the trace cache, which enters it), and the side trace's end enters the root again. Each trace is
    /// compiled once: compile cost stays linear.</summary>
    Dispatch,
    /// <summary>The whole tree is re-emitted with the side trace in the same method, the exit becoming a jump. No
    /// transition cost, but every side trace recompiles the tree (quadratic compile time on branchy grammars), so
    /// only up to <see cref="TracerOptions.MaxInlineSteps"/>; then by dispatch.</summary>
    Inline,
}

/// <summary>Failures a test can inject into every compilation, to prove that they are contained.</summary>
internal enum CompileFault
{
    /// <summary>Compile normally.</summary>
    None,
    /// <summary>The emitter throws an exception of a type no code expects.</summary>
    Throw,
    /// <summary>The emitter emits invalid IL: the runtime throws <see cref="InvalidProgramException"/> at the first call.</summary>
    InvalidIl,
}

/// <summary>The exception <see cref="CompileFault.Throw"/> raises.</summary>
internal sealed class InjectedFaultException() : Exception("injected compile fault");

/// <summary>The tracer's knobs. Defaults are tuned for long subjects; tests use <see cref="JitMode.Always"/>.</summary>
public sealed record TracerOptions
{
    /// <summary>The default settings (each property's summary gives its default); copy with <c>with</c> to change some.</summary>
    public TracerOptions() { }

    /// <summary>The defaults.</summary>
    public static TracerOptions Default { get; } = new();

    /// <summary>When to record.</summary>
    public JitMode Mode { get; init; } = JitMode.Auto;
    /// <summary>Times an anchor is reached (over all matches of the program) before it is recorded (Auto); high, so
    /// that short one-off matches never pay for compilation.</summary>
    public int HotThreshold { get; init; } = 100_000;
    /// <summary>Times an anchor is reached before it is recorded (Auto) when at least <see cref="LongInputBytes"/> of the
    /// subject lie ahead: a long input repays compilation within the same match, so it need not wait for
    /// <see cref="HotThreshold"/> (which a 40 MB document reaches only after tens of milliseconds in the interpreter).</summary>
    public int EarlyHotThreshold { get; init; } = 1_000;
    /// <summary>Bytes ahead in the subject from which <see cref="EarlyHotThreshold"/> applies: at the interpreter's speed
    /// this is several milliseconds of matching, more than a warm compilation takes.</summary>
    public int LongInputBytes { get; init; } = 1 << 20;
    /// <summary>Longest trace, in recorded instructions.</summary>
    public int MaxTraceLength { get; init; } = 400;
    /// <summary>Deepest chain of calls a trace inlines.</summary>
    public int MaxInlineDepth { get; init; } = 8;
    /// <summary>Times a guard's exit is taken before a side trace is recorded from it.</summary>
    public int HotExitThreshold { get; init; } = 10;
    /// <summary>Failures of an anchor (aborted recordings and compilations, and retirements of its tree; not recordings
    /// retried because their iteration left the loop) or aborted recordings of an exit, before it is given up.</summary>
    public int MaxAborts { get; init; } = 3;
    /// <summary>How side traces are linked to their exits.</summary>
    public SideTraceLinking Linking { get; init; } = SideTraceLinking.Inline;
    /// <summary>Inline linking re-emits a tree only while its traces total at most this many IR steps; past that,
    /// further side traces are linked by dispatch (re-emission cost grows with the square of the tree).</summary>
    public int MaxInlineSteps { get; init; } = 400;
    /// <summary>Inline linking re-emits a root's tree only while the IR steps of all its re-emissions so far stay
    /// within this many; past that, further side traces are linked by dispatch (the exit calls the side tree). Each
    /// re-emission compiles the whole tree again: a large tree growing small side traces one at a time cost a
    /// recompilation of the large tree for each (json-5m compiled synchronously: 630-750 ms in all without this
    /// bound, 370-400 ms with it, and no steady match of the JSON grammars got slower).</summary>
    public int MaxRelinkSteps { get; init; } = 800;
    /// <summary>An exit at another anchor whose compiled code runs from there calls that code directly (a tail call
    /// from the exit, so the CLR stack does not grow), and so does an exit whose side trace was compiled alone,
    /// instead of returning to the dispatcher, which called every tree from one site: a JSON document hands over
    /// between its string, member and value loops millions of times, and those calls, all from one place, were
    /// mispredicted.</summary>
    public bool HandOver { get; init; } = true;
    /// <summary>A recording that reaches another loop's head ends there when that loop's code is being compiled, not
    /// only when it is compiled: the trace hands over to it once it is installed (until then the exit resumes the
    /// interpreter), instead of inlining that loop too. Early in a long match most loops are still compiling, so
    /// without this every trace inlined them all: json-40m's first run compiled about 70 traces in 460-490 ms and took
    /// 186-190 ms; with it, about 37 traces in 245 ms and 152-170 ms (json-railroad 207-212 against 166-169 ms,
    /// json-rr 200-215 against 170-178 ms). Steady matches hand over more often: json 35 against 38-39 ms,
    /// json-railroad 39 against 41-43 ms.</summary>
    public bool JoinCompilingLoops { get; init; } = true;
    /// <summary>A recording that reaches the head of a loop of one-byte iterations (a string's <c>([^"\] / '\' .)*</c>)
    /// spans those iterations and goes on, instead of joining the loop's compiled code, when the trace has emitted fewer
    /// than this many guards (steps that can exit) so far (a loop without code is always spanned, not unrolled). The
    /// short traces that run a JSON member or value on through its string hand over half as often (json-40m steady
    /// 29 -> 26 ms; json-railroad's member trace, which meets its key after 5 guards, 1.7M -> 1.0M hand-overs a match);
    /// without the bound, side traces ran on through nested documents and the median compilation per trace went from
    /// 1.3 to 2.1-2.8 ms (bench/Micro quick compile); with 6, 1.9-2.0 ms.</summary>
    public int SpanLoopsWithin { get; init; } = 6;
    /// <summary>Side traces per root trace, at most. Exits get hot first come, first served, so a full tree leaves
    /// later hot exits to the interpreter: with 16, the right-recursive JSON grammar's value tree filled up with
    /// lukewarm exits in some processes and left one taken 745K times a run unlinked (json-40m steady 27 or 33-38 ms,
    /// by process); with 32, 26.6-30.7 ms against 29.5-34.0 over three alternated rounds, the loop grammar unchanged
    /// (25.4-26.2 against 25.3-26.1) and the first run's compile time within noise.</summary>
    public int MaxSideTraces { get; init; } = 32;
    /// <summary>Entries into a tree before its payoff is judged.</summary>
    public int JudgeAfterEntries { get; init; } = 1_000;
    /// <summary>A tree whose entries from the interpreter consume fewer subject bytes than this on average (counted
    /// from its last change) is retired: the interpreter is faster than entering and leaving compiled code every
    /// few bytes. A tree judged while other trees still covered its work (a string loop entered for one short key)
    /// was retired at 16 in about one run of seven on json-40m, when retirement was for good, and the process then ran
    /// at half its speed (144-153 against 70 ms); at 4 that did not happen in 23 runs, and no search or parse workload
    /// of the bench changed. A retired anchor now counts again and is recorded afresh (by then the code around it may
    /// be compiled); retirements count as aborts (<see cref="MaxAborts"/>).</summary>
    public int MinBytesPerEntry { get; init; } = 4;
    /// <summary>Test mode: every this-many guard evaluations, one exits as if it failed (0 = never).</summary>
    public int ForceGuardFailureEvery { get; init; }
    /// <summary>Auto mode: emit and compile traces on a thread-pool thread while the match goes on in the interpreter
    /// (recording stays on the matching thread: it reads the live state). <see cref="JitMode.Always"/> always compiles
    /// at once.</summary>
    public bool BackgroundCompile { get; init; } = true;
    /// <summary>Diagnostics: time every run of compiled code (<c>JitStatistics.TraceTicks</c>); two clock reads
    /// per entry, so off by default.</summary>
    public bool TimeTraces { get; init; }
    /// <summary>Test mode: make every compilation fail (see <see cref="CompileFault"/>).</summary>
    internal CompileFault Fault { get; init; }
    /// <summary>Receives trace events (recorded, aborted, compiled, side trace...); null for none.</summary>
    public Action<TraceEvent>? Log { get; init; }

    // Equality by hand, not the record's: a program's JIT state is looked up by its options, and the generated members
    // go through EqualityComparer<T>.Default for each property, whose instantiations over the enums are generic code no
    // ReadyToRun image holds: the runtime compiled about twenty of them at a process's first match (about 1 ms on the
    // matching thread). A test checks that every property takes part.

    /// <summary>Whether every setting is the same (<see cref="Log"/> compared as delegates are).</summary>
    public bool Equals(TracerOptions? other) =>
        other is not null && (ReferenceEquals(this, other) ||
            Mode == other.Mode &&
            HotThreshold == other.HotThreshold &&
            EarlyHotThreshold == other.EarlyHotThreshold &&
            LongInputBytes == other.LongInputBytes &&
            MaxTraceLength == other.MaxTraceLength &&
            MaxInlineDepth == other.MaxInlineDepth &&
            HotExitThreshold == other.HotExitThreshold &&
            MaxAborts == other.MaxAborts &&
            Linking == other.Linking &&
            MaxInlineSteps == other.MaxInlineSteps &&
            MaxRelinkSteps == other.MaxRelinkSteps &&
            HandOver == other.HandOver &&
            JoinCompilingLoops == other.JoinCompilingLoops &&
            SpanLoopsWithin == other.SpanLoopsWithin &&
            MaxSideTraces == other.MaxSideTraces &&
            JudgeAfterEntries == other.JudgeAfterEntries &&
            MinBytesPerEntry == other.MinBytesPerEntry &&
            ForceGuardFailureEvery == other.ForceGuardFailureEvery &&
            BackgroundCompile == other.BackgroundCompile &&
            TimeTraces == other.TimeTraces &&
            Fault == other.Fault &&
            Equals(Log, other.Log));

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        int h = 17;
        h = h * 31 + (int)Mode;
        h = h * 31 + HotThreshold;
        h = h * 31 + EarlyHotThreshold;
        h = h * 31 + LongInputBytes;
        h = h * 31 + MaxTraceLength;
        h = h * 31 + MaxInlineDepth;
        h = h * 31 + HotExitThreshold;
        h = h * 31 + MaxAborts;
        h = h * 31 + (int)Linking;
        h = h * 31 + MaxInlineSteps;
        h = h * 31 + MaxRelinkSteps;
        h = h * 31 + (HandOver ? 1 : 0);
        h = h * 31 + (JoinCompilingLoops ? 1 : 0);
        h = h * 31 + SpanLoopsWithin;
        h = h * 31 + MaxSideTraces;
        h = h * 31 + JudgeAfterEntries;
        h = h * 31 + MinBytesPerEntry;
        h = h * 31 + ForceGuardFailureEvery;
        h = h * 31 + (BackgroundCompile ? 1 : 0);
        h = h * 31 + (TimeTraces ? 1 : 0);
        h = h * 31 + (int)Fault;
        return h * 31 + (Log?.GetHashCode() ?? 0);
    }
}
