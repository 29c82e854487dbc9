// Test plumbing: pegrep run in-process on captured streams, temporary files, and grep run as a process.
using System.Diagnostics;
using System.Text;
using Xunit;

namespace Pegrep.Tests;

/// <summary>What one run printed and returned.</summary>
public sealed record RunResult(int Status, string Out, string Err)
{
    public string[] Lines => Out.Length == 0 ? [] : Out.TrimEnd('\n').Split('\n');
}

/// <summary>Runs pegrep in-process through <see cref="Cli.Run(string[], Stream, TextWriter, TextWriter)"/>.</summary>
public static class Pegrep
{
    /// <summary>The bundled sample text, copied next to the tests.</summary>
    public static string Sample { get; } = Path.Combine(AppContext.BaseDirectory, "sample", "urls.txt");

    public static string[] SampleLines { get; } = File.ReadAllText(Sample).TrimEnd('\n').Split('\n');

    public static RunResult Run(params string[] args) => RunWithInput("", args);

    public static RunResult RunWithInput(string stdin, params string[] args) => RunWithInput(Encoding.UTF8.GetBytes(stdin), args);

    public static RunResult RunWithInput(byte[] stdin, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        int status = Cli.Run(args, new MemoryStream(stdin), output, error);
        return new RunResult(status, output.ToString(), error.ToString());
    }

    /// <summary>The output as bytes, exactly (for binary data and colors).</summary>
    public static (int Status, byte[] Out) RunBytes(byte[] stdin, params string[] args)
    {
        using var output = new MemoryStream();
        int status = Cli.Run(args, new MemoryStream(stdin), output, TextWriter.Null);
        return (status, output.ToArray());
    }
}

/// <summary>ripgrep's JSON messages with their times zeroed, so that two runs (or pegrep and rg) compare equal.</summary>
public static class JsonTimes
{
    public static string Zero(string output) =>
        System.Text.RegularExpressions.Regex.Replace(output, "\"(secs|nanos)\":[0-9]+|\"human\":\"[0-9.]+s\"",
            m => m.Value.StartsWith("\"human", StringComparison.Ordinal) ? "\"human\":\"0s\"" : m.Value[..(m.Value.IndexOf(':') + 1)] + "0");
}

/// <summary>A temporary directory, deleted at the end of the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "pegrep-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name, string content) => File(name, Encoding.UTF8.GetBytes(content));

    public string File(string name, byte[] content)
    {
        string path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* a leftover temp directory is harmless */ }
    }
}

/// <summary>Runs a program and returns its exit status and standard output.</summary>
public static class External
{
    public static (int Status, string Out, string Err) Run(string program, IEnumerable<string> args, string? stdin = null,
        string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        info.Environment["LC_ALL"] = "C";
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Start(info);
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
            p.StandardInput.Close();
        }
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(60_000)) throw new TimeoutException($"{program} did not finish");
        return (p.ExitCode, output, err.Result);
    }

    /// <summary>The Debian packages that provide the programs tests run (CI's .ci/run installs them).</summary>
    private static readonly Dictionary<string, string> Packages = new()
    {
        ["grep"] = "grep",
        ["rg"] = "ripgrep",
        ["lua5.4"] = "lua5.4 lua-lpeg",
        ["bash"] = "bash",
    };

    // A missing program fails the test with what to install, not with the raw Win32Exception of Process.Start.
    private static System.Diagnostics.Process Start(ProcessStartInfo info)
    {
        try
        {
            return System.Diagnostics.Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            string package = Packages.GetValueOrDefault(info.FileName, info.FileName);
            throw new InvalidOperationException($"{info.FileName} is not installed: install {package} (apt-get install -y {package})", e);
        }
    }

    /// <summary>Runs a bash script (for what needs a shell: closed descriptors, FIFOs, pipes into head).</summary>
    public static (int Status, string Out, string Err) Bash(string script, string? workingDirectory = null) =>
        Run("bash", ["-c", script], null, workingDirectory);

    /// <summary>The pegrep executable built next to the tests (the apphost of the referenced project).</summary>
    public static string PegrepExecutable { get; } = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "pegrep.exe" : "pegrep");
}

/// <summary>pegrep's output and grep's (or rg's) on the same files, on each engine.</summary>
public static class Compare
{
    public static readonly string[] Engines = ["interp", "jit", "auto"];

    /// <summary>Asserts that pegrep with <paramref name="ours"/> prints what <paramref name="tool"/> with
    /// <paramref name="theirs"/> prints (status, standard output; "grep:"/"rg:" messages as "pegrep:"), on every engine.</summary>
    public static void Same(string tool, string[] theirs, string[] ours, Func<string, string>? normalize = null)
    {
        normalize ??= s => s;
        var expected = External.Run(tool, theirs);
        foreach (string engine in Engines)
        {
            var r = Pegrep.Run(["--engine", engine, .. ours]);
            string context = $"{engine}: pegrep {string.Join(' ', ours)} vs {tool} {string.Join(' ', theirs)}";
            Assert.True(expected.Status == r.Status, $"{context}: status {r.Status}, {tool} {expected.Status}; stderr {r.Err}");
            Assert.Equal((context, normalize(expected.Out)), (context, normalize(r.Out)));
            Assert.Equal((context, expected.Err.Replace(tool + ": ", "pegrep: ")), (context, r.Err));
        }
    }

}
