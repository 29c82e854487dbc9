// Compiled bytecode plus its tables: what the compiler produces and the interpreter and tracer consume.
using System.Buffers;
using System.Text;

namespace PegJit.Vm;

/// <summary>A JIT configuration (compared by reference) and its hook.</summary>
internal sealed record JitEntry(object Options, IJitHook Hook);

/// <summary>
/// A compiled pattern: flat instruction array, charsets (as bitmaps and as <see cref="SearchValues{T}"/> for
/// vectorized spans), and the constant table that capture instructions index.
/// </summary>
internal sealed class Program
{
    /// <summary>The instructions; execution starts at 0.</summary>
    public Instruction[] Code { get; }
    /// <summary>Charsets referenced by Set, TestSet and Span.</summary>
    public Charset[] Sets { get; }
    /// <summary>The same charsets, four 64-bit words each, for a branch-free membership test.</summary>
    internal ulong[] SetBits { get; }
    /// <summary>The same charsets as vectorizable search values.</summary>
    internal SearchValues<byte>[] SetSearch { get; }
    /// <summary>The same charsets in the form <see cref="Opcode.Span"/> scans them.</summary>
    internal ByteRuns[] SetRuns { get; }
    /// <summary>Constants of capture instructions (strings, functions, names, dictionaries, values).</summary>
    public object?[] Constants { get; }
    /// <summary>Bytes that can start a match, and whether the pattern can match without consuming.</summary>
    public Charset FirstSet { get; }
    /// <summary>Whether the pattern may succeed without consuming (then every position is a candidate for search).</summary>
    public bool FirstSetAcceptsEmpty { get; }
    /// <summary>The first set as search values, for skipping ahead in unanchored search; null when every position is a candidate.</summary>
    public SearchValues<byte>? FirstSearch { get; }
    /// <summary>Whether any capture instruction exists.</summary>
    public bool HasCaptures { get; }
    /// <summary>Whether a match-time capture exists (the evaluator is needed while matching).</summary>
    public bool HasRunTime { get; }
    /// <summary>For a search program (one that begins with <see cref="Opcode.Skip"/>): where matches can begin. Null
    /// for an anchored program.</summary>
    public SearchFacts? Facts { get; init; }
    /// <summary>What each pc expected, for the farthest-failure report; only on the program compiled for reports.</summary>
    public FailureLabels? Labels { get; init; }
    /// <summary>JIT state attached by the facade (one per tracer configuration); the VM never reads it.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<object, IJitHook> JitStates { get; } = new();

    /// <summary>The JIT state the facade used last, checked by reference before any lookup in <see cref="JitStates"/>.</summary>
    internal JitEntry? LastJit;

    /// <summary>Creates a program; charset lookups are derived here once.</summary>
    public Program(Instruction[] code, Charset[] sets, object?[] constants, Charset firstSet, bool firstSetAcceptsEmpty)
    {
        Code = code;
        Sets = sets;
        Constants = constants;
        FirstSet = firstSet;
        FirstSetAcceptsEmpty = firstSetAcceptsEmpty;
        SetBits = Charset.Bitmaps(sets);
        SetSearch = new SearchValues<byte>[sets.Length];
        SetRuns = new ByteRuns[sets.Length];
        for (int i = 0; i < sets.Length; i++) (SetSearch[i], SetRuns[i]) = (SearchValues.Create(sets[i].ToBytes()), new ByteRuns(sets[i]));
        if (!firstSetAcceptsEmpty && !firstSet.IsFull) FirstSearch = SearchValues.Create(firstSet.ToBytes());
        foreach (var ins in code)
        {
            HasCaptures |= ins.Op is Opcode.OpenCapture or Opcode.FullCapture;
            HasRunTime |= ins.Op == Opcode.CloseRunTime;
        }
    }

    /// <summary>A listing in LPeg's <c>pcode</c> style, one instruction a line.</summary>
    public string Dump()
    {
        var sw = new StringWriter();
        Dump(sw);
        return sw.ToString();
    }

    /// <summary>Writes the program, one instruction a line, to <paramref name="output"/>.</summary>
    public void Dump(TextWriter output)
    {
        for (int pc = 0; pc < Code.Length; pc++)
        {
            output.Write(pc.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4));
            output.Write(": ");
            output.WriteLine(Format(pc));
        }
    }

    /// <summary>One instruction as text.</summary>
    public string Format(int pc)
    {
        var i = Code[pc];
        return i.Op switch
        {
            Opcode.Char => $"char '{Show(i.Aux)}'",
            Opcode.TestChar => $"testchar '{Show(i.Aux)}' -> {i.Target}",
            Opcode.Set => $"set {Sets[i.Arg]}",
            Opcode.TestSet => $"testset {Sets[i.Arg]} -> {i.Target}",
            Opcode.Span => $"span {Sets[i.Arg]}",
            Opcode.TestAny => $"testany -> {i.Target}",
            Opcode.UtfRange => $"utf-range {i.Arg:x}-{i.Arg2:x}",
            Opcode.Behind => $"behind {i.Aux}",
            Opcode.Skip => $"skip ({Facts})",
            Opcode.NextStart => "nextstart",
            Opcode.Found => $"found (full -> {i.Target})",
            Opcode.Choice or Opcode.Jmp or Opcode.Call or Opcode.Commit or Opcode.PartialCommit or Opcode.BackCommit
                => $"{Name(i.Op)} -> {i.Target}",
            Opcode.OpenCall => $"opencall rule {i.Arg}",
            Opcode.FullCapture => $"fullcapture {Name(i.Kind)} (size = {i.Aux}) (idx = {i.Arg})",
            Opcode.OpenCapture => $"opencapture {Name(i.Kind)} (idx = {i.Arg})",
            _ => Name(i.Op),
        };
    }

    private static string Name<T>(T e) where T : Enum => e.ToString().ToLowerInvariant();
    private static string Show(byte b) => b is >= 32 and < 127 ? ((char)b).ToString() : $"\\x{b:x2}";
}
