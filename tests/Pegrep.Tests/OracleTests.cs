// pegrep --lpeg-json against native LPeg (lua5.4 + lua-lpeg): random re patterns, one Lua process for all of them.
using System.Text;
using PegJit;
using Xunit;

namespace Pegrep.Tests;

public class OracleTests
{
    private const int Seed = 20240318;

    private static readonly string[] Atoms = ["'a'", "'b'", "'ab'", "'c'", "[ab]", "[^a]", "[a-c]", ".", "''"];

    private static readonly string[] Fixed =
    [
        "{[ab]+} {'c'*}",
        "{| {:x: 'a' :} {'b'}* |}",
        "{~ ('a' -> 'A' / .)* ~}",
        "S <- 'a' S 'b' / ''",
        "'a'*",
        "({'a'} / {'b'})* {}",
        "('a'?)*",            // LPeg rejects: loop body may accept the empty string
        "{'a'} => ''",        // not re syntax as LPeg knows it: rejected on both sides
    ];

    [Fact]
    public void LpegJsonAgreesWithNativeLpeg()
    {
        var rng = new Random(Seed);
        using var dir = new TempDir();
        var subjects = new List<byte[]> { Array.Empty<byte>(), new byte[] { (byte)'a', 0xFF, (byte)'b', (byte)'\n', (byte)'c' } };
        while (subjects.Count < 25)
            subjects.Add(Encoding.ASCII.GetBytes(new string(Enumerable.Range(0, rng.Next(0, 7)).Select(_ => "abc"[rng.Next(3)]).ToArray())));
        string subjectsFile = dir.File("subjects.jsonl", string.Join("\n", subjects.Select(s => LpegJson.EncodeByteString(s))) + "\n");

        var patterns = Fixed.Concat(Enumerable.Range(0, 12).Select(_ => Generate(rng, 3))).ToList();
        var files = patterns.Select((p, i) => dir.File($"p{i:D2}.peg", p + "\n")).ToList();

        var lua = External.Run("lua5.4", [Path.Combine(AppContext.BaseDirectory, "lpeg_json.lua"), subjectsFile, .. files]);
        Assert.True(lua.Status == 0, lua.Err);
        var answers = Sections(lua.Out);

        for (int i = 0; i < files.Count; i++)
        {
            var ours = Pegrep.Run("--lpeg-json", "--grammar", files[i], subjectsFile);
            string context = $"pattern {patterns[i]}";
            if (answers[files[i]] is ["error"])
            {
                Assert.True(ours.Status == 2, context + ": LPeg rejects it; pegrep printed " + ours.Out);
                Assert.NotEqual("", ours.Err);
                continue;
            }
            Assert.True(ours.Status == 0, context + ": " + ours.Err);
            Assert.Equal(answers[files[i]], ours.Lines.Select(Normalize).ToList());
        }
    }

    // Runtime error messages are LPeg's in both, but only the fact of the error is compared.
    private static string Normalize(string line) => line.StartsWith("{\"runtime_error\": ", StringComparison.Ordinal) ? "runtime_error" : line;

    private static Dictionary<string, List<string>> Sections(string output)
    {
        var sections = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in output.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal)) sections[line[3..]] = current = [];
            else current!.Add(Normalize(line));
        }
        return sections;
    }

    // A random re expression over a, b, c: sequences, choices, repetitions, predicates and captures.
    private static string Generate(Random rng, int depth)
    {
        if (depth == 0) return Atoms[rng.Next(Atoms.Length)];
        string Sub() => Generate(rng, depth - 1);
        return rng.Next(12) switch
        {
            0 or 1 => Atoms[rng.Next(Atoms.Length)],
            2 => $"({Sub()} {Sub()})",
            3 => $"({Sub()} / {Sub()})",
            4 => $"({Sub()})*",
            5 => $"({Sub()})+",
            6 => $"({Sub()})?",
            7 => rng.Next(2) == 0 ? $"&({Sub()})" : $"!({Sub()})",
            8 => $"{{{Sub()}}}",
            9 => $"({Sub()} {{}})",
            10 => $"{{| {Sub()} |}}",
            _ => $"({Sub()} -> '<%0>')",
        };
    }
}
