// Known LPeg answers -> checks that the oracle script, its JSON and its client say what LPeg says.
using System.Text;
using Xunit;

namespace PegJit.Tests.Oracle;

public class OracleSelfTests
{
    private const string Missing = "lua5.4 + lua-lpeg missing: apt-get install -y lua5.4 lua-lpeg";

    private static OracleAnswer Ask(string pattern, params string[] subjects) =>
        Ask(new OracleRequest(pattern, subjects.Select(s => Encoding.Latin1.GetBytes(s)).ToArray()));

    private static OracleAnswer Ask(OracleRequest request)
    {
        Assert.True(LpegOracle.IsAvailable, Missing);
        return Assert.Single(LpegOracle.Run([request]));
    }

    [Fact]
    public void Matches_return_captures_or_the_position_after_the_match()
    {
        var answer = Ask("{ 'a'+ }", "aab", "b");
        Assert.Null(answer.Error);
        Assert.Equal(["[\"aa\"]", OracleAnswer.NoMatch], answer.Results);
        Assert.Equal(["[2]"], Ask("'a'", "ab").Results);
        Assert.Equal([OracleAnswer.NoMatch], Ask("'a'", "b").Results);
    }

    [Fact]
    public void Rejected_patterns_answer_an_error()
    {
        Assert.NotNull(Ask("'a' [", "a").Error);
        Assert.Contains("left recursive", Ask("S <- S 'a'", "a").Error);
        Assert.Contains("empty string", Ask("('a'?)*", "a").Error);
    }

    [Fact]
    public void Runtime_errors_are_marked_per_subject()
    {
        var answer = Ask("=x / 'b'", "a");
        Assert.True(OracleAnswer.IsRuntimeError(Assert.Single(answer.Results)), answer.Results[0]);
    }

    [Fact]
    public void Tables_bytes_and_numbers_use_the_shared_encoding()
    {
        Assert.Equal(["[{\"1\":\"b\",\"x\":\"a\"}]"], Ask("{| {:x: 'a' :} {'b'} |}", "ab").Results);
        Assert.Equal(["[\"\\u00e9\\u0022\\u0000\",4]"], Ask("{...} {}", "\u00e9\"\0").Results);
        Assert.Equal(["[\"a\",3]"], Ask("{'a'} 'b'? -> 0 {}", "ab").Results);
    }

    [Fact]
    public void Pattern_text_goes_as_utf8_and_init_is_one_based()
    {
        Assert.Equal(["[3]"], Ask(new OracleRequest("'é'", [[0xC3, 0xA9]])).Results);
        var fromTwo = new OracleRequest("'b'", ["ab"u8.ToArray(), "ba"u8.ToArray()], Init: 2);
        Assert.Equal(["[3]", OracleAnswer.NoMatch], Ask(fromTwo).Results);
    }

    [Fact]
    public void Client_encoding_agrees_with_the_script()
    {
        var table = new PegTable();
        table.List.Add("b"u8.ToArray());
        table.Named["x"] = "a";
        Assert.Equal(Ask("{| {:x: 'a' :} {'b'} |}", "ab").Results[0], LpegJson.EncodeValues([table]));
        Assert.Equal([0xE9, 0x22, 0x00], LpegJson.DecodeByteString("\"\\u00e9\\\"\\u0000\""));
    }

    [Fact]
    public void A_batch_of_thousands_answers_in_order()
    {
        var requests = Enumerable.Range(0, 3000)
            .Select(i => new OracleRequest("{ 'a'^" + (i % 5) + " }", ["aaaaaa"u8.ToArray()]))
            .ToArray();
        Assert.True(LpegOracle.IsAvailable, Missing);
        var answers = LpegOracle.Run(requests);
        for (int i = 0; i < requests.Length; i++)
            Assert.Equal($"[\"{new string('a', i % 5)}\"]", answers[i].Results[0]);
    }
}
