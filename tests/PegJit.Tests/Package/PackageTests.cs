// dotnet pack -> local folder feed -> a fresh console project installs PegJit and calls Peg.Match.

using static PegJit.Tests.Shared.SourceCopy;

namespace PegJit.Tests.Package;

public class PackageTests
{
    [Fact]
    public void Packed_library_installs_from_a_local_feed_and_matches()
    {
        string work = Directory.CreateTempSubdirectory("pegjit-pack-").FullName;
        try
        {
            var pack = PackToLocalFeed(work, "0.0.1-test");
            Assert.True(pack.Code == 0, pack.Output);
            Assert.True(File.Exists(Path.Combine(work, "feed", "PegJit.0.0.1-test.nupkg")), pack.Output);

            string app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
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
