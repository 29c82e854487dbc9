// Each tree analysis alone: nullable, nofail, fixed length, first set, head-fail, has-captures.
using PegJit.Compiler;
using PegJit.Vm;
using static PegJit.Pattern;

namespace PegJit.Tests.Compiler;

public class AnalysisTests
{
    private static Node N(Pattern p) => p.Node;

    [Fact]
    public void Nullable_and_nofail_differ_only_for_predicates()
    {
        Assert.True(Analysis.Nullable(N(P("a") ^ 0)));
        Assert.True(Analysis.NoFail(N(P("a") ^ 0)));
        Assert.True(Analysis.Nullable(N(P("a").And())));
        Assert.False(Analysis.NoFail(N(P("a").And())));
        Assert.True(Analysis.Nullable(N(-P("a"))));
        Assert.False(Analysis.NoFail(N(-P("a"))));
        Assert.False(Analysis.Nullable(N(P("a") * (P("b") ^ 0))));
        Assert.True(Analysis.Nullable(N(P("a") + P(true))));
    }

    [Fact]
    public void Fixed_length_is_known_for_sequences_and_equal_choices()
    {
        Assert.Equal(3, Analysis.FixedLength(N(P("abc"))));
        Assert.Equal(2, Analysis.FixedLength(N(P("ab") + P("cd"))));
        Assert.Equal(-1, Analysis.FixedLength(N(P("ab") + P("c"))));
        Assert.Equal(-1, Analysis.FixedLength(N(P("a") ^ 0)));
        Assert.Equal(1, Analysis.FixedLength(N(C(P(1)) * -P("x"))));
        Assert.Equal(2, Analysis.FixedLength(N(UtfR(0x80, 0x7FF))));
        Assert.Equal(-1, Analysis.FixedLength(N(UtfR(0x7F, 0x800))));
    }

    [Fact]
    public void First_set_follows_nullable_prefixes()
    {
        int e = Analysis.FirstSet(N((P("a") ^ 0) * P("b")), Charset.Full, out var first);
        Assert.Equal(0, e);
        Assert.Equal(Charset.OfBytes("ab"u8), first);

        e = Analysis.FirstSet(N(P("a") ^ 0), Charset.Of((byte)'z'), out first);
        Assert.Equal(Analysis.AcceptsEmpty, e);
        Assert.Equal(Charset.OfBytes("az"u8), first);

        e = Analysis.FirstSet(N(-S("xy")), Charset.Full, out first);
        Assert.Equal(~Charset.OfBytes("xy"u8), first);

        e = Analysis.FirstSet(N(Cmt(P(true), (_, _, _) => true)), Charset.Full, out _);
        Assert.Equal(Analysis.HasMatchTime, e);
    }

    [Fact]
    public void Head_fail_means_only_the_first_byte_can_fail()
    {
        Assert.True(Analysis.HeadFail(N(P("a"))));
        Assert.True(Analysis.HeadFail(N(P("a") * (P("b") ^ 0))));
        Assert.False(Analysis.HeadFail(N(P("ab"))));
        Assert.True(Analysis.HeadFail(N(P("a") + P("b"))));
        Assert.False(Analysis.HeadFail(N(P("a") ^ 0)));
    }

    [Fact]
    public void Has_captures_follows_calls_without_looping()
    {
        Assert.False(Analysis.HasCaptures(N(P("a") * P("b"))));
        Assert.True(Analysis.HasCaptures(N(P("a") * Cp())));
        var g = Grammar(("S", P("a") * V("S") + V("T")), ("T", C(P("b"))));
        Assert.True(Analysis.HasCaptures(N(g)));
        var loop = Grammar(("S", P("a") * V("S") + P("b")));
        Assert.False(Analysis.HasCaptures(N(loop)));
    }
}
