// The facade's promises: caller units for strings, init positions, search, all matches, replace.
using System.Text;
using PegJit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class FacadeTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void String_results_are_in_utf16_units(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var p = P("é") * C(R("az") ^ 1) * Cp();
        var r = Peg.Match(p, "ébc!", 0, o);
        Assert.True(r.Success);
        Assert.Equal(3, r.End);                       // 'é' is two bytes but one char
        Assert.Equal(new object?[] { "bc", 3 }, r.Captures);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Byte_results_are_byte_arrays_and_offsets(EngineKind engine)
    {
        var r = Peg.Match(C(P(2)) * Cp(), "éx"u8, 0, Engines.Options(engine));
        Assert.Equal(new byte[] { 0xC3, 0xA9 }, (byte[])r.Captures[0]!);
        Assert.Equal(2, r.Captures[1]);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Init_counts_from_the_end_when_negative(EngineKind engine)
    {
        var o = Engines.Options(engine);
        Assert.Equal(5, Peg.Match(P("c"), "abcac", -1, o).End);
        Assert.False(Peg.Match(P("c"), "abcac", -2, o).Success);
        Assert.Equal(3, Peg.Match(P("c"), "abcac", 2, o).End);
        Assert.Equal(5, Peg.Match(P(true), "abcac", 99, o).End);
        var lpeg = Engines.Options(engine, new MatchOptions { PositionBase = PositionBase.One });
        Assert.Equal(4, Peg.Match(P("c"), "abcac", 3, lpeg).End);       // LPeg: match("abcac", "c", 3) == 4
        Assert.Equal(6, Peg.Match(P(true), "abcac", 0, lpeg).End);      // LPeg: init 0 is the end
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Find_skips_to_the_first_match(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var r = Peg.Find(C(R("09") ^ 1), "ab 123 45", 0, o);
        Assert.Equal((3, 6, "123"), (r.Start, r.End, (string)r.Value!));
        Assert.Equal(7, Peg.Find(R("09") ^ 1, "ab 123 45", 6, o).Start);
        Assert.False(Peg.Find(P("z"), "ab 123 45", 0, o).Success);
        Assert.Equal(4, Peg.Find(-P(1), "abcd", 0, o).Start);          // matches only at the end
        Assert.Equal(1, Peg.Find(P("b"), "éb", 0, o).Start);            // positions in chars, not bytes
        Assert.False(Peg.Find(P(new byte[] { 0xA9 }), "é", 0, o).Success); // no start inside a character
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Matches_are_non_overlapping_and_move_past_empty_matches(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var words = Peg.Matches(C(R("az") ^ 1), "one two  three", 0, o).Select(m => (string)m.Value!).ToArray();
        Assert.Equal(["one", "two", "three"], words);
        var empties = Peg.Matches(R("az") ^ 0, "ab1", 0, o).Select(m => (m.Start, m.End)).ToArray();
        Assert.Equal([(0, 2), (2, 2), (3, 3)], empties);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Replace_is_gsub(EngineKind engine)
    {
        var o = Engines.Options(engine);
        Assert.Equal("x=[1] y=[22]", Peg.Replace(C(R("09") ^ 1), "x=1 y=22", "[%1]", o));
        Assert.Equal("HELLO world", Peg.Replace(P("hello"), "hello world", m => "HELLO", o));
        Assert.Equal("a-b-c", Re.Gsub("a b c", "' '", "-", o));
    }

    [Fact]
    public void Re_module_functions_work_on_strings()
    {
        Assert.Equal("42", Re.Match("42abc", "{%d+}").Value);
        Assert.Equal(2, Re.Find("ab42", "%d").Start);
    }

    [Fact]
    public void Syntax_errors_carry_line_column_and_caret()
    {
        var e = Assert.Throws<PegSyntaxException>(() => Re.Compile("S <- 'a'\n   / [b"));
        Assert.Equal(2, e.Line);
        Assert.Contains("^", e.Snippet);
        Assert.Contains("line 2", e.Message);
    }

    [Fact]
    public void Locale_classes_are_ascii_ctype()
    {
        var classes = Locale();
        Assert.True(Peg.Match(classes["alpha"] ^ 1, "abcXYZ").End == 6);
        Assert.False(Peg.Match(classes["digit"], "a").Success);
        Assert.Equal(11, classes.Count);
    }

    [Fact]
    public void Utf8_subject_text_round_trips_through_captures()
    {
        var text = "naïve café — ok";
        var r = Peg.Match(C(P(1) ^ 0), text);
        Assert.Equal(text, r.Value);
        Assert.Equal(text.Length, r.End);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), Peg.Match(P(1) ^ 0, Encoding.UTF8.GetBytes(text)).End);
    }
}
