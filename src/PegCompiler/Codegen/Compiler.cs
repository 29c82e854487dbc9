// Pattern tree -> Program: LPeg's code generator (head-fail tests, spans, partial-commit loops, tail calls) and peephole.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Generates bytecode from a tree. Each <c>Code*</c> method opens with the template it emits. <c>tt</c> is the
/// index of a test instruction that dominates the code being generated (or -1); <c>follow</c> is the first set of
/// what comes after it; <c>opt</c> says the code is the last thing inside an optional pattern, so it may reuse that
/// pattern's choice point.
/// </summary>
internal sealed partial class Compiler
{
    private const int NoInst = -1;
    /// <summary>Largest fixed length coded as a single FullCapture.</summary>
    private const int MaxFullCapture = 255;

    // The code as an array and a count: a List<Instruction> was generic CoreLib code over another assembly's struct,
    // which a ReadyToRun image cannot hold (see CharsetTable).
    private Instruction[] _code;
    private int _codeCount;
    private readonly CharsetTable _sets = new();
    private readonly List<object?> _constants = new() { null };
    /// <summary>OpenCall instructions not yet bound to their rule's code (each grammar binds its own, innermost first).</summary>
    private readonly List<int> _openCalls = new();

    // Sized for the tree at once: a large program grown by doubling copies itself into ever larger arrays, each a
    // full collection's worth of garbage. About one instruction for every two nodes (a literal's chain).
    private Compiler(Node root)
    {
        _root = root;
        _code = new Instruction[(int)Math.Min(root.Size / 2 + 16, Budget.MaxCodeSize)];
    }

    private readonly Node _root;

    /// <summary>Compiles a whole pattern: code, then End, then the peephole pass.</summary>
    public static Program Compile(Node root) => Compile(root, labels: false);

    /// <summary>The same program with its <see cref="FailureLabels"/>, for the farthest-failure report: every rule
    /// called as written, none coded in place.</summary>
    public static Program CompileForReport(Node root) => Compile(root, labels: true, inlining: false);

    /// <summary>The code the report program has, without its labels (tests).</summary>
    internal static Program CompileWithoutInlining(Node root) => Compile(root, labels: false, inlining: false);

    private static Program Compile(Node root, bool labels, bool inlining = true)
    {
        if (root.HasOpenCalls) throw new PegGrammarException($"rule '{FirstOpenCall(root)}' used outside a grammar");
        return Deep.Run(root.Depth, () =>
        {
            var c = new Compiler(root) { _labels = labels ? new LabelNotes() : null, _inlining = inlining };
            c.Gen(root, false, NoInst, Charset.Full);
            c.Add(Opcode.End);
            c.Peephole();
            int flags = Analysis.FirstSet(root, Charset.Full, out var first);
            return new Program(c.Code(), c._sets.ToArray(), c._constants.ToArray(), first, flags != 0) { Labels = c.LabelTable() };
        });
    }

    private static string FirstOpenCall(Node n) =>
        n is OpenCallNode o ? o.Name : FirstOpenCall(Linker.Children(n).First(c => c.HasOpenCalls));

    // ---- emission helpers ------------------------------------------------------------------------

    private int Here => _codeCount;

    private int Add(Opcode op, int target = 0, int arg = 0, byte aux = 0, CaptureKind kind = CaptureKind.Close, int arg2 = 0)
    {
        if (_codeCount >= Budget.MaxCodeSize) throw new PegLimitException($"pattern code too large (the limit is {Budget.MaxCodeSize} instructions)");
        if (_codeCount == _code.Length) _code = CopyCode(Math.Min(_code.Length * 2, Budget.MaxCodeSize));
        _code[_codeCount] = new Instruction(op, target, arg, aux, kind, arg2);
        return _codeCount++;
    }

    // The code so far in an array of its own length.
    private Instruction[] Code() => CopyCode(_codeCount);

    private Instruction[] CopyCode(int length)
    {
        var to = new Instruction[length];
        Array.Copy(_code, to, Math.Min(_codeCount, length));   // not Array.Resize<T>: generic code again
        return to;
    }

    private void JumpToHere(int inst) => JumpTo(inst, Here);

    private void JumpTo(int inst, int target)
    {
        if (inst < 0) return;
        var i = _code[inst];
        i.Target = target;
        _code[inst] = i;
    }

    private int SetIndex(Charset set) => _sets.IndexOf(set);

    private int Constant(object? value)
    {
        _constants.Add(value);
        return _constants.Count - 1;
    }

    // ---- dispatch --------------------------------------------------------------------------------

    private void Gen(Node n, bool opt, int tt, Charset follow)
    {
        Deep.Check();
        for (;;)
        {
            switch (n)
            {
                case CharNode c: CodeChar(c.Byte, tt); ExpectChar(c.Byte); return;
                case AnyNode: Expect(Add(Opcode.Any), ExpectText.AnyCharacter); return;
                case SetNode s:
                    CodeCharset(s.Set, tt);
                    if (Labelling) Expect(Here - 1, ExpectText.Class(s.Set));
                    return;
                case TrueNode: return;
                case FalseNode: Add(Opcode.Fail); return;
                case UtfRangeNode u:
                    Add(Opcode.UtfRange, arg: u.From, arg2: u.To);
                    if (Labelling) Expect(Here - 1, ExpectText.CodePoints(u.From, u.To));
                    return;
                case ChoiceNode c: CodeChoice(c.First, c.Second, opt, follow); return;
                case RepNode r: CodeRep(r.Body, opt, follow); return;
                case BehindNode b: CodeBehind(b); return;
                case NotNode x: CodeNot(x.Body); return;
                case AndNode a: CodeAnd(a.Body, tt); return;
                case CaptureNode c: CodeCapture(c, tt, follow); return;
                case RunTimeNode rt: CodeRunTime(rt, tt); return;
                case GrammarNode g: CodeGrammar(g); return;
                case CallNode call when Inlines(call, _root):
                    GenInline(call, opt, tt, follow);
                    return;
                case CallNode call:
                    _openCalls.Add(Add(Opcode.OpenCall, arg: call.Rule));
                    NoteCall(Here - 1, call.Name);
                    return;
                case SeqNode s:
                    BeginLiteral(s);
                    tt = CodeSeqFirst(s.First, s.Second, tt, follow);
                    n = s.Second;   // the second child is coded in place, so a rule's last call can become a tail call
                    break;
                default: throw new InvalidOperationException(n.GetType().Name);
            }
        }
    }
}
