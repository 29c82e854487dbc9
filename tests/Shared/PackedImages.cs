// What the package tests read from packed assemblies: a zip entry's bytes, and two facts of an image.
using System.IO.Compression;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Xunit;

namespace PegJit.Tests.Shared;

internal static class PackedImages
{
    /// <summary>A packed file's bytes, the test failing if the package lacks it.</summary>
    public static MemoryStream Entry(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(path);
        Assert.True(entry is not null, $"{path} missing from the package");
        var bytes = new MemoryStream();
        using (var s = entry.Open()) s.CopyTo(bytes);
        bytes.Position = 0;
        return bytes;
    }

    /// <summary>Whether the image holds precompiled (ReadyToRun) code beside its IL.</summary>
    public static bool IsReadyToRun(PEReader pe) => pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;

    /// <summary>How many of the image's methods are AggressiveOptimization (which keeps a method out of the precompiled code).</summary>
    public static int AggressiveOptimizationMethods(PEReader pe)
    {
        var md = pe.GetMetadataReader();
        return md.MethodDefinitions.Count(h => (md.GetMethodDefinition(h).ImplAttributes & MethodImplAttributes.AggressiveOptimization) != 0);
    }
}
