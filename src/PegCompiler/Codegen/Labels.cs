// Codegen, when a report is asked for -> FailureLabels: what each emitted test or consuming instruction expected.
using PegJit.Vm;

namespace PegJit.Compiler;

internal sealed partial class Compiler
{
    /// <summary>The labels being collected; null in every normal compile, whose code is the same instruction for
    /// instruction (labels are noted beside the code, never change it).</summary>
    private LabelNotes? _labels;

    private sealed class LabelNotes
    {
        public readonly Dictionary<int, string[]> Label = new();
        public readonly Dictionary<int, int> Back = new();
        public readonly Dictionary<int, (string? Name, bool Quiet)> Calls = new();
        public readonly List<(int From, int To, string Name)> Rules = new();
        /// <summary>Predicates and lookbehinds being coded: what fails inside them is expected to fail sometimes.</summary>
        public int Quiet;
        public string[]? Literal;
        public int LiteralAt, LiteralLeft;
    }

    /// <summary>Whether labels are being collected for the code emitted now (not inside a predicate).</summary>
    private bool Labelling => _labels is { Quiet: 0 };

    /// <summary>Notes what the instruction at <paramref name="pc"/> expected, when it can fail by not finding it (a test,
    /// a span's stop, a consuming instruction); a failure <paramref name="back"/> bytes into a literal counts at its start.</summary>
    private void Expect(int pc, string[] what, int back = 0)
    {
        if (!Labelling || pc < 0) return;
        if (_code[pc].Op is not (Opcode.Char or Opcode.Set or Opcode.Any or Opcode.UtfRange or Opcode.Span
            or Opcode.TestChar or Opcode.TestSet or Opcode.TestAny)) return;
        _labels!.Label[pc] = what;
        if (back > 0) _labels.Back[pc] = back;
    }

    private void Expect(int pc, string what) => Expect(pc, [what]);

    // A chain Seq(Char, Seq(Char, ...)) is one literal: its Char instructions report the whole literal at its start.
    private void BeginLiteral(SeqNode s)
    {
        if (!Labelling || _labels!.LiteralLeft > 0 || s.First is not CharNode) return;
        var bytes = ExpectText.LiteralRun(s);
        if (bytes.Length < 2) return;
        _labels.Literal = [ExpectText.Literal(bytes)];
        _labels.LiteralAt = 0;
        _labels.LiteralLeft = bytes.Length;
    }

    private void ExpectChar(byte c)
    {
        if (!Labelling) return;
        var l = _labels!;
        if (l.LiteralLeft == 0) { Expect(Here - 1, ExpectText.Literal([c])); return; }
        Expect(Here - 1, l.Literal!, l.LiteralAt++);
        l.LiteralLeft--;
    }

    private void ExpectFirst(int test, Node guarded)
    {
        if (Labelling && test >= 0) Expect(test, ExpectText.First(guarded));
    }

    private void EnterQuiet() { if (_labels is { } l) l.Quiet++; }
    private void LeaveQuiet() { if (_labels is { } l) l.Quiet--; }

    /// <summary>Notes a call site: the rule called (null for a grammar's own call of its start rule), and whether it is made
    /// inside a predicate.</summary>
    private void NoteCall(int pc, string? rule)
    {
        if (_labels is { } l) l.Calls[pc] = (rule, l.Quiet > 0);
    }

    private void NoteRule(int from, int to, string name) => _labels?.Rules.Add((from, to, name));

    /// <summary>The side table of the finished code (after the peephole pass, which moves no instruction).</summary>
    private FailureLabels? LabelTable()
    {
        if (_labels is not { } l) return null;
        var t = new FailureLabels(_codeCount);
        foreach (var (pc, what) in l.Label) t.Label[pc] = what;
        foreach (var (pc, back) in l.Back) t.Back[pc] = back;
        foreach (var (pc, (name, quiet)) in l.Calls)
        {
            t.Callee[pc] = name;
            t.QuietCall[pc] = quiet;
        }
        // A nested grammar's rules end before the rule that holds them: outer ranges first, inner ones written over them.
        for (int id = l.Rules.Count - 1; id >= 0; id--)
        {
            var (from, to, name) = l.Rules[id];
            Array.Fill(t.RuleOf, id, from, to - from);
            t.Entry[from] = name;
        }
        return t;
    }
}
