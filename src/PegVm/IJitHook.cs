// The small interface through which the interpreter hands hot loops to a JIT; the VM owns it.
namespace PegJit.Vm;

/// <summary>
/// Implemented by a tracing JIT. The interpreter calls <see cref="OnAnchor"/> at anchors (back-edges and call
/// targets); the hook may run compiled code that advances the state and returns true, in which
/// case the interpreter resumes from <see cref="VmState.Pc"/>.
/// </summary>
internal interface IJitHook
{
    /// <summary>Reached an anchor at <paramref name="anchorPc"/>. Return true when <paramref name="state"/> was advanced.</summary>
    bool OnAnchor(int anchorPc, ref VmState state);

    /// <summary>One gate per pc: the interpreter decrements the gate of each anchor it reaches and calls
    /// <see cref="OnAnchor"/> only when it is then at or below zero. The JIT keeps it at zero where compiled code
    /// starts, at the visits until its next decision while it counts, and out of reach where it gave up.</summary>
    int[] Gates { get; }

    /// <summary>Whether compiled code starts at <paramref name="pc"/> (the interpreter enters it at a program's entry,
    /// where nothing is counted: a run's start is no loop).</summary>
    bool HasCode(int pc);
}
