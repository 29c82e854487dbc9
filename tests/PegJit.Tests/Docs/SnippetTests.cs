// Doc examples and README code blocks -> one console program, built and run once; each snippet must run and print what it says.
//
// The rules for writers:
// - Every ```csharp block of README.md and src/PegJit/README.md is compiled and run as pasted into a new console project
//   (implicit usings on, as `dotnet new console` makes it), so it is complete statements and brings its own `using PegJit;`.
//   A deliberate fragment is fenced ```text or ```cs-fragment instead, and is not compiled.
// - Every <example><code> of the package's XML docs is compiled and run the same way, with `using PegJit;` and
//   `using static PegJit.Pattern;` given (the page it stands on is about PegJit).
// - A line that ends in `// prints: text` states output: the lines the snippet prints, in order, must be exactly the texts
//   of its `// prints:` comments. A snippet without such comments only has to run without an exception.
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PegJit.Tests.Api;
using static PegJit.Tests.Shared.SourceCopy;

namespace PegJit.Tests.Docs;

public partial class SnippetTests
{
    /// <summary>One piece of code to compile and run: where it comes from, the line its body starts on there, its
    /// using directives and its statements.</summary>
    internal sealed record Snippet(string Name, string File, int Line, IReadOnlyList<string> Usings, string Body)
    {
        /// <summary>The texts of the body's <c>// prints:</c> comments, in order.</summary>
        public IReadOnlyList<string> Expected => Body.Split('\n').Select(l => Prints().Match(l)).Where(m => m.Success)
            .Select(m => m.Groups[1].Value.TrimEnd()).ToList();
    }

    private sealed record Outcome(string Name, string? Error, string Output);

    internal static readonly string[] Readmes = ["README.md", "src/PegJit/README.md"];

