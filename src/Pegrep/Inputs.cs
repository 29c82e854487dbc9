// File operands -> the inputs to search, in order: standard input, files, and with -r the walk of directories.
namespace Pegrep;

/// <summary>One thing to search, or an error found while listing (a directory without -r, an unreadable one).</summary>
/// <param name="Name">The name printed for it ("(standard input)" for standard input).</param>
/// <param name="Path">The file's path; null for standard input.</param>
/// <param name="FromWalk">Found by -r inside a directory (binary files are then skipped, as ripgrep does).</param>
/// <param name="Error">Why it cannot be searched, as grep words it; null when it can.</param>
internal sealed record Input(string Name, string? Path, bool FromWalk = false, string? Error = null)
{
    public const string StdinName = "(standard input)";

    /// <summary>Standard input.</summary>
    public static Input Stdin { get; } = new(StdinName, null);
}

/// <summary>Lists the inputs of a run.</summary>
internal static class Inputs
{
    /// <summary>
    /// The inputs for <paramref name="settings"/>: the operands in order ("-" is standard input; none means standard
    /// input, or the current directory with -r), directories walked with -r in ordinal name order, skipping hidden
    /// entries and symbolic links found inside them.
    /// </summary>
    public static List<Input> List(Settings settings, out bool showNames)
    {
        var inputs = new List<Input>();
        bool anyDirectory = false;
        if (settings.Files.Count == 0)
        {
            if (settings.Recursive)
            {
                anyDirectory = true;
                Walk(".", "", inputs);
            }
            else inputs.Add(Input.Stdin);
        }
        foreach (string operand in settings.Files)
        {
            if (operand == "-") inputs.Add(Input.Stdin);
            else if (Directory.Exists(operand))
            {
                anyDirectory = true;
                if (settings.Recursive) Walk(operand, operand, inputs);
                else inputs.Add(new Input(operand, operand, Error: "Is a directory"));
            }
            else inputs.Add(new Input(operand, operand));
        }
        showNames = settings.WithFilename ?? (settings.Files.Count > 1 || (settings.Recursive && anyDirectory));
        return inputs;
    }

    // `shown` is the directory as names print it: "" for the implicit current directory (names without "./").
    private static void Walk(string directory, string shown, List<Input> inputs)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(directory).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            inputs.Add(new Input(shown.Length == 0 ? "." : shown, directory, Error: Reason(e)));
            return;
        }
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (entry.Name.StartsWith('.') || entry.LinkTarget is not null) continue;
            string name = shown.Length == 0 ? entry.Name : Path.Join(shown, entry.Name);
            if (entry is DirectoryInfo) Walk(entry.FullName, name, inputs);
            else inputs.Add(new Input(name, entry.FullName, FromWalk: true));
        }
    }

    /// <summary>An I/O failure in grep's words ("No such file or directory", "Permission denied"...).</summary>
    public static string Reason(Exception e) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "No such file or directory",
        UnauthorizedAccessException => "Permission denied",
        _ => e.Message,
    };
}
