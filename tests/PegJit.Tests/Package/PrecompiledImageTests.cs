// The two ReadyToRun images of each library assembly (Directory.Build.targets): portable (the IL as compiled) and
// precompiled (the same IL with AggressiveOptimization cleared, so that the image holds those methods' code).
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace PegJit.Tests.Package;

public class PrecompiledImageTests
{
    private static readonly (string Assembly, string Project)[] Libraries =
        [("PegJit.Vm", "PegVm"), ("PegJit.Compiler", "PegCompiler"), ("PegJit.Tracer", "Tracer"), ("PegJit", "PegJit")];

    // The build this test runs in holds precompiled images (a linux-x64 Release build), or no images at all.
    public static bool Precompiled(Assembly assembly) => IsReadyToRun(assembly.Location);

    /// <summary>The portable image beside a loaded library assembly (in its project's output folder), or null.</summary>
    public static string? PortableTwin(Assembly assembly)
    {
        string name = assembly.GetName().Name!;
        string project = Libraries.Single(l => l.Assembly == name).Project;
        string config = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        string path = Path.Combine(Shared.SourceCopy.RepoRoot(), "src", project, "bin", config, "net10.0", "portable", name + ".dll");
        return File.Exists(path) ? path : null;
    }

    /// <summary>Whether the method with <paramref name="token"/> is AggressiveOptimization in the image at <paramref name="path"/>.</summary>
    public static bool FlaggedIn(string path, int token)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var method = pe.GetMetadataReader().GetMethodDefinition((MethodDefinitionHandle)MetadataTokens.EntityHandle(token));
        return (method.ImplAttributes & MethodImplAttributes.AggressiveOptimization) != 0;
    }

    // Every method keeps its name, flags and IL; only AggressiveOptimization goes, and it went from some methods of the
    // stages that have them (the facade has none). The metadata is read by System.Reflection.Metadata, not by the
    // build's own reader of the tables.
    [Fact]
    public void The_precompiled_image_is_the_portable_one_without_AggressiveOptimization()
    {
        foreach (var (name, _) in Libraries)
        {
            var assembly = Assembly.Load(name);
            if (!Precompiled(assembly)) return;   // no images in this build
            string? twin = PortableTwin(assembly);
            Assert.True(twin is not null, $"{name}: no portable image beside {assembly.Location}");
            var precompiled = Methods(assembly.Location);
            var portable = Methods(twin);
            Assert.Equal(portable.Count, precompiled.Count);
            int cleared = 0;
            for (int i = 0; i < portable.Count; i++)
            {
                var (p, q) = (portable[i], precompiled[i]);
                Assert.Equal(p.Name, q.Name);
                Assert.Equal(p.Attributes, q.Attributes);
                Assert.Equal(p.Il, q.Il);
                Assert.Equal(p.Impl & ~MethodImplAttributes.AggressiveOptimization, q.Impl);
                if ((p.Impl & MethodImplAttributes.AggressiveOptimization) != 0) cleared++;
            }
            if (name is "PegJit.Vm" or "PegJit.Tracer") Assert.True(cleared >= 5, $"{name}: {cleared} methods cleared");
        }
    }

    private static List<(string Name, MethodAttributes Attributes, MethodImplAttributes Impl, string Il)> Methods(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var md = pe.GetMetadataReader();
        return md.MethodDefinitions.Select(h => md.GetMethodDefinition(h)).Select(m => (
            md.GetString(m.Name), m.Attributes, m.ImplAttributes,
            m.RelativeVirtualAddress == 0 ? "" : Convert.ToHexString(pe.GetMethodBody(m.RelativeVirtualAddress).GetILBytes()!))).ToList();
    }

    private static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return Shared.PackedImages.IsReadyToRun(pe);
    }
}
