// One-line helpers per IL op that can also keep a readable listing of what was emitted.
using System.Reflection;
using System.Reflection.Emit;
using System.Text;

namespace PegJit.Tracer;

/// <summary>Wraps an <see cref="ILGenerator"/>. With a listing, every emit also appends a line to <see cref="Listing"/>;
/// compilations run without one (formatting every op cost a fifth of emission), and dumps emit the tree again with it.</summary>
internal sealed class IlWriter(ILGenerator il, bool listing)
{
    private readonly Dictionary<Label, int>? _labelNames = listing ? new() : null;   // made for listings only (a collection of structs costs the runtime a compilation at the first trace)
    private readonly Dictionary<Type, Stack<LocalBuilder>> _free = new();
    private int _labels;

    /// <summary>The listing, or null when not kept.</summary>
    public StringBuilder? Listing { get; } = listing ? new StringBuilder() : null;

    /// <summary>Bytes of IL emitted so far.</summary>
    public int Offset => il.ILOffset;

    /// <summary>Locals declared so far.</summary>
    public int LocalCount { get; private set; }

    public LocalBuilder Local(Type t) { LocalCount++; return il.DeclareLocal(t); }

    /// <summary>A scratch local of type <paramref name="t"/>: a returned one when there is one, else a new one. Each
    /// block that needs a temporary rents it and returns it when done, so the method declares only as many as are
    /// live at once.</summary>
    public LocalBuilder Rent(Type t) => _free.TryGetValue(t, out var free) && free.Count > 0 ? free.Pop() : Local(t);

    /// <summary>Gives a rented local back.</summary>
    public void Return(LocalBuilder l)
    {
        if (!_free.TryGetValue(l.LocalType, out var free)) _free[l.LocalType] = free = new Stack<LocalBuilder>();
        free.Push(l);
    }

    public Label NewLabel()
    {
        var l = il.DefineLabel();
        if (_labelNames is not null) _labelNames[l] = _labels++;
        return l;
    }

    public void Mark(Label l) { il.MarkLabel(l); if (_labelNames is not null) Listing!.Append(System.Globalization.CultureInfo.InvariantCulture, $"L{_labelNames[l]}:\n"); }
    public void Comment(string text) => Listing?.Append("    // ").Append(text).Append('\n');
    /// <summary>A comment whose text is only formatted when there is a listing.</summary>
    public void Comment(Func<string> text) { if (Listing is not null) Comment(text()); }

    // OpCode.Name is made from the opcode enum by reflection (the first call took 8-10 ms in a fresh process), so names
    // are asked for only with a listing.
    public void Op(OpCode op) { il.Emit(op); if (Listing is not null) Line(op.Name ?? "?"); }
    public void Op(OpCode op, int arg) { il.Emit(op, arg); if (Listing is not null) Line($"{op.Name} {arg}"); }
    public void Op(OpCode op, long arg) { il.Emit(op, arg); if (Listing is not null) Line($"{op.Name} {arg}"); }
    public void Op(OpCode op, Label l) { il.Emit(op, l); if (_labelNames is not null) Line($"{op.Name} L{_labelNames[l]}"); }
    public void Op(OpCode op, LocalBuilder loc) { il.Emit(op, loc); if (Listing is not null) Line($"{op.Name} V_{loc.LocalIndex}"); }
    public void Op(OpCode op, FieldInfo f) { il.Emit(op, f); if (Listing is not null) Line($"{op.Name} {f.DeclaringType!.Name}.{f.Name}"); }
    public void Op(OpCode op, Type t) { il.Emit(op, t); if (Listing is not null) Line($"{op.Name} {t.Name}"); }
    /// <summary>The unaligned. prefix (byte alignment) for the next load.</summary>
    public void Unaligned() { il.Emit(OpCodes.Unaligned, (byte)1); Line("unaligned. 1"); }
    public void Call(MethodInfo m) { il.Emit(OpCodes.Call, m); if (Listing is not null) Line($"call {m.DeclaringType!.Name}.{m.Name}"); }
    /// <summary><c>tail. callvirt</c>: the caller's frame is gone before the callee runs (the next op must be ret).</summary>
    public void TailCall(MethodInfo m) { il.Emit(OpCodes.Tailcall); il.Emit(OpCodes.Callvirt, m); if (Listing is not null) Line($"tail. callvirt {m.DeclaringType!.Name}.{m.Name}"); }

    public void Ldloc(LocalBuilder l) => Op(OpCodes.Ldloc, l);
    public void Stloc(LocalBuilder l) => Op(OpCodes.Stloc, l);
    public void Ldloca(LocalBuilder l) => Op(OpCodes.Ldloca, l);
    public void Ldc(int v) => Op(OpCodes.Ldc_I4, v);
    public void Br(Label l) => Op(OpCodes.Br, l);

    /// <summary>local += delta</summary>
    public void Add(LocalBuilder l, int delta) { Ldloc(l); Ldc(delta); Op(OpCodes.Add); Stloc(l); }

    private void Line(string text) => Listing?.Append("    ").Append(text).Append('\n');
}
