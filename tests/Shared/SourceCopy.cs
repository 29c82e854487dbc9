// What the package tests share: the repository's root, a private copy of its sources to pack, and dotnet runs.
using System.Diagnostics;

namespace PegJit.Tests.Shared;

internal static class SourceCopy
{
    /// <summary>The folder holding PegJit.sln, above the test assembly.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PegJit.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PegJit.sln not found above the test assembly");
    }

    /// <summary>
    /// Copies the build files and src/ (without bin and obj) to <paramref name="dest"/>: packing in place would rebuild
    /// the shared bin folders under other test runs.
    /// </summary>
    public static void CopySources(string root, string dest)
    {
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "global.json", "README.md" })
            Copy(Path.Combine(root, file), Path.Combine(dest, file));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(root, file);
            if (rel.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            Copy(file, Path.Combine(dest, rel));
        }
    }

    /// <summary>
    /// Packs the library from a private copy of the sources into a folder feed under <paramref name="work"/>, with a
    /// nuget.config there that makes it the only source (and a private packages folder), so that projects created
    /// below <paramref name="work"/> install the package as a user would. With <paramref name="withMachineSources"/> the
    /// machine's sources and package folder stay usable too (for toolchain packages such as NativeAOT's compiler).
    /// <paramref name="properties"/> are MSBuild properties (Name=Value) for the pack. Returns its exit code and output.
    /// </summary>
    public static (int Code, string Output) PackToLocalFeed(string work, string version, bool withMachineSources = false, params string[] properties)
    {
        string copy = Path.Combine(work, "src-copy");
        CopySources(RepoRoot(), copy);
        string feed = Path.Combine(work, "feed");
        // Written after packing: the copy's own restore keeps the machine's sources.
        var pack = Dotnet(copy, ["pack", "src/PegJit/PegJit.csproj", "-c", "Release", "-o", feed, $"-p:Version={version}", .. properties.Select(p => $"-p:{p}")]);
        File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
            <configuration>
              <packageSources>{(withMachineSources ? "" : "<clear />")}<add key="local" value="{feed}" /></packageSources>
              <config><add key="globalPackagesFolder" value="{Path.Combine(work, "packages")}" /></config>
              {(withMachineSources ? $"<fallbackPackageFolders><add key=\"machine\" value=\"{MachinePackages()}\" /></fallbackPackageFolders>" : "")}
            </configuration>
            """);
        return pack;
    }

    private static string MachinePackages() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to);
    }

    /// <summary>Runs dotnet in <paramref name="workDir"/>; its exit code and everything it printed.</summary>
    public static (int Code, string Output) Dotnet(string workDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", args) { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout + stderr.Result);
    }
}
