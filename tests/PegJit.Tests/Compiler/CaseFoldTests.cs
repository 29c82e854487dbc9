// Pattern.IgnoreCase: the case-folded tree matches ASCII letters in either case, on every engine, and keeps search facts.
using PegJit.Vm;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Compiler;

public class CaseFoldTests
{
    // (re pattern, subject, expected match end or null): anchored matches of the folded pattern.
    public static readonly (string Pattern, string Subject, int? End)[] Cases =
    [
        ("'beta'", "BeTa!", 4),
        ("'beta'", "beta", 4),
        ("'beta'", "bet", null),
        ("'a1_b'", "A1_B", 4),
        ("'1'", "1", 1),
        ("[a-c]+", "AbCd", 3),
        ("[A-C]+", "abcd", 3),
        ("[^a]", "A", null),                  // the complement of a folded set: neither case
        ("[^a]", "b", 1),
        ("[^a-z]", "Q", null),                // [^a-z] excludes every letter, as grep -i
        ("[^a-z]", "1", 1),
        ("%A", "a", null),
        ("%u+", "abcDEF", 6),                 // a class folds too: %u is [A-Z]
        ("{:x: [a-z]+ :} ' ' =x", "Hello HELLO", 11),
        ("{:x: [a-z]+ :} ' ' =x", "Hello HELP", null),
        ("S <- 'x' S / 'Y'", "XxXy", 4),      // a grammar: its rules fold
        ("'é'", "é", 2),                      // non-ASCII bytes match as written...
        ("'é'", "É", null),                   // ...and do not fold
        ("&'ab' 'AB'", "aB", 2),
        ("!'ab' .", "AB", null),
    ];

    public static IEnumerable<object[]> Rows => Engines.Cross(Cases);

    [Theory]
    [MemberData(nameof(Rows))]
    public void Folded_pattern_matches_either_case(EngineKind engine, (string Pattern, string Subject, int? End) c)
    {
        var pattern = Re.Compile(c.Pattern).IgnoreCase();
        var subject = System.Text.Encoding.UTF8.GetBytes(c.Subject);
        var r = Peg.Match(pattern, subject, 0, Engines.Options(engine));
        Assert.Equal(c.End, r.Success ? r.End : null);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Folded_search_finds_every_case_in_a_long_subject(EngineKind engine)
    {
        var text = string.Concat(Enumerable.Repeat("xx NeEdLe yy needle zz NEEDLE ", 200));
        int count = Peg.Count(Re.Compile("'needle'").IgnoreCase(), text, 0, Engines.Options(engine));
        Assert.Equal(600, count);
        Assert.Equal(0, Peg.Count(Re.Compile("'needle'"), "NEEDLE Needle", 0, Engines.Options(engine)));
    }

    [Fact]
    public void A_folded_literal_gives_sets_at_fixed_distances()
    {
        var facts = Re.Compile("'needle'").IgnoreCase().SearchFacts;
        Assert.Equal(SearchStrategy.FixedSets, facts.Strategy);
        Assert.Equal(6, facts.MinLength);
        Assert.True(facts.Sets[0].Contains('n') && facts.Sets[0].Contains('N'));
    }

    [Fact]
    public void Folding_keeps_captures_lookbehind_and_leaves_the_original_alone()
    {
        var original = C(P("ab")) * B(P("b"));
        var folded = original.IgnoreCase();
        Assert.Equal("AB", Peg.Match(folded, "AB").Values[0]);
        Assert.False(Peg.Match(original, "AB").Success);
        Assert.Equal(Re.Compile("[aA][bB]").IgnoreCase().DumpCode(), Re.Compile("'ab'").IgnoreCase().DumpCode());
    }

    [Fact]
    public void A_utf8_range_folds_its_ascii_part_only()
    {
        var p = UtfR('a', 0x10FFFF).IgnoreCase();
        Assert.True(Peg.Match(p, "A").Success);
        Assert.True(Peg.Match(p, "é").Success);
        Assert.False(Peg.Match(UtfR(0xE0, 0xFF).IgnoreCase(), "\u00c0").Success);   // À is not folded to à
    }
}
