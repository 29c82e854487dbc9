// dotnet pack -> local folder feed -> a fresh console project installs PegJit and calls Peg.Match.

using static PegJit.Tests.Shared.SourceCopy;

namespace PegJit.Tests.Package;

public class PackageTests
{
    [Fact]
    public void Packed_library_installs_from_a_local_feed_and_matches()
    {
        string root = RepoRoot();
        string work = Directory.CreateTempSubdirectory("pegjit-pack-").FullName;
        try
        {
            // Pack from a private copy: packing in place would rebuild the shared bin folders under other test runs.
            string copy = Path.Combine(work, "src-copy");
            CopySources(root, copy);
            string feed = Path.Combine(work, "feed");
            var pack = Dotnet(copy, "pack", "src/PegJit/PegJit.csproj", "-c", "Release", "-o", feed, "-p:Version=0.0.1-test");
            Assert.True(pack.Code == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(feed, "PegJit.0.0.1-test.nupkg")), pack.Output);

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work, "packages")}" /></config>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "app.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
                  <ItemGroup><PackageReference Include="PegJit" Version="0.0.1-test" /></ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using PegJit;
                using static PegJit.Pattern;
                var r = Peg.Match(C(R("az") ^ 1) * "=" * C(R("09") ^ 1), "answer=42");
                Console.WriteLine($"{r.Success} {r.Captures[0]} {r.Captures[1]} {Re.Find("x 12 y", "%d+").Start}");
                """);
            var run = Dotnet(app, "run", "-c", "Release");
            Assert.True(run.Code == 0, run.Output);
            Assert.Contains("True answer 42 2", run.Output);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
