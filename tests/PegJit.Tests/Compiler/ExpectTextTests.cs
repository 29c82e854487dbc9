// The words of a failure report alone: literals, classes, code point ranges, and what a node expects first.
using PegJit.Compiler;
using PegJit.Vm;
using static PegJit.Pattern;

namespace PegJit.Tests.Compiler;

public class ExpectTextTests
{
    [Fact]
    public void Literals_are_quoted_as_re_quotes_them()
    {
        Assert.Equal("'true'", ExpectText.Literal("true"u8));
        Assert.Equal("\"it's\"", ExpectText.Literal("it's"u8));
        Assert.Equal("'\\n'", ExpectText.Literal("\n"u8));
        Assert.Equal("'é'", ExpectText.Literal("é"u8));
        Assert.Equal("'\\xc3'", ExpectText.Literal([0xC3]));
    }

    [Fact]
    public void Classes_read_as_re_classes()
    {
        Assert.Equal("[0-9]", ExpectText.Class(Charset.Range('0', '9')));
        Assert.Equal("[ab]", ExpectText.Class(Charset.Range('a', 'b')));
        Assert.Equal("[+-]", ExpectText.Class(Charset.OfBytes("+-"u8)));
        Assert.Equal("[^\"\\]", ExpectText.Class(~Charset.OfBytes("\"\\"u8)));
        Assert.Equal("[\\t-\\r ]", ExpectText.Class(Charset.OfBytes("\t\n\v\f\r "u8)));
        Assert.Equal("','", ExpectText.Class(Charset.Of((byte)',')));
        Assert.Equal(ExpectText.AnyCharacter, ExpectText.Class(Charset.Full));
        Assert.Equal("[α-ω]", ExpectText.CodePoints(0x3B1, 0x3C9));
        Assert.Equal("[\\u{85}]", ExpectText.CodePoints(0x85, 0x85));
    }

    [Fact]
    public void First_names_the_leftmost_parts()
    {
        Assert.Equal(["'true'", "'false'"], ExpectText.First((P("true") + P("false")).Node));
        Assert.Equal(["'-'", "[0-9]"], ExpectText.First(((P("-") ^ -1) * R("09")).Node));
        Assert.Equal(["end of input"], ExpectText.First((-P(1)).Node));
        Assert.Equal(["'a'"], ExpectText.First(C(P("a") ^ 1).Node));
        Assert.Empty(ExpectText.First(P("a").And().Node));
    }
}
