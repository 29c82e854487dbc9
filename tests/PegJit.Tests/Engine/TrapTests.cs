// Traps a new user falls into, each closed: LPeg's default init in either position base, Cc(null) as LPeg's
// Cc(nil), and argument errors as PegException subtypes with LPeg's message.
using PegJit;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class TrapTests
{
    private static MatchOptions OneBased(EngineKind engine) => Engines.Options(engine, new MatchOptions { PositionBase = PositionBase.One });

    // A null pattern is an argument error at every entry point, not a NullReferenceException from inside.
    public static TheoryData<string, Action<Pattern>> EntryPoints => new()
    {
        { "Match", p => Peg.Match(p, "a") }, { "Match bytes", p => Peg.Match(p, "a"u8) },
        { "Parse", p => Peg.Parse(p, "a") }, { "Explain", p => Peg.Explain(p, "a"u8) },
        { "Find", p => Peg.Find(p, "a") }, { "IsMatch", p => Peg.IsMatch(p, "a"u8) },
        { "Count", p => Peg.Count(p, "a") }, { "Matches", p => Peg.Matches(p, "a"u8) },
        { "EnumerateMatches", p => Peg.EnumerateMatches(p, "a") }, { "EnumerateMatches bytes", p => Peg.EnumerateMatches(p, "a"u8) },
        { "Replace", p => Peg.Replace(p, "a", "b") }, { "Replace evaluator", p => Peg.Replace(p, "a", _ => "b") },
        { "extension", p => p.IsMatch("a") },
    };

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void A_null_pattern_is_an_argument_error(string entry, Action<Pattern> call)
    {
        var e = Assert.Throws<ArgumentNullException>(() => call(null!));
        Assert.True(e.ParamName == "pattern", entry);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void One_based_positions_start_at_the_start_by_default(EngineKind engine)
    {
        var o = OneBased(engine);
        var m = Peg.Match(P("a"), "ab", options: o);
        Assert.True(m.Success);
        Assert.Equal(1, m.Start);
        Assert.Equal(2, m.End);
        Assert.Equal(3, Peg.Find(P("b"), "aab", options: o).Start);
        Assert.Equal(2, Peg.Matches(P("a"), "aab", options: o).Count);
        Assert.Equal(2, Peg.Count(P("a"), "aab", options: o));
        Assert.True(Peg.IsMatch(P("b"), "ab", options: o));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void An_explicit_init_keeps_lpegs_rule(EngineKind engine)
    {
        var o = OneBased(engine);
        // 1-based: 0 and -0 mean the end, 2 the second character, -1 the last.
        Assert.False(Peg.Match(P("a"), "ab", 0, o).Success);
        Assert.True(Peg.Match(P(true), "ab", 0, o).Success);
        Assert.True(Peg.Match(P("b"), "ab", 2, o).Success);
        Assert.True(Peg.Match(P("b"), "ab", -1, o).Success);
        Assert.True(Peg.Match(P("a"), "ab", 0, Engines.Options(engine)).Success);   // 0-based: 0 is the start
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Cc_of_null_is_one_null_value(EngineKind engine)
    {
        var m = Peg.Match(Cc(null) * P("x"), "x", options: Engines.Options(engine));
        Assert.True(m.Success);
        Assert.Single(m.Captures);
        Assert.Null(m.Captures[0]);
        var two = Peg.Match(Cc(null, 1), "", options: Engines.Options(engine));
        Assert.Equal(new object?[] { null, 1 }, two.Captures);
    }

    public static TheoryData<string, Func<Pattern>> ArgumentErrors => new()
    {
        { "invalid argument index", () => Carg(0) },
        { "empty range", () => UtfR(1, 0) },
        { "invalid code point", () => UtfR(0, 0x110000) },
        { "invalid code point (from)", () => UtfR(-1, 5) },
        { "non-nil value expected", () => V(null!) },
        { "range must have two characters", () => R("abc") },
        { "invalid number", () => P("a") / -1 },
    };

    [Theory]
    [MemberData(nameof(ArgumentErrors))]
    public void Argument_errors_are_peg_exceptions_with_lpegs_message(string message, Func<Pattern> build)
    {
        var e = Assert.Throws<PegArgumentException>(build);
        Assert.StartsWith(message.Split(" (")[0], e.Message);
        if (message.EndsWith("(from)", StringComparison.Ordinal)) Assert.Equal("from", e.ParamName);   // the argument at fault
        Assert.IsAssignableFrom<PegException>(e);
    }

    // A back-reference compares the bytes the group matched, whatever the subject's type: a group that ends inside a
    // character (one byte of "é") has no exact UTF-16 text, and read as text it became "" and matched anywhere.
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_back_reference_compares_bytes_over_a_string_too(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var p = Re.Compile("{:y: %L :} &=y");
        Assert.False(Peg.Find(p, "é", options: o).Success);
        Assert.False(Peg.Find(p, "é"u8, options: o).Success);
        Assert.Equal(0, Peg.Find(Re.Compile("{:y: %L :} =y"), "!!", options: o).Start);
        Assert.Equal(1, Peg.Find(Re.Compile("{:y: .. :} =y"), "aéé", options: o).Start);   // ".." is the two bytes of "é"
    }
}
