// The instruction set: this enum is the specification of the bytecode the compiler emits and the VM runs.
namespace PegJit.Vm;

/// <summary>
/// PegJit's instructions, LPeg's instruction set. Operands live in <see cref="Instruction"/>:
/// <c>Target</c> is an absolute pc, <c>Aux</c> a byte or small count, <c>Arg</c> a charset or constant index.
/// </summary>
/// <remarks>
/// A worked encoding: <c>re "{[a-z]+} '!'"</c> compiles to
/// <code>
/// 0: OpenCapture simple
/// 1: Set [a-z]
/// 2: Span [a-z]
/// 3: CloseCapture simple
/// 4: Char '!'
/// 5: End
/// </code>
/// The backtrack stack holds entries {pos, pc, capture top}; a Call pushes an entry whose pos is -1, so a
/// failure pops past it. "Fail" below means: pop entries until one with pos ≥ 0, restore its position and
/// capture top, and continue at its pc; with nothing left, the match fails.
/// <para>Unanchored search runs a search program, the pattern p wrapped as <c>S &lt;- p / skip S</c>:</para>
/// <code>
/// 0: Skip            -- to the next possible start (search facts); none: the search fails
/// 1: Choice 5
/// 2: &lt;p&gt;
/// 4: Commit 7
/// 5: NextStart       -- p failed at the start noted by Skip: one byte on, or past p's leading span
/// 6: Jmp 0
/// 7: End
/// </code>
/// <para>Counting and enumerating use the all-matches form, whose trace loops over matches without leaving
/// compiled code: <c>7: Found -> 9; 8: Jmp 0; 9: End</c>.</para>
/// </remarks>
internal enum Opcode : byte
{
    /// <summary>Consume one byte; fail at the end of the subject.</summary>
    Any,
    /// <summary>Consume the byte <c>Aux</c>; fail on any other byte or at the end.</summary>
    Char,
    /// <summary>Consume one byte that is in charset <c>Arg</c>; fail otherwise.</summary>
    Set,
    /// <summary>If at least one byte remains, go on (consuming nothing); else jump to <c>Target</c>.</summary>
    TestAny,
    /// <summary>If the next byte is <c>Aux</c>, go on (consuming nothing); else jump to <c>Target</c>.</summary>
    TestChar,
    /// <summary>If the next byte is in charset <c>Arg</c>, go on (consuming nothing); else jump to <c>Target</c>.</summary>
    TestSet,
    /// <summary>Consume the longest run of bytes in charset <c>Arg</c> (possibly none); never fails.</summary>
    Span,
    /// <summary>Consume one UTF-8 encoded code point in [<c>Arg</c>, <c>Arg2</c>]; fail otherwise.</summary>
    UtfRange,
    /// <summary>Move the position back <c>Aux</c> bytes; fail if that would pass the subject's start.</summary>
    Behind,
    /// <summary>Return from a rule: pop the call entry and continue at its pc.</summary>
    Ret,
    /// <summary>The match succeeded at the current position.</summary>
    End,
    /// <summary>Push a backtrack entry {pos, <c>Target</c>, capture top}.</summary>
    Choice,
    /// <summary>Jump to <c>Target</c>.</summary>
    Jmp,
    /// <summary>Push a return entry {-1, pc + 1} and jump to the rule at <c>Target</c>.</summary>
    Call,
    /// <summary>A call to rule <c>Arg</c> not yet linked to its address; only inside the compiler.</summary>
    OpenCall,
    /// <summary>Pop the top backtrack entry (the choice succeeded) and jump to <c>Target</c>.</summary>
    Commit,
    /// <summary>Update the top entry's position and capture top to the current ones, and jump to <c>Target</c> (a loop's back-edge).</summary>
    PartialCommit,
    /// <summary>Pop the top entry, restore its position and capture top (keep going from there), and jump to <c>Target</c> (and-predicate).</summary>
    BackCommit,
    /// <summary>Pop the top entry, then fail (not-predicate whose body matched).</summary>
    FailTwice,
    /// <summary>Fail.</summary>
    Fail,
    /// <summary>The whole match fails. The compiler never emits it: a failure that finds the backtrack stack empty
    /// fails the match (LPeg's bottom entry points at a Giveup; here an empty stack plays that part). The interpreter and
    /// the tracer accept it in hand-built programs.</summary>
    Giveup,
    /// <summary>Record a complete capture of kind <c>Kind</c>, constant <c>Arg</c>, over the <c>Aux</c> bytes just consumed.</summary>
    FullCapture,
    /// <summary>Open a capture of kind <c>Kind</c>, constant <c>Arg</c>, at the current position.</summary>
    OpenCapture,
    /// <summary>Close the innermost open capture at the current position.</summary>
    CloseCapture,
    /// <summary>Close a match-time capture: evaluate its nested captures, call its function, and fail, stay or move by its answer.</summary>
    CloseRunTime,
    /// <summary>Search programs only: move the position to the next place at or after it where a match may begin,
    /// by the program's <see cref="SearchFacts"/>, and note it as the attempt's start; fail when there is none.</summary>
    Skip,
    /// <summary>Search programs only: after an attempt that began here failed, move to where the next attempt may
    /// begin (<see cref="SearchFacts.After"/>: one byte on, or past the leading possessive span); fail past the end.</summary>
    NextStart,
    /// <summary>All-matches search programs only: the attempt begun at the noted start matched up to here. Record it
    /// (<see cref="MatchContext.Found"/>), drop its captures, and go on from its end (one byte on after an empty match);
    /// when the caller's buffer is full, jump to <c>Target</c> (an End).</summary>
    Found,
}
