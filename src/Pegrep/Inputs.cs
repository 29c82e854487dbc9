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
    /// input, or the current directory with -r), directories walked with -r in ordinal name order under the
    /// <see cref="FileFilter"/> (hidden names, ignore files, globs, depth), never following symbolic links found inside
    /// them. Operands are searched whatever the ignore files say (as ripgrep); grep's --include/--exclude apply to them.
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
                WalkRoot(".", "", settings.Filter, inputs);
            }
            else inputs.Add(Input.Stdin);
        }
        foreach (string operand in settings.Files)
        {
            if (operand == "-") inputs.Add(Input.Stdin);
            else if (Directory.Exists(operand))
            {
                anyDirectory = true;
                if (settings.Recursive) WalkRoot(operand, operand, settings.Filter, inputs);
                else inputs.Add(new Input(operand, operand, Error: "Is a directory"));
            }
            else if (settings.Filter.TakesOperand(operand)) inputs.Add(new Input(operand, operand));
        }
        showNames = settings.WithFilename ?? (settings.Files.Count > 1 || (settings.Recursive && anyDirectory));
        return inputs;
    }

    private static void WalkRoot(string directory, string shown, FileFilter filter, List<Input> inputs)
    {
        var rules = filter.UseIgnoreFiles ? IgnoreRules.ForRoot(directory) : IgnoreRules.Empty;
        Walk(new Walker(filter, inputs), Path.GetFullPath(directory), directory, shown, "", 0, rules);
    }

    private sealed record Walker(FileFilter Filter, List<Input> Inputs);

    // `shown` is the directory as names print it: "" for the implicit current directory (names without "./");
    // `relative` is its path below the operand, which globs are matched against; `depth` its levels below it.
    private static void Walk(Walker walker, string full, string directory, string shown, string relative, int depth, IgnoreRules rules)
    {
        FileSystemInfo[] entries;
        try
        {
            entries = new DirectoryInfo(directory).GetFileSystemInfos();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            walker.Inputs.Add(new Input(shown.Length == 0 ? "." : shown, directory, Error: Reason(e)));
            return;
        }
        if (depth >= walker.Filter.MaxDepth) return;
        if (walker.Filter.UseIgnoreFiles) rules = rules.Enter(full);
        Array.Sort(entries, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var entry in entries)
        {
            if (entry.LinkTarget is not null) continue;
            bool isDirectory = entry is DirectoryInfo;
            string below = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
            string entryFull = Path.Join(full, entry.Name);
            if (!walker.Filter.TakesEntry(below, isDirectory, rules.Decide(entryFull, isDirectory))) continue;
            string name = shown.Length == 0 ? entry.Name : Path.Join(shown, entry.Name);
            if (isDirectory) Walk(walker, entryFull, entry.FullName, name, below, depth + 1, rules);
            else walker.Inputs.Add(new Input(name, entry.FullName, FromWalk: true));
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
