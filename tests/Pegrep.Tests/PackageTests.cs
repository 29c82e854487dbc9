// dotnet pack (the pointer and 'any' packages) + dotnet pack -r linux-x64 (NativeAOT) -> dotnet tool install from a
// local feed -> the installed pegrep is the native one, searches, and hands --engine jit (and long whole files matched
// whole) to the JIT-capable build.
using System.Runtime.InteropServices;
using Xunit;

using PegJit.Tests.Shared;
using static PegJit.Tests.Shared.SourceCopy;

namespace Pegrep.Tests;

public class PackageTests
{
    [Fact]
    public void TheInstalledToolIsNativeSearchesAndReachesTheJit()
    {
        // The native package is built for the machine it is packed on; CI is linux-x64.
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) return;
        string work = Directory.CreateTempSubdirectory("pegrep-pack-").FullName;
        try
        {
            string copy = Path.Combine(work, "src-copy");
            CopySources(RepoRoot(), copy);
            string feed = Path.Combine(work, "feed");
            foreach (string[] rid in new[] { Array.Empty<string>(), ["-r", "linux-x64"] })
            {
                var pack = Dotnet(copy, ["pack", "src/Pegrep/Pegrep.csproj", "-c", "Release", "-o", feed, "-p:Version=0.0.1-test", .. rid]);
                Assert.True(pack.Code == 0, pack.Output);
            }
            foreach (string package in new[] { "Pegrep", "Pegrep.any", "Pegrep.linux-x64" })
                Assert.True(File.Exists(Path.Combine(feed, $"{package}.0.0.1-test.nupkg")), package);
            // The library's images (Directory.Build.targets): the portable ones in the package for every platform, which
            // keep AggressiveOptimization; the precompiled ones in the JIT-capable build the native package carries.
            Assert.True(OptimizedAtOnceByFlag(feed, "Pegrep.any", "tools/net10.0/any/PegJit.Vm.dll") > 0);
            Assert.Equal(0, OptimizedAtOnceByFlag(feed, "Pegrep.linux-x64", "tools/any/linux-x64/jit/PegJit.Vm.dll"));

            File.WriteAllText(Path.Combine(work, "nuget.config"), $"""
                <configuration>
                  <packageSources><clear /><add key="local" value="{feed}" /></packageSources>
                  <config><add key="globalPackagesFolder" value="{Path.Combine(work, "packages")}" /></config>
                </configuration>
                """);
            string tools = Path.Combine(work, "tools");
            var install = Dotnet(work, "tool", "install", "Pegrep", "--tool-path", tools, "--version", "0.0.1-test");
            Assert.True(install.Code == 0, install.Output);

            string pegrep = Path.Combine(tools, "pegrep");
            var version = External.Run(pegrep, ["--version"]);
            Assert.Equal((0, "pegrep 0.0.1-test\n"), (version.Status, version.Out));
            // Native: an ELF executable with no managed entry assembly beside it (that one lives under jit/).
            string real = new FileInfo(pegrep).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pegrep;
            Assert.Equal("\u007fELF", System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(real).AsSpan(0, 4)));
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(real)!, "pegrep.dll")));
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(real)!, "jit", "pegrep.dll")));

            var search = External.Run(pegrep, ["-c", "'http' 's'? '://'", global::Pegrep.Tests.Pegrep.Sample]);
            var grep = External.Run("grep", ["-c", "-E", "https?://", global::Pegrep.Tests.Pegrep.Sample]);
            Assert.Equal((grep.Status, grep.Out), (search.Status, search.Out));
            // --engine jit runs in the JIT-capable build: its trace log shows the JIT at work.
            string log = Path.Combine(work, "trace.log");
            var jit = External.Run(pegrep, ["--engine", "jit", "--trace-log", log, "-c", "(!' ' .)+ ' '", global::Pegrep.Tests.Pegrep.Sample]);
            Assert.Equal(0, jit.Status);
            Assert.Contains("compiled", File.ReadAllText(log));
            // So does a whole file matched whole once it is long (Handoff.WholeSubjectBytes): --stats shows the traces.
            string big = Path.Combine(work, "big.txt");
            File.WriteAllText(big, string.Concat(Enumerable.Repeat("ab\n", 6 << 20)));
            var whole = External.Run(pegrep, ["-U", "-x", "-q", "--stats", "('ab' %nl)*", big]);
            Assert.Equal(0, whole.Status);
            Assert.Contains("traces", whole.Err);
            var small = External.Run(pegrep, ["-U", "-x", "-q", "--stats", "('ab' %nl)*", global::Pegrep.Tests.Pegrep.Sample]);
            Assert.Contains("no JIT activity\n", small.Err);   // native: nothing to say of the JIT
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { /* a leftover temp directory is harmless */ }
        }
    }

    // The AggressiveOptimization methods of a packed assembly (the test failing if the package lacks it).
    private static int OptimizedAtOnceByFlag(string feed, string package, string path)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(Path.Combine(feed, $"{package}.0.0.1-test.nupkg"));
        using var pe = new System.Reflection.PortableExecutable.PEReader(PackedImages.Entry(zip, path));
        return PackedImages.AggressiveOptimizationMethods(pe);
    }
}
