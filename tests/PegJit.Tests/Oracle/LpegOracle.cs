// Batches of (re pattern, subjects) -> native LPeg's answers, through one lua5.4 process running lpeg_oracle.lua.
using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace PegJit.Tests.Oracle;

/// <summary>One oracle request: an <c>re</c> pattern and the subjects to match it against.</summary>
/// <param name="Pattern">The pattern text; sent as its UTF-8 bytes, as PegJit's <c>Re.Compile</c> reads it.</param>
/// <param name="Subjects">The subjects, as bytes.</param>
/// <param name="Init">LPeg's 1-based start position, or null for the default (1).</param>
public sealed record OracleRequest(string Pattern, IReadOnlyList<byte[]> Subjects, int? Init = null)
{
    /// <summary>The request as one JSON line.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder("{\"pattern\":");
        sb.Append(LpegJson.EncodeByteString(Encoding.UTF8.GetBytes(Pattern))).Append(",\"subjects\":[");
        sb.AppendJoin(',', Subjects.Select(s => LpegJson.EncodeByteString(s))).Append(']');
        if (Init is int init) sb.Append(",\"init\":").Append(init);
        return sb.Append('}').ToString();
    }
}

/// <summary>
/// LPeg's answer to one request: <see cref="Error"/> when <c>re.compile</c> rejected the pattern, else one
/// result text per subject.
/// </summary>
/// <param name="Error">The compile error message, or null when the pattern compiled.</param>
/// <param name="Results">Per subject: <c>null</c> (no match), a JSON array of the returned values in
/// <see cref="LpegJson"/>'s encoding, or <c>{"runtime_error":"..."}</c> (see <see cref="IsRuntimeError"/>).</param>
public sealed record OracleAnswer(string? Error, IReadOnlyList<string> Results)
{
    /// <summary>The text of a result that failed to match.</summary>
    public const string NoMatch = "null";

    /// <summary>Whether a result text says the match raised an error.</summary>
    public static bool IsRuntimeError(string result) => result.StartsWith("{\"runtime_error\":", StringComparison.Ordinal);

    /// <summary>Parses one answer line of the oracle.</summary>
    public static OracleAnswer Parse(string line)
    {
        const string error = "{\"error\":", results = "{\"results\":";
        if (line.StartsWith(error, StringComparison.Ordinal))
            return new(Encoding.Latin1.GetString(LpegJson.DecodeByteString(line[error.Length..^1])), []);
        if (line.StartsWith(results, StringComparison.Ordinal))
            return new(null, SplitArray(line[results.Length..^1]));
        throw new FormatException($"Unexpected oracle answer: {line}");
    }

    // "[a,b,...]" -> the texts of its top-level elements (the oracle writes no whitespace).
    private static List<string> SplitArray(string array)
    {
        var items = new List<string>();
        int depth = 0, start = 1;
        bool inString = false;
        for (int i = 1; i < array.Length - 1; i++)
        {
            char c = array[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; continue; }
            if (c == '"') inString = true;
            else if (c is '[' or '{') depth++;
            else if (c is ']' or '}') depth--;
            else if (c == ',' && depth == 0) { items.Add(array[start..i]); start = i + 1; }
        }
        if (array.Length > 2) items.Add(array[start..^1]);
        return items;
    }
}

/// <summary>
/// Native LPeg (Debian's <c>lua5.4</c> + <c>lua-lpeg</c>) as a test oracle. Each <see cref="Run"/> starts one
/// Lua process and streams the whole batch through it.
/// </summary>
public static class LpegOracle
{
    private const string Lua = "lua5.4";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>Whether <c>lua5.4</c> is on PATH and can load <c>lpeg</c> and <c>re</c> (asked once).</summary>
    public static bool IsAvailable => Available.Value;

    /// <summary>The oracle script, copied next to the test assembly.</summary>
    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Oracle", "lpeg_oracle.lua");

    /// <summary>LPeg's answers to <paramref name="requests"/>, in order.</summary>
    /// <exception cref="InvalidOperationException">Lua died, or could not read a request.</exception>
    /// <exception cref="TimeoutException">The batch took longer than two minutes.</exception>
    public static IReadOnlyList<OracleAnswer> Run(IReadOnlyList<OracleRequest> requests)
    {
        using var process = Start(ScriptPath);
        var stderr = process.StandardError.ReadToEndAsync();
        var writer = Task.Run(() => WriteRequests(process.StandardInput, requests));
        // A pipe read does not reliably observe a token, so the time-out kills Lua and the read sees the end.
        using var cts = new CancellationTokenSource(Timeout);
        using var kill = cts.Token.Register(() => Kill(process));
        try
        {
            var answers = ReadAnswers(process, requests, stderr, cts.Token);
            writer.GetAwaiter().GetResult();
            return answers;
        }
        finally
        {
            Kill(process);
        }
    }

    private static List<OracleAnswer> ReadAnswers(
        Process process, IReadOnlyList<OracleRequest> requests, Task<string> stderr, CancellationToken timedOut)
    {
        var answers = new List<OracleAnswer>(requests.Count);
        foreach (var request in requests)
        {
            string? line = process.StandardOutput.ReadLine();
            if (line is null && timedOut.IsCancellationRequested)
                throw new TimeoutException($"The LPeg oracle did not answer {requests.Count} requests within {Timeout}.");
            if (line is null) throw Died(process, stderr, answers.Count, request);
            var answer = OracleAnswer.Parse(line);
            if (answer.Error?.StartsWith("bad request:", StringComparison.Ordinal) == true)
                throw new InvalidOperationException($"The LPeg oracle could not read {request.ToJson()}: {answer.Error}");
            answers.Add(answer);
        }
        return answers;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill();
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static void WriteRequests(StreamWriter input, IReadOnlyList<OracleRequest> requests)
    {
        try
        {
            foreach (var request in requests) input.Write(request.ToJson() + "\n");
            input.Close();
        }
        catch (IOException)
        {
            // Lua died and closed the pipe; the reader reports it with Lua's own message.
        }
    }

    private static InvalidOperationException Died(Process process, Task<string> stderr, int answered, OracleRequest request)
    {
        process.WaitForExit(5000);
        string code = process.HasExited ? process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        string message = stderr.Wait(5000) ? stderr.Result.Trim() : "";
        return new InvalidOperationException(
            $"The LPeg oracle (lua5.4 {ScriptPath}) exited with code {code} after {answered} answers, " +
            $"at request {request.ToJson()}. stderr: {message}");
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo(Lua)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = new UTF8Encoding(false),
            StandardErrorEncoding = new UTF8Encoding(false),
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Lua}.");
    }

    private static bool Probe()
    {
        try
        {
            using var process = Start("-e", "require 'lpeg'; require 're'");
            process.StandardInput.Close();
            _ = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            return process.WaitForExit(30_000) && process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // lua5.4 is not on PATH
        }
    }
}
