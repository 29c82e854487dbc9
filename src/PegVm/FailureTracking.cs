// Interpreter events -> the farthest failure: the position a failed match got furthest to, and what it expected there.
using System.Runtime.CompilerServices;

namespace PegJit.Vm;

/// <summary>
/// What the interpreter tells a tracker while it runs. The interpreter takes the tracker as a struct type argument,
/// so for <see cref="NoTracking"/> the runtime compiles a copy of the loop in which every call is empty and vanishes:
/// the normal path pays nothing for the report.
/// </summary>
internal interface IFailureTracker
{
    /// <summary>Instruction <paramref name="pc"/> is about to run at <paramref name="pos"/>, with <paramref name="top"/> backtrack entries.</summary>
    void Step(int pc, int pos, int top);
    /// <summary>The instruction at <paramref name="pc"/> did not get what it needed at <paramref name="pos"/>: a consuming
    /// instruction failed, a test jumped, a span stopped, or a failure instruction ran.</summary>
    void Missed(int pc, int pos);
    /// <summary>The Call at <paramref name="pc"/> is about to push its return entry as entry number <paramref name="top"/>.</summary>
    void Call(int pc, int pos, int top);
    /// <summary>A Ret popped the return entry that was number <paramref name="top"/>: that call succeeded, ending at <paramref name="pos"/>.</summary>
    void Returned(int top, int pos);
    /// <summary>A failure popped entries down to <paramref name="top"/>; calls whose entries were popped failed.</summary>
    void Unwound(int top);
}

/// <summary>The tracker of every normal match: it does nothing, and after specialization it is not there at all.</summary>
internal struct NoTracking : IFailureTracker
{
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly void Step(int pc, int pos, int top) { }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly void Missed(int pc, int pos) { }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly void Call(int pc, int pos, int top) { }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly void Returned(int top, int pos) { }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public readonly void Unwound(int top) { }
}

/// <summary>
/// Finds the farthest failure of one run. Only failures that carry a label count (<see cref="FailureLabels.Label"/>: none
/// inside predicates and lookbehind). A failure inside a literal counts at the literal's start. At the farthest position
/// the labels are kept once each, in the order first seen, with two rules for grammars:
/// <list type="bullet">
/// <item>Rule names: a failure at a position where a rule call began is labelled with the outermost such rule's name,
/// instead of what the instruction inside it expected (a grammar's call of its own start rule does not count: "expected
/// the whole grammar" would tell nothing).</item>
/// <item>Finished rules: labels recorded inside a rule call that then returned successfully at or past the farthest
/// position are what that rule could have gone on with (a trailing <c>[ \t]*</c>, an optional fraction); they are
/// reported only when nothing else was expected there. A rule that returned before that position gave up because of
/// what failed there, so its labels stay.</item>
/// </list>
/// </summary>
internal struct FarthestFailure : IFailureTracker
{
    private readonly record struct Frame(int Slot, int Start, string? Name, bool Quiet, int Tick);
    private record struct Seen(string Label, int Tick, bool Soft);

    private readonly FailureLabels _labels;
    private readonly List<Frame> _frames = new();
    private readonly List<Seen> _seen = new();
    private int _tick, _prev = -1;
    private bool _justCalled;

    /// <summary>A tracker for a run of the program that <paramref name="labels"/> describes.</summary>
    public FarthestFailure(FailureLabels labels) => _labels = labels;

    /// <summary>The farthest byte position where a counted failure happened, or -1 when none did.</summary>
    public int Position { get; private set; } = -1;

    /// <summary>What was expected at <see cref="Position"/>, in the order first seen.</summary>
    public readonly List<string> Expected()
    {
        bool anyFirm = _seen.Exists(s => !s.Soft);
        return _seen.Where(s => !s.Soft || !anyFirm).Select(s => s.Label).ToList();
    }

    /// <inheritdoc/>
    public void Step(int pc, int pos, int top)
    {
        int prev = _prev;
        _prev = pc;
        if (_justCalled) { _justCalled = false; return; }
        // Control that reaches a rule's first instruction from another rule's code, not by a Call, is a tail call: the
        // caller's return entry now serves the callee.
        if (_labels.Entry[pc] is not { } name || prev < 0 || _labels.RuleOf[prev] == _labels.RuleOf[pc]) return;
        if (_frames.Count == 0 || _frames[^1].Slot != top - 1) return;
        _frames[^1] = _frames[^1] with { Start = pos, Name = name };
    }

    /// <inheritdoc/>
    public void Call(int pc, int pos, int top)
    {
        _justCalled = true;
        Truncate(top);
        bool quiet = _labels.QuietCall[pc] || (_frames.Count > 0 && _frames[^1].Quiet);
        _frames.Add(new Frame(top, pos, _labels.Callee[pc], quiet, _tick));
    }

    /// <inheritdoc/>
    public void Returned(int top, int pos)
    {
        // A rule that gave up before the farthest position did so because of what failed there: that stays firm.
        if (pos >= Position && _frames.Count > 0 && _frames[^1].Slot == top)
        {
            int since = _frames[^1].Tick;
            for (int i = _seen.Count - 1; i >= 0 && _seen[i].Tick > since; i--) _seen[i] = _seen[i] with { Soft = true };
        }
        Truncate(top);
    }

    /// <inheritdoc/>
    public void Unwound(int top) => Truncate(top);

    /// <inheritdoc/>
    public void Missed(int pc, int pos)
    {
        if (_labels.Label[pc] is not { } labels || (_frames.Count > 0 && _frames[^1].Quiet)) return;
        int at = pos - _labels.Back[pc];
        if (at < Position) return;
        if (at > Position)
        {
            Position = at;
            _seen.Clear();
        }
        if (RuleStartedAt(at) is { } rule) Note(rule);
        else foreach (var label in labels) Note(label);
    }

    private void Note(string label)
    {
        int i = _seen.FindIndex(s => s.Label == label);
        // Seen entries stay in tick order (a soft one seen again firmly moves to the end with its new tick), so that a
        // return softens a suffix.
        if (i >= 0 && !_seen[i].Soft) return;
        if (i >= 0) _seen.RemoveAt(i);
        _seen.Add(new Seen(label, ++_tick, false));
    }

    // Active calls begin at non-decreasing positions, outermost first: the first named one that began at 'at'.
    private readonly string? RuleStartedAt(int at)
    {
        int lo = 0, hi = _frames.Count;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (_frames[mid].Start < at) lo = mid + 1; else hi = mid;
        }
        for (int i = lo; i < _frames.Count && _frames[i].Start == at; i++)
            if (_frames[i].Name is { } name) return name;
        return null;
    }

    private readonly void Truncate(int top)
    {
        int n = _frames.Count;
        while (n > 0 && _frames[n - 1].Slot >= top) n--;
        if (n < _frames.Count) _frames.RemoveRange(n, _frames.Count - n);
    }
}
