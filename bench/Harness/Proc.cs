// Child processes: run a command with a time limit, collecting its output without deadlocking on full pipes.
using System.Diagnostics;

namespace PegJit.Bench;

/// <summary>The outcome of a child process.</summary>
/// <param name="ExitCode">Its exit status (-1 when it could not start or was killed).</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error (or why it could not start).</param>
/// <param name="TimedOut">It ran past the limit and was killed.</param>
public sealed record ProcResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    /// <summary>The last non-empty lines of standard error, for a row's error message.</summary>
    public string StderrTail(int lines = 3) =>
        string.Join(" | ", Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines));
}

/// <summary>Starts processes.</summary>
public static class Proc
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; never throws for a missing program.</summary>
    public static ProcResult Run(string file, IEnumerable<string> args, int timeoutSeconds = 60,
        IReadOnlyDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { return new ProcResult(-1, "", e.Message, false); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            bool exited = p.WaitForExit(TimeSpan.FromSeconds(timeoutSeconds));
            if (!exited) p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new ProcResult(exited ? p.ExitCode : -1, stdout.Result, stderr.Result, !exited);
        }
    }

    /// <summary>Runs a shell command line (pipes, redirections) with sh -c.</summary>
    public static ProcResult Shell(string command, int timeoutSeconds = 120) => Run("/bin/sh", ["-c", command], timeoutSeconds);

    /// <summary>Whether <paramref name="program"/> is on PATH.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);

    /// <summary>A word quoted for sh: single quotes, each embedded quote closed, escaped and reopened.</summary>
    public static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>The first line of a program's version output, or null when it does not run.</summary>
    public static string? Version(string program, params string[] args)
    {
        var r = Run(program, args, 20);
        var text = (r.Stdout + "\n" + r.Stderr).Trim();
        return r.ExitCode == 0 && text.Length > 0 ? text.Split('\n')[0].Trim() : null;
    }
}
