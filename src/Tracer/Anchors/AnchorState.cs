// An anchor's life in the JIT: its states, the legal moves between them, and the one routine that makes a move.
//
//      threshold reached (or the early threshold, with a long input ahead)
//   ┌──────────┐ ───────────────────► ┌───────────┐  recording aborted   ┌─────────────┐
//   │ Counting │                      │ Recording │ ───────────────────► │ Blacklisted │
//   └──────────┘ ◄─────────────────── └───────────┘   (MaxAborts-th)     └─────────────┘
//        ▲        recording aborted,        │ trace IR                     ▲      ▲
//        │        or it left the loop       ▼                              │      │
//        │    compile failed          ┌───────────┐  compile failed        │      │
//        ├─────────────────────────── │ Compiling │ ───────────────────────┘      │
//        │                            └───────────┘   (MaxAborts-th)              │
//        │                                  │ installed                           │
//        │   payoff too low (retired)       ▼                                     │
//        │                            ┌──────────┐   retired (MaxAborts-th)       │
//        └─────────────────────────── │ Compiled │ ───────────────────────────────┘
//                                     └──────────┘
//                                       │    ▲  a batch of side traces re-emitted into the tree (relink)
//                                       └────┘
//
// Anchors are the pcs the interpreter hands to the JIT (loop heads, recursive rules' entries) and return sites, which
// only exits reach, by returns their traces did not expect (TraceCache.ReturnSite); both live the same life.
// Counting is every anchor's first state (no object exists for it until it first gets hot). A retired tree's anchor
// counts again from zero: recorded later, it may see other paths, and other loops compiled around it. Retirements
// count as aborts. Blacklisted is final: the interpreter passes the anchor by without calling the JIT. Only Compiled
// has a tree.
namespace PegJit.Tracer;

/// <summary>Where an anchor is in its life (see the diagram at the top of this file).</summary>
internal enum AnchorState
{
    /// <summary>Visits are counted; nothing else happens until the hot threshold.</summary>
    Counting,
    /// <summary>The interpreter's state is being recorded from the anchor (on the thread that found it hot).</summary>
    Recording,
    /// <summary>Trace IR exists; IL is being emitted and compiled (at once, or on a pool thread).</summary>
    Compiling,
    /// <summary>A compiled tree runs from the anchor.</summary>
    Compiled,
    /// <summary>Given up: too many aborts (retirements for a low payoff among them). Final.</summary>
    Blacklisted,
}

/// <summary>One anchor past its first hot moment: its state, its aborts, and its compiled tree when Compiled.</summary>
internal sealed class Anchor(int pc, HotCounter counter)
{
    /// <summary>A move from one state to another. A struct of the project's own, not a tuple: the framework's tuple over
    /// the enum is generic code no ReadyToRun image holds, which the runtime compiled at a process's first recording.</summary>
    private readonly record struct Step(AnchorState From, AnchorState To);

    /// <summary>The moves <see cref="Move"/> accepts: from-state, to-state. Anything else is a bug in the tracer.</summary>
    private static readonly Step[] Legal =
    [
        new(AnchorState.Counting, AnchorState.Recording),
        new(AnchorState.Recording, AnchorState.Counting),
        new(AnchorState.Recording, AnchorState.Blacklisted),
        new(AnchorState.Recording, AnchorState.Compiling),
        new(AnchorState.Compiling, AnchorState.Counting),
        new(AnchorState.Compiling, AnchorState.Blacklisted),
        new(AnchorState.Compiling, AnchorState.Compiled),
        new(AnchorState.Compiled, AnchorState.Compiled),
        new(AnchorState.Compiled, AnchorState.Counting),
        new(AnchorState.Compiled, AnchorState.Blacklisted),
    ];

    private readonly object _lock = new();
    private volatile AnchorState _state;
    private volatile CompiledTree? _tree;

    /// <summary>The anchor's pc.</summary>
    public int Pc { get; } = pc;

    /// <summary>The current state (read without the lock: a move publishes state and tree together, tree first).</summary>
    public AnchorState State => _state;

