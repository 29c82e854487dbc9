// A console app using the packed library, published with NativeAOT: it must build without trim or AOT warnings and match
// with the interpreter, the JIT asked for or not.

using static PegJit.Tests.Shared.SourceCopy;

namespace PegJit.Tests.Package;

public class NativeAotTests
{
    // Exercises what an AOT user reaches: re grammars, combinators, tables, function and fold captures, search,
    // replace, typed reads, the JIT asked for (it must stand aside), and the diagnostics of a pattern never traced.
    private const string App = """
        using PegJit;
        using static PegJit.Pattern;

        var list = Re.Compile(@"
            list <- {| item (',' item)* |}
            item <- %s* {%d+} -> tonumber %s*", new Dictionary<string, object?> { ["tonumber"] = (CaptureFunction)(v => double.Parse((string)v[0]!)) });
        var always = MatchOptions.Default with { Jit = TracerOptions.Default with { Mode = JitMode.Always } };
        var t = Peg.Match(list, "1, 22 ,333", options: always).Get<PegTable>(0);
        var sum = Cf(C(R("09") ^ 1) / (v => int.Parse((string)v[0]!)) * ((P("+") * C(R("09") ^ 1) / (v => int.Parse((string)v[0]!))) ^ 0),
            v => (int)v[0]! + (int)v[1]!);
        var words = Re.Compile("[a-z]+");
        for (int i = 0; i < 2000; i++) Peg.Count(words, "hot loop of many words ", options: always);   // would be hot with a JIT
        Console.WriteLine(string.Join(" ", new object[]
        {
            t.Count, t.Get<double>(2),
            Peg.Match(sum, "1+2+39").Get<int>(0),
            Peg.Count(words, "three small words", options: always),
            Peg.Replace(Re.Compile("{%d+}"), "a1 b22", "<%1>"),
            Peg.Find(Re.Compile("'x' {[0-9]+}"), "..x12..").GetString(0),
            JitDiagnostics.Statistics(words, always.Jit) is null ? "no-tracer" : "tracer",
        }));
        """;

    [Fact]
    public void A_native_app_builds_clean_and_matches_with_the_interpreter()
    {
        string work = Directory.CreateTempSubdirectory("pegjit-aot-").FullName;
        try
        {
            var pack = PackToLocalFeed(work, "0.0.1-aot", withMachineSources: true);
            Assert.True(pack.Code == 0, pack.Output);
            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "app.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable><PublishAot>true</PublishAot><InvariantGlobalization>true</InvariantGlobalization>
                  </PropertyGroup>
                  <ItemGroup><PackageReference Include="PegJit" Version="0.0.1-aot" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), App);
            string output = Path.Combine(work, "out");
            var publish = Dotnet(app, "publish", "-c", "Release", "-r", "linux-x64", "-o", output);
            Assert.True(publish.Code == 0, publish.Output);
            // Trim (IL2xxx) and AOT (IL3xxx) analysis of the library's own code: none may warn.
            var warnings = publish.Output.Split('\n').Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"warning IL[23]\d{3}")).ToArray();
            Assert.True(warnings.Length == 0, string.Join('\n', warnings));

            var run = Run(Path.Combine(output, "app"));
            Assert.True(run.Code == 0, run.Output);
            Assert.Equal("3 333 42 3 a<1> b<22> 12 no-tracer", run.Output.Trim());
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static (int Code, string Output) Run(string exe)
    {
        var psi = new System.Diagnostics.ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