    [Fact]
    public void Every_doc_example_and_readme_block_compiles_and_runs_as_it_says()
    {
        string root = RepoRoot();
        var snippets = FromXmlDocs().Concat(Readmes.SelectMany(r => FromMarkdown(root, r))).ToList();
        foreach (string readme in Readmes)
            Assert.True(snippets.Any(s => s.File == readme), $"no ```csharp block found in {readme}");
        Assert.True(snippets.Count(s => s.File.EndsWith(".xml", StringComparison.Ordinal)) >= 20, "too few XML doc examples found");

        string work = Directory.CreateTempSubdirectory("pegjit-snippets-").FullName;
        try
        {
            WriteProject(work, snippets);
            string results = Path.Combine(work, "results.json");
            var run = Dotnet(work, "run", "-c", "Release", "--", results);
            Assert.True(run.Code == 0 && File.Exists(results), "the snippets did not build or run:\n" + Errors(run.Output));
            var outcomes = JsonSerializer.Deserialize<List<Outcome>>(File.ReadAllText(results))!;
            var problems = new List<string>();
            foreach (var (snippet, outcome) in snippets.Zip(outcomes))
            {
                if (outcome.Error is not null) { problems.Add($"{snippet.Name} threw:\n{outcome.Error}"); continue; }
                var printed = outcome.Output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.TrimEnd()).ToList();
                if (outcome.Output.Length == 0) printed.Clear();
                var expected = snippet.Expected;
                if (expected.Count > 0 && !expected.SequenceEqual(printed))
                    problems.Add($"{snippet.Name} printed:\n  {string.Join("\n  ", printed)}\nbut its comments say:\n  {string.Join("\n  ", expected)}");
            }
            Assert.True(problems.Count == 0, string.Join("\n\n", problems));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void Markdown_blocks_are_read_by_the_fence_rule()
    {
        string dir = Directory.CreateTempSubdirectory("pegjit-md-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "x.md"),
                "text\n```csharp\nusing PegJit;\nvar a = 1;\n```\n```cs-fragment\nnot code\n```\n```text\nnor this\n```\n");
            var s = Assert.Single(FromMarkdown(dir, "x.md"));
            Assert.Equal(["using PegJit;"], s.Usings);
            Assert.Equal("var a = 1;", s.Body.Trim());
            Assert.Equal(4, s.Line);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // ---- extraction ------------------------------------------------------------------------------

    internal static IEnumerable<Snippet> FromXmlDocs()
    {
        string[] given = ["using PegJit;", "using static PegJit.Pattern;"];
        foreach (var (id, doc) in DocTests.LoadDocs().OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            int k = 0;
            foreach (var code in doc.Elements("example").Elements("code"))
            {
                var (usings, body, _) = Split(Dedent(code.Value));
                yield return new Snippet($"{id} (example {++k})", id + ".xml", 1, given.Concat(usings).Distinct().ToList(), body);
            }
        }
    }

    internal static IEnumerable<Snippet> FromMarkdown(string root, string relative)
    {
        var lines = File.ReadAllLines(Path.Combine(root, relative));
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            var (usings, body, skipped) = Split(string.Join("\n", lines[start..end]));
            yield return new Snippet($"{relative}:{start + 1}", relative, start + 1 + skipped, usings, body);
            i = end;
        }
    }

    // The leading using directives (and blank lines among them), the statements after them, and how many lines that skipped.
    private static (List<string> Usings, string Body, int Skipped) Split(string code)
    {
        var lines = code.Split('\n');
        var usings = new List<string>();
        int i = 0;
        for (; i < lines.Length; i++)
        {
            string t = lines[i].Trim();
            if (t.StartsWith("using ", StringComparison.Ordinal) && t.EndsWith(';') && !t.Contains('(') && !t.Contains('=')) usings.Add(t);
            else if (t.Length > 0) break;
        }
        return (usings, string.Join("\n", lines[i..]), i);
    }

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r", "").Split('\n').SkipWhile(string.IsNullOrWhiteSpace).Reverse().SkipWhile(string.IsNullOrWhiteSpace).Reverse().ToList();
        int indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    // ---- the program -----------------------------------------------------------------------------

    private static void WriteProject(string dir, List<Snippet> snippets)
    {
        var refs = DocTests.Shipped.Select(a => $"    <Reference Include=\"{a.Location}\" />");
        File.WriteAllText(Path.Combine(dir, "Snippets.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings><Nullable>enable</Nullable>
                <!-- Snippets show a call and may leave its result unused; a using given to an example may be repeated. -->
                <NoWarn>$(NoWarn);CS0105;CS0168;CS0219;CS8321</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {string.Join("\n", refs)}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(dir, "nuget.config"),
            "<configuration><packageSources><clear /></packageSources></configuration>");
        for (int i = 0; i < snippets.Count; i++)
        {
            var s = snippets[i];
            var sb = new StringBuilder();
            foreach (string u in s.Usings) sb.Append(u).Append('\n');
            sb.Append($"namespace Snippets;\n\ninternal static class Snippet{i}\n{{\n    public static void Run()\n    {{\n");
            sb.Append($"#line {s.Line} \"{s.File}\"\n").Append(s.Body).Append("\n#line default\n    }\n}\n");
            File.WriteAllText(Path.Combine(dir, $"Snippet{i}.cs"), sb.ToString());
        }
        File.WriteAllText(Path.Combine(dir, "Program.cs"), $$"""
            // Runs each snippet with the console captured; writes [{Name, Error, Output}] as JSON to args[0].
            Action[] runs = [{{string.Join(", ", snippets.Select((_, i) => $"Snippets.Snippet{i}.Run"))}}];
            string[] names = [{{string.Join(", ", snippets.Select(s => JsonSerializer.Serialize(s.Name)))}}];
            var outcomes = new List<Outcome>();
            var console = Console.Out;
            for (int i = 0; i < runs.Length; i++)
            {
                var output = new StringWriter();
                Console.SetOut(output);
                string? error = null;
                try { runs[i](); }
                catch (Exception e) { error = e.ToString(); }
                finally { Console.SetOut(console); }
                outcomes.Add(new Outcome(names[i], error, output.ToString()));
            }
            File.WriteAllText(args[0], System.Text.Json.JsonSerializer.Serialize(outcomes));

            internal sealed record Outcome(string Name, string? Error, string Output);
            """);
    }

    // The compiler's error lines (mapped to README lines and doc ids by #line), or everything when there are none.
    private static string Errors(string output)
    {
        var errors = output.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().ToList();
        return errors.Count > 0 ? string.Join("\n", errors) : output;
    }

    [GeneratedRegex(@"//\s*prints:\s?(.*)$")]
    private static partial Regex Prints();
}
