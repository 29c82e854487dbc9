// Reflection handles of everything emitted IL touches, looked up once per process.
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using PegJit.Vm;

namespace PegJit.Tracer;

/// <summary>The fields and methods emitted traces load, store and call; a missing one fails at type load, not mid-emit.</summary>
internal static class Handles
{
    public static readonly FieldInfo StateContext = Field(typeof(VmState), nameof(VmState.Context));
    public static readonly FieldInfo StateSubject = Field(typeof(VmState), nameof(VmState.Subject));
    public static readonly FieldInfo StatePc = Field(typeof(VmState), nameof(VmState.Pc));
    public static readonly FieldInfo StatePos = Field(typeof(VmState), nameof(VmState.Pos));
    public static readonly FieldInfo StateStackTop = Field(typeof(VmState), nameof(VmState.StackTop));
    public static readonly FieldInfo StateCapTop = Field(typeof(VmState), nameof(VmState.CapTop));

    public static readonly FieldInfo ContextStack = Field(typeof(MatchContext), nameof(MatchContext.Stack));
    public static readonly FieldInfo ContextCaptures = Field(typeof(MatchContext), nameof(MatchContext.Captures));
    public static readonly FieldInfo ContextMaxBacktrack = Field(typeof(MatchContext), nameof(MatchContext.MaxBacktrack));
    public static readonly FieldInfo ContextMatchStart = Field(typeof(MatchContext), nameof(MatchContext.MatchStart));
    public static readonly FieldInfo ContextFoundFull = Field(typeof(MatchContext), nameof(MatchContext.FoundFull));

    public static readonly FieldInfo EntryPos = Field(typeof(BacktrackEntry), nameof(BacktrackEntry.Pos));
    public static readonly FieldInfo EntryPc = Field(typeof(BacktrackEntry), nameof(BacktrackEntry.Pc));
    public static readonly FieldInfo EntryCapTop = Field(typeof(BacktrackEntry), nameof(BacktrackEntry.CapTop));

    public static readonly FieldInfo CapPos = Field(typeof(CaptureEntry), nameof(CaptureEntry.Pos));
    public static readonly FieldInfo CapSize = Field(typeof(CaptureEntry), nameof(CaptureEntry.Size));
    public static readonly FieldInfo CapArg = Field(typeof(CaptureEntry), nameof(CaptureEntry.Arg));
    public static readonly FieldInfo CapKind = Field(typeof(CaptureEntry), nameof(CaptureEntry.Kind));

    public static readonly FieldInfo ConstsSetBits = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.SetBits));
    public static readonly FieldInfo ConstsSetRuns = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.SetRuns));
    public static readonly FieldInfo ConstsSkip = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.Skip));
    public static readonly FieldInfo ConstsPathRuns = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.PathRuns));
    public static readonly FieldInfo ConstsLoopRuns = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.LoopRuns));
    public static readonly FieldInfo ConstsSkipLiteral = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.SkipLiteral));
    public static readonly FieldInfo ConstsFacts = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.Facts));
    public static readonly FieldInfo ConstsExitBase = Field(typeof(IlEmitter.Consts), nameof(IlEmitter.Consts.ExitBase));
    public static readonly MethodInfo TraceInvoke = typeof(TraceFunction).GetMethod(nameof(TraceFunction.Invoke))!;

    public static readonly MethodInfo SpanLength = typeof(ReadOnlySpan<byte>).GetProperty(nameof(ReadOnlySpan<byte>.Length))!.GetGetMethod()!;
    /// <summary>MemoryMarshal.GetReference over a byte span: the subject's first byte, taken once per trace entry.</summary>
    public static readonly MethodInfo SpanRef = new RefOf(MemoryMarshal.GetReference).Method;
    public static readonly MethodInfo SpanOver = typeof(SpanScan).GetMethod(nameof(SpanScan.Over))!;

    // One vector of a span, inline (the runtime compiles these as single instructions).
    // Methods taken from method groups: a closed generic method needs no MakeGenericMethod (and so no dynamic code),
    // and no lookup by name runs the binder over a type's overloads (Vector256.Create by name and parameter types cost
    // a fresh process 11.5 ms of its first trace's emission; from the method group 0.1 ms).
    public static readonly MethodInfo VectorOf = ((Func<byte, Vector256<byte>>)Vector256.Create).Method;
    public static readonly MethodInfo VectorLoad = ((LoadBytes)Vector256.LoadUnsafe).Method;
    public static readonly MethodInfo VectorAtMost = ((Func<Vector256<byte>, Vector256<byte>, Vector256<byte>>)Vector256.LessThanOrEqual).Method;
    public static readonly MethodInfo VectorEquals = ((Func<Vector256<byte>, Vector256<byte>, Vector256<byte>>)Vector256.Equals).Method;
    public static readonly MethodInfo VectorSigns = ((Func<Vector256<byte>, uint>)Vector256.ExtractMostSignificantBits).Method;
    public static readonly MethodInfo VectorMinus = typeof(Vector256<byte>).GetMethod("op_Subtraction", [typeof(Vector256<byte>), typeof(Vector256<byte>)])!;
    public static readonly MethodInfo VectorOr = typeof(Vector256<byte>).GetMethod("op_BitwiseOr", [typeof(Vector256<byte>), typeof(Vector256<byte>)])!;
    public static readonly MethodInfo TrailingZeros = ((Func<uint, int>)System.Numerics.BitOperations.TrailingZeroCount).Method;
    public static readonly MethodInfo FactsNext = typeof(SearchFacts).GetMethod(nameof(SearchFacts.Next))!;
    public static readonly MethodInfo FactsAfter = typeof(SearchFacts).GetMethod(nameof(SearchFacts.After))!;
    public static readonly MethodInfo ContextFound = typeof(MatchContext).GetMethod(nameof(MatchContext.Found))!;

    public static readonly MethodInfo Push = Runtime(nameof(TraceRuntime.Push));
    public static readonly MethodInfo SkipTo = Runtime(nameof(TraceRuntime.SkipTo));
    public static readonly MethodInfo SkipToLiteral = Runtime(nameof(TraceRuntime.SkipToLiteral));
    public static readonly MethodInfo Utf = typeof(Semantics).GetMethod(nameof(Semantics.UtfRange))!;
    public static readonly MethodInfo GrowCaptures = typeof(MatchContext).GetMethod(nameof(MatchContext.GrowCaptures))!;
    public static readonly MethodInfo Tick = Runtime(nameof(TraceRuntime.Tick));
    public static readonly MethodInfo Force = Runtime(nameof(TraceRuntime.Force));
    public static readonly MethodInfo HandOver = Runtime(nameof(TraceRuntime.HandOver));
    public static readonly MethodInfo Linked = Runtime(nameof(TraceRuntime.Linked));

    // A method group converted to this delegate names the closed generic method without MakeGenericMethod, which
    // the AOT analyzer would flag.
    private delegate ref byte RefOf(ReadOnlySpan<byte> span);

    private delegate Vector256<byte> LoadBytes(ref readonly byte source, nuint offset);

    // Not generic over the type: a generic method instantiated over the VM's structs is code no ReadyToRun image holds.
    private static FieldInfo Field([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields)] Type type, string name) =>
        type.GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new MissingFieldException(type.Name, name);

    private static MethodInfo Runtime(string name) =>
        typeof(TraceRuntime).GetMethod(name) ?? throw new MissingMethodException(nameof(TraceRuntime), name);
}
