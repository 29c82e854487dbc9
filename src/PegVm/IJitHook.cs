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

    /// <summary>One flag per pc: anchors the JIT has given up on, which the interpreter then passes by without a call.</summary>
    bool[] Ignored { get; }

    /// <summary>Whether compiled code starts at <paramref name="pc"/> (the interpreter enters it at a program's entry,
    /// where nothing is counted: a run's start is no loop).</summary>
    bool HasCode(int pc);
}
