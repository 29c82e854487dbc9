// A native (NativeAOT) pegrep and a search the tracing JIT pays for -> that search run by the JIT-capable build beside it.
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pegrep;

/// <summary>
/// The tool package for a RID is compiled ahead of time (NativeAOT) for start-up, and such a process cannot compile
/// code at run time, so the tracing JIT is off there and the interpreter runs alone. The package also carries the
/// framework-dependent build (<c>jit/pegrep.dll</c>, run by the <c>dotnet</c> host that installed the tool), and the
/// native tool hands it the searches that ask for the JIT: <c>--engine jit</c>, and <c>--trace-log</c> (the JIT's
/// events). The default engine stays native whatever the input's size: measured on 50 MB of text, the native
/// interpreter beat the JIT-capable build on every line-mode pattern tried (a literal 0.07 s against 0.39 s,
/// <c>[a-z]+ ' ' [a-z]+ !.</c> 0.73 s against 1.63 s, <c>(!' ' .)+ ' ' 'the'</c> 2.11 s against 2.14 s), since lines are
/// short subjects and the other build pays ~0.1-0.3 s to start. Standard streams are inherited and the exit status
/// passed on.
/// </summary>
internal static class Handoff
{
    /// <summary>Set in the environment of the JIT-capable build when it was handed a search (and read by tests).</summary>
    public const string Marker = "PEGREP_HANDED_OFF";

    /// <summary>The JIT-capable build to hand <paramref name="parsed"/> to, or null when this process runs the search.</summary>
    public static string? Target(ParsedArgs parsed)
    {
        if (RuntimeFeature.IsDynamicCodeSupported || Environment.GetEnvironmentVariable(Marker) is not null) return null;
        if (parsed.Engine != "jit" && parsed.TraceLog is null) return null;
        string build = Path.Combine(AppContext.BaseDirectory, "jit", "pegrep.dll");
        return File.Exists(build) ? build : null;
    }

    /// <summary>Runs <paramref name="build"/> with the same arguments and standard streams; its exit status, or null
    /// when the dotnet host cannot be started (then this process searches).</summary>
    public static int? Run(string build, string[] args)
    {
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { UseShellExecute = false };
        info.ArgumentList.Add(build);
        foreach (string a in args) info.ArgumentList.Add(a);
        info.Environment[Marker] = "1";
        try
        {
            using var child = Process.Start(info);
            if (child is null) return null;
            child.WaitForExit();
            return child.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
