// dotnet pack -> local folder feed -> a fresh console project installs PegJit and calls Peg.Match.

using PegJit.Tests.Shared;
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
            // As CI packs: build paths mapped to /_/, so checkouts in different places give the same package.
            var pack = PackToLocalFeed(work, "0.0.1-test", properties: "ContinuousIntegrationBuild=true");
            Assert.True(pack.Code == 0, pack.Output);
            AssertPackageContents(Path.Combine(work, "feed", "PegJit.0.0.1-test.nupkg"));
            AssertSymbols(Path.Combine(work, "feed", "PegJit.0.0.1-test.snupkg"));
            AssertReadyToRun(Path.Combine(work, "feed", "PegJit.0.0.1-test.nupkg"), Path.Combine(work, "feed", "PegJit.0.0.1-test.snupkg"));

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
                Console.WriteLine("vm: " + AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "PegJit.Vm").Location);
                """);
            var run = Dotnet(app, "run", "-c", "Release");
            Assert.True(run.Code == 0, run.Output);
            Assert.Contains("True answer 42 2", run.Output);
            // On linux-x64 the app runs the precompiled images, elsewhere the portable ones.
            string vm = run.Output.Split('\n').Single(l => l.StartsWith("vm: ", StringComparison.Ordinal));
            Assert.Contains(LinuxX64 ? "/runtimes/linux-x64/lib/net10.0/" : "/lib/net10.0/", vm.Replace('\\', '/'));
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }

    private static readonly string[] Assemblies = ["PegJit", "PegJit.Compiler", "PegJit.Tracer", "PegJit.Vm"];

    // A Release build on linux-x64 makes ReadyToRun images, two of each assembly (Directory.Build.targets).
    private static bool LinuxX64 => System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier == "linux-x64";

    // Every assembly with its XML docs (IntelliSense for the whole surface), on linux-x64 the precompiled images under
    // runtimes/linux-x64/, the user README, no PDBs (they are in the symbol package).
    private static void AssertPackageContents(string nupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        var files = zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith('_') && !n.StartsWith("package/") && n != "[Content_Types].xml").Order().ToArray();
        var expected = Assemblies.SelectMany(a => new[] { $"lib/net10.0/{a}.dll", $"lib/net10.0/{a}.xml" })
            .Concat(LinuxX64 ? Assemblies.Select(a => $"runtimes/linux-x64/lib/net10.0/{a}.dll") : [])
            .Append("PegJit.nuspec").Append("README.md").Order().ToArray();
        Assert.Equal(expected, files);
    }

    // ReadyToRun images: precompiled code beside the IL, so an app that is not itself published ReadyToRun does not
    // JIT-compile the library at its first match. lib/ holds the portable images (the methods that must run optimized
    // at once are AggressiveOptimization, for platforms the code is not for), runtimes/linux-x64/ the precompiled ones
    // (none is: the image holds their code). Each image still names the PDB of its IL, the one PDB of both (a debugger
    // finds the symbol package's PDB for either).
    private static void AssertReadyToRun(string nupkg, string snupkg)
    {
        if (!LinuxX64) return;   // IL elsewhere
        using var zip = System.IO.Compression.ZipFile.OpenRead(nupkg);
        using var symbols = System.IO.Compression.ZipFile.OpenRead(snupkg);
        foreach (var name in Assemblies)
        {
            int portableFlagged = 0;
            foreach (var folder in new[] { "lib/net10.0", "runtimes/linux-x64/lib/net10.0" })
            {
                using var pe = new System.Reflection.PortableExecutable.PEReader(PackedImages.Entry(zip, $"{folder}/{name}.dll"));
                Assert.True(PackedImages.IsReadyToRun(pe), $"{folder}/{name}.dll is not a ReadyToRun image");
                var codeView = pe.ReadDebugDirectory().Single(d => d.Type == System.Reflection.PortableExecutable.DebugDirectoryEntryType.CodeView);
                var pdbGuid = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;
                using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(PackedImages.Entry(symbols, $"lib/net10.0/{name}.pdb"));
                var pdbId = new System.Reflection.Metadata.BlobContentId(provider.GetMetadataReader().DebugMetadataHeader!.Id);
                Assert.Equal(pdbGuid, pdbId.Guid);
                int flagged = PackedImages.AggressiveOptimizationMethods(pe);
                if (folder.StartsWith("lib", StringComparison.Ordinal)) portableFlagged = flagged;
                else Assert.Equal(0, flagged);
            }
            if (name is "PegJit.Vm" or "PegJit.Tracer") Assert.True(portableFlagged > 0, $"lib/net10.0/{name}.dll has no AggressiveOptimization method");
        }
    }

    // One PDB per assembly, each document under the mapped root /_/ and embedded in the PDB.
    private static void AssertSymbols(string snupkg)
    {
        using var zip = System.IO.Compression.ZipFile.OpenRead(snupkg);
        foreach (var name in Assemblies)
        {
            using var provider = System.Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream(PackedImages.Entry(zip, $"lib/net10.0/{name}.pdb"));
            var reader = provider.GetMetadataReader();
            var embedded = reader.CustomDebugInformation.Select(reader.GetCustomDebugInformation)
                .Where(c => reader.GetGuid(c.Kind) == EmbeddedSource && c.Parent.Kind == System.Reflection.Metadata.HandleKind.Document)
                .Select(c => (System.Reflection.Metadata.DocumentHandle)c.Parent).ToHashSet();
            foreach (var handle in reader.Documents)
            {
                string path = reader.GetString(reader.GetDocument(handle).Name);
                if (!path.EndsWith(".cs", StringComparison.Ordinal)) continue;
                Assert.True(path.StartsWith("/_/", StringComparison.Ordinal), $"{name}.pdb names {path}, not a mapped path");
                Assert.True(embedded.Contains(handle), $"{name}.pdb does not embed {path}");
            }
        }
    }

    // The kind of custom debug information that holds a document's source text (portable PDB format).
    private static readonly Guid EmbeddedSource = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
}
