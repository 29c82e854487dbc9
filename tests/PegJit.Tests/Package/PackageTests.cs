// dotnet pack -> local folder feed -> a fresh console project installs PegJit and calls Peg.Match.
using System.Diagnostics;

namespace PegJit.Tests.Package;

public class PackageTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PegJit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PegJit.sln not found above the test assembly");
    }

    private static (int code, string output) Dotnet(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }

    private static void CopySources(string root, string dest)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "README.md" })
            File.Copy(Path.Combine(root, file), Path.Combine(dest, file).EnsureDir());
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(root, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            File.Copy(file, Path.Combine(dest, rel).EnsureDir());
        }
    }

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
            Assert.True(pack.code == 0, pack.output);
            Assert.True(File.Exists(Path.Combine(feed, "PegJit.0.0.1-test.nupkg")), pack.output);

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
            Assert.True(run.code == 0, run.output);
            Assert.Contains("True answer 42 2", run.output);
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the file's directory and returns the path.</summary>
    public static string EnsureDir(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
