// lua5.4 + lua-lpeg: availability, and Lua source generation (values embedded as long strings).
using System.Globalization;

namespace PegJit.Bench.Runtimes;

/// <summary>The Lua interpreter the LPeg runtimes and the whole-process LPeg grep run on.</summary>
public static class Lua
{
    /// <summary>The interpreter's name on PATH.</summary>
    public const string Program = "lua5.4";

    private static readonly Lazy<Availability> Cached = new(Probe);

    /// <summary>lua5.4 runs and loads lpeg and re (checked once).</summary>
    public static Availability Check() => Cached.Value;

    private static Availability Probe()
    {
        if (Proc.Which(Program) is null) return new(false, $"{Program} not found (apt-get install lua5.4 lua-lpeg)");
        var r = Proc.Run(Program, ["-e", "local l = require 'lpeg'; require 're'; " +
            "print(_VERSION .. ', LPeg ' .. (type(l.version) == 'function' and l.version() or tostring(l.version)))"], 20);
        return r.ExitCode == 0 ? new(true, r.Stdout.Trim()) : new(false, "lpeg not loadable: " + r.StderrTail(1));
    }

    /// <summary>A Lua long string holding <paramref name="text"/> exactly: a level of '=' whose closing bracket occurs
    /// nowhere inside it, and a newline after the opening bracket (which Lua drops) so a leading newline survives. Lua
    /// reads a carriage return in a long string as a newline, so text holding one is a quoted string with escapes.</summary>
    public static string LongString(string text)
    {
        if (text.Contains('\r', StringComparison.Ordinal)) return QuotedString(text);
        // The string ends at the first "]=*]" of the right level, which must be the one appended: text ending in
        // ']' would otherwise close early.
        string eq = "";
        while ((text + "]" + eq + "]").IndexOf("]" + eq + "]", StringComparison.Ordinal) != text.Length) eq += "=";
        return $"[{eq}[\n{text}]{eq}]";
    }

    /// <summary>A Lua quoted string holding <paramref name="text"/>'s UTF-8 bytes exactly: printable ASCII as is (quote and
    /// backslash escaped), every other byte as a decimal escape.</summary>
    public static string QuotedString(string text)
    {
        var sb = new System.Text.StringBuilder("\"");
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(text))
            sb.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\{b:D3}");
        return sb.Append('"').ToString();
    }

    /// <summary>The text of a Lua file shipped with the harness (<c>Runtimes/NAME</c>).</summary>
    public static string RuntimeFile(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Runtimes", name));

    /// <summary>A Lua number literal.</summary>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Writes a generated script under results/gen, returning its path.</summary>
    public static string WriteScript(string name, string source)
    {
        Directory.CreateDirectory(Paths.Gen);
        string path = Path.Combine(Paths.Gen, name);
        File.WriteAllText(path, source);
        return path;
    }
}
