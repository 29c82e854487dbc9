// --lpeg-json: a pattern and a file of JSON subject lines -> re.match's results, one JSON line each (LPeg's contract).
using System.Text;
using PegJit;

namespace Pegrep;

/// <summary>
/// The oracle mode, answering as native LPeg's <c>re.match(subject, pattern)</c> would, in the project's JSON
/// encoding (<see cref="LpegJson"/>): per subject line, <c>null</c> when the match fails, else the array of
/// values it returns (the 1-based position after the match when there are no captures); a capture error on a
/// subject prints <c>{"runtime_error": "message"}</c> and the next subject follows.
/// </summary>
internal static class Oracle
{
    /// <summary>
    /// Answers every subject line of <paramref name="subjects"/> matching with <paramref name="options"/> (1-based
    /// positions, as LPeg's, and the JIT settings of --engine); 0 when all were answered, 2 on an error.
    /// </summary>
    public static int Run(Pattern pattern, MatchOptions options, string subjectsName, TextReader subjects, TextWriter stdout, TextWriter stderr)
    {
        string? line;
        int number = 0;
        while ((line = subjects.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            byte[] subject;
            try
            {
                subject = LpegJson.DecodeByteString(line);
            }
            catch (FormatException e)
            {
                stdout.Flush();
                stderr.WriteLine($"pegrep: {subjectsName}:{number}: not a JSON byte string: {e.Message}");
                return 2;
            }
            stdout.Write(Answer(pattern, options, subject));
            stdout.Write('\n');
        }
        stdout.Flush();
        return 0;
    }

    /// <summary>One subject's answer line (without its newline).</summary>
    public static string Answer(Pattern pattern, MatchOptions options, byte[] subject)
    {
        try
        {
            var r = Peg.Match(pattern, subject, 1, options);   // init 1: LPeg's start (0 would mean the end)
            return r.Success ? LpegJson.EncodeValues(r.Values) : "null";
        }
        catch (PegException e)
        {
            return "{\"runtime_error\": " + LpegJson.EncodeByteString(Encoding.UTF8.GetBytes(e.Message)) + "}";
        }
    }

    /// <summary>The pattern file's bytes as the pattern: exactly as they are, less one trailing newline.</summary>
    public static byte[] PatternBytes(byte[] file) =>
        file.Length > 0 && file[^1] == '\n' ? file[..^1] : file;
}
