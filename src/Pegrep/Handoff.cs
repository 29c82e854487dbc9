// A native (NativeAOT) pegrep and a search the tracing JIT pays for -> that search run by the JIT-capable build beside it.
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pegrep;

/// <summary>
/// The tool package for a RID is compiled ahead of time (NativeAOT) for start-up, and such a process cannot compile
/// code at run time, so the tracing JIT is off there and the interpreter runs alone. The package also carries the
/// framework-dependent build (<c>jit/pegrep.dll</c>, run by the <c>dotnet</c> host that installed the tool), and the
/// native tool hands it the searches that ask for the JIT (<c>--engine jit</c>, and <c>--trace-log</c>: the JIT's
/// events) and those the JIT pays for whatever the pattern: whole files matched whole (<c>-U -x</c>) by the default
/// engine, once the named files total <see cref="WholeSubjectBytes"/>. There the interpreter runs every byte through the
/// grammar, and the other build's start (about 65 ms, against 6 ms native; the hand-over itself adds a few) is repaid.
/// Measured with a JSON and a CSV grammar written apart from the benchmark's, native against handed over (hyperfine,
/// whole process): json 20 MB 200 against 138 ms, 40 MB 383 against 163, csv 50 MB 532 against 133; at 5 MB the native
/// tool wins (json 62 ms against 106 for the JIT build run directly, csv 59 against 99), so those stay. Everything else
/// stays native whatever the input's size: on 50 MB of text the native interpreter beat the JIT-capable build on every
/// line-mode pattern tried (a literal 0.07 s against 0.39 s, <c>[a-z]+ ' ' [a-z]+ !.</c> 0.73 s against 1.63 s,
/// <c>(!' ' .)+ ' ' 'the'</c> 2.11 s against 2.14 s), since lines are short subjects, and a <c>-U</c> search is a
/// scan of the file for the pattern's first bytes that the JIT does not speed up (urls 50 MB, three patterns: 41-55
/// against 118-139 ms). Standard streams are inherited and the exit status passed on.
/// </summary>
internal static class Handoff
{
    /// <summary>Set in the environment of the JIT-capable build when it was handed a search (and read by tests).</summary>
    public const string Marker = "PEGREP_HANDED_OFF";

    /// <summary>Named files of at least this many bytes in all, matched whole by the default engine, go to the JIT-capable
    /// build: above the break-even of about 10 MB (JSON and CSV, see the summary), with room for grammars whose traces
    /// pay less.</summary>
    public const long WholeSubjectBytes = 16L << 20;

    /// <summary>The JIT-capable build to hand <paramref name="parsed"/> to, or null when this process runs the search.</summary>
    public static string? Target(ParsedArgs parsed)
    {
        if (RuntimeFeature.IsDynamicCodeSupported || Environment.GetEnvironmentVariable(Marker) is not null) return null;
        if (parsed.Engine != "jit" && parsed.TraceLog is null && !LongWholeSubjects(parsed)) return null;
        string build = Path.Combine(AppContext.BaseDirectory, "jit", "pegrep.dll");
        return File.Exists(build) ? build : null;
    }

    /// <summary>Whether <paramref name="parsed"/> matches whole files (<c>-U -x</c>) with the default engine, and the files
    /// it names total at least <see cref="WholeSubjectBytes"/>. Only regular files count: standard input, directories
    /// (whose size a recursive search would have to walk for) and files that cannot be examined count nothing, so
    /// such searches stay here.</summary>
    internal static bool LongWholeSubjects(ParsedArgs parsed)
    {
        if (parsed.Engine != "auto" || !parsed.Multiline || !parsed.Line) return false;
        long bytes = 0;
        foreach (string path in PatternSet.FileOperands(parsed))
        {
            try
            {
                var info = new FileInfo(path);
                if (info.Exists) bytes += info.Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // counts nothing: the search reports the file
            }
        }
        return bytes >= WholeSubjectBytes;
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