    /// <summary>The compiled tree while <see cref="State"/> is Compiled, else null.</summary>
    public CompiledTree? Tree => _tree;

    /// <summary>Compiled code reaches this pc by returns (see TraceCache.ReturnSite), not the interpreter.</summary>
    public bool IsReturnSite;

    /// <summary>Side traces recorded from this anchor's trees and not yet linked (queued or compiling).</summary>
    public int PendingSides;

    /// <summary>Recordings and compilations that failed; at <see cref="TracerOptions.MaxAborts"/> the anchor is blacklisted.</summary>
    public int Aborts { get; private set; }

    /// <summary>Whether the move is one the diagram allows.</summary>
    // A loop, not Array.IndexOf: that is generic code over the struct, which no ReadyToRun image holds (the runtime
    // compiled it, with its comparers, at each process's first recording).
    public static bool IsLegal(AnchorState from, AnchorState to)
    {
        foreach (var m in Legal)
            if (m.From == from && m.To == to) return true;
        return false;
    }

    /// <summary>
    /// The one way an anchor changes state. Moves from <paramref name="from"/> to <paramref name="to"/> when the anchor
    /// is still in <paramref name="from"/> (and, when <paramref name="expected"/> is given, still runs that tree);
    /// returns false when another thread moved it first. An illegal move throws: it is a bug, never a race.
    /// <paramref name="tree"/> is the tree to install (Compiled only). A move back to Counting or to Blacklisted counts as
    /// an abort unless <paramref name="failure"/> is false (a recording retried at a better moment is no failure).
    /// </summary>
    public bool Move(AnchorState from, AnchorState to, CompiledTree? tree = null, CompiledTree? expected = null, bool failure = true)
    {
        if (!IsLegal(from, to)) throw new InvalidOperationException($"illegal anchor move at pc {Pc}: {from} -> {to}");
        if ((to == AnchorState.Compiled) != (tree is not null)) throw new ArgumentException("a tree goes with Compiled, and only with it", nameof(tree));
        lock (_lock)
        {
            if (_state != from || (expected is not null && !ReferenceEquals(_tree, expected))) return false;
            if (failure && to is AnchorState.Counting or AnchorState.Blacklisted && from != AnchorState.Counting) Aborts++;
            _tree = tree;
            _state = to;
            Gate(to);
            return true;
        }
    }

    /// <summary>A recording or compilation from <paramref name="from"/> failed: back to counting, or blacklisted at the
    /// <paramref name="maxAborts"/>-th failure. Returns the new state. (The anchor is owned by the failing thread.)</summary>
    public AnchorState Abort(AnchorState from, int maxAborts)
    {
        var to = AfterFailure(maxAborts);
        return Move(from, to) ? to : State;
    }

    /// <summary>Retires <paramref name="tree"/> for a low payoff, if the anchor still runs it: back to counting, or
    /// blacklisted at the <paramref name="maxAborts"/>-th failure. Returns the new state, or null when the anchor had
    /// moved on (another thread retired or relinked it).</summary>
    public AnchorState? Retire(CompiledTree tree, int maxAborts)
    {
        var to = AfterFailure(maxAborts);
        return Move(AnchorState.Compiled, to, expected: tree) ? to : null;
    }

    // The interpreter's gate at the anchor follows its state: open with code, closed for good when blacklisted, counting
    // again from zero, parked while a recording or compilation is under way.
    private void Gate(AnchorState state)
    {
        switch (state)
        {
            case AnchorState.Compiled: counter.Open(Pc); break;
            case AnchorState.Blacklisted: counter.Ignore(Pc); break;
            case AnchorState.Counting: counter.Restart(Pc); break;
            default: counter.Park(Pc); break;
        }
    }

    // Where one more failure leads: counting again, or blacklisted at the maxAborts-th.
    private AnchorState AfterFailure(int maxAborts) => Aborts + 1 >= maxAborts ? AnchorState.Blacklisted : AnchorState.Counting;
}
