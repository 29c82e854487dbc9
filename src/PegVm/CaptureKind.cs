// Kinds of capture entries, as recorded in the capture log and read by capture evaluation.
namespace PegJit.Vm;

/// <summary>The kind of a capture entry; <c>Arg</c> names a constant whose meaning depends on the kind.</summary>
internal enum CaptureKind : byte
{
    /// <summary>Closes the innermost open capture.</summary>
    Close,
    /// <summary><c>Cp()</c>: the current position; no nested captures.</summary>
    Position,
    /// <summary><c>Cc(values)</c>: the constant <c>Arg</c> (a <see cref="PegJit.Values"/> of zero or more values).</summary>
    Const,
    /// <summary><c>Cb(name)</c>: the values of the most recent group named constant <c>Arg</c>.</summary>
    Backref,
    /// <summary><c>Carg(n)</c>: extra match argument number <c>Arg</c> (1-based, as LPeg).</summary>
    Arg,
    /// <summary><c>C(p)</c>: the matched substring, then the values of nested captures.</summary>
    Simple,
    /// <summary><c>Ct(p)</c>: a table of the nested values, named groups as keys.</summary>
    Table,
    /// <summary><c>p / f</c>: the results of function <c>Arg</c> applied to the nested values.</summary>
    Function,
    /// <summary><c>p % f</c>: folds each nested value into the previous capture value with function <c>Arg</c> (LPeg 1.1).</summary>
    Accumulator,
    /// <summary><c>p / table</c>: the dictionary <c>Arg</c> looked up by the first nested value (or the whole match).</summary>
    Query,
    /// <summary><c>p / "string"</c>: the format string <c>Arg</c> with <c>%0</c>..<c>%9</c> replaced.</summary>
    String,
    /// <summary><c>p / n</c>: the n-th nested value (<c>Arg</c>); 0 means no value.</summary>
    Number,
    /// <summary><c>Cs(p)</c>: the matched substring with each nested capture replaced by its value.</summary>
    Substitution,
    /// <summary><c>Cf(p, f)</c>: a left fold of the nested values with function <c>Arg</c>.</summary>
    Fold,
    /// <summary><c>Cmt(p, f)</c>: a match-time capture; evaluated during matching by <see cref="Opcode.CloseRunTime"/>.</summary>
    RunTime,
    /// <summary><c>Cg(p)</c> / <c>Cg(p, name)</c>: groups nested values; a named group (constant <c>Arg</c>) yields no value of its own.</summary>
    Group,
}
