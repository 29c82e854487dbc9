// Every flag of pegrep, declared once: name, section, help line and what it sets in ParsedArgs.
namespace Pegrep;

/// <summary>The command line as parsed: each flag's value as given, then the operands in order.</summary>
internal sealed class ParsedArgs
{
    public readonly List<string> Operands = [];
    public readonly List<string> Regexps = [];
    public readonly List<string> PatternFiles = [];
    public readonly List<string> GrammarFiles = [];
    public readonly List<string> Includes = [];
    public readonly List<string> Excludes = [];
    public readonly List<string> ExcludeDirs = [];
    public readonly List<string> Globs = [];
    public readonly List<string> Types = [];
    public readonly List<string> TypesNot = [];
    public bool Fixed, IgnoreCase, Word, Line, Multiline, Invert;
    public bool OnlyMatching, Count, CountMatches, LineNumber, ByteOffset, Column, NullAfterName, NullData;
    public bool? WithFilename;
    public bool FilesWithMatches, FilesWithoutMatch, Quiet, NoMessages, Text, Json;
    public int? After, Before, Context, MaxCount, MaxDepth;
    public string? GroupSeparator = "--";
    public bool Recursive, NoIgnore, Hidden;
    public string Color = "auto";
    public string Engine = "auto";
    public string? TraceLog;
    public bool Stats, LpegJson;
    public int Threads = Environment.ProcessorCount;
    public bool Help, Version, TypeList;
    public string? Generate;
}

internal static partial class Options
{
    private const string Patterns = "Patterns", Output = "Output", Context = "Context", Files = "Files", Engine = "Engine", Info = "Information";

    /// <summary>The kinds <c>--generate</c> writes.</summary>
    public static readonly string[] Generated = ["man", "complete-bash", "complete-zsh", "complete-fish"];

    /// <summary>Every flag, in the order help lists them.</summary>
    public static readonly Flag[] Flags =
    [
        new('e', "regexp", Patterns, "Use PATTERN (re syntax; a fixed string with -F). May be repeated: a line is selected when any matches. Every operand is then a FILE; a pattern beginning with '-' is given this way",
            (p, v) => p.Regexps.Add(v)) { Kind = ValueKind.Required, ValueName = "PATTERN" },
        new('f', "file", Patterns, "Read patterns from FILE, one per line (as grep: an empty line matches every line, an empty file none); '-' is standard input",
            (p, v) => p.PatternFiles.Add(v)) { Kind = ValueKind.Required, ValueName = "FILE", FileValue = true },
        new('\0', "grammar", Patterns, "Read one pattern from FILE: a whole re grammar over many lines (one trailing newline dropped)",
            (p, v) => p.GrammarFiles.Add(v)) { Kind = ValueKind.Required, ValueName = "FILE", FileValue = true },
        new('F', "fixed-strings", Patterns, "Patterns are fixed strings (bytes as given), not re syntax; several match leftmost-longest, as grep -F",
            (p, _) => p.Fixed = true),
        new('i', "ignore-case", Patterns, "Match ASCII letters in either case: in literals, sets, ranges and =name back-references (other bytes match as written)",
            (p, _) => p.IgnoreCase = true),
        new('\0', "no-ignore-case", Patterns, "Match case as written (the default; undoes an earlier -i)", (p, _) => p.IgnoreCase = false),
        new('w', "word-regexp", Patterns, "Select only matches with a non-word byte (not a letter, digit or '_') or the line's edge on both sides; as grep, a failing match is retried shorter, then further on",
            (p, _) => p.Word = true),
        new('x', "line-regexp", Patterns, "Select a line only when the pattern, anchored at its start, matches up to its end (the whole input with -U); -w is then ignored",
            (p, _) => p.Line = true),
        new('U', "multiline", Patterns, "Search the whole input as one subject: matches may span lines; the lines a match touches are selected",
            (p, _) => p.Multiline = true),
        new('v', "invert-match", Patterns, "Select the lines that do not match", (p, _) => p.Invert = true),

        new('o', "only-matching", Output, "Print each non-empty match, one per line, instead of the lines", (p, _) => p.OnlyMatching = true),
        new('c', "count", Output, "Print the number of selected lines of each file", (p, _) => p.Count = true),
        new('\0', "count-matches", Output, "Print the number of non-empty matches in each file (with -v: of selected lines)", (p, _) => p.CountMatches = true),
        new('n', "line-number", Output, "Prefix each line with its 1-based line number", (p, _) => p.LineNumber = true),
        new('b', "byte-offset", Output, "Prefix each line with the 0-based byte offset of its start in the file (with -o: of the match)", (p, _) => p.ByteOffset = true),
        new('\0', "column", Output, "Prefix each selected line with the 1-based byte column of its first match (with -o: of each match); implies -n, as ripgrep",
            (p, _) => p.Column = true),
        new('H', "with-filename", Output, "Prefix each line with its file name", (p, _) => p.WithFilename = true),
        new('h', "no-filename", Output, "Never prefix file names (by default they are shown when more than one file is searched)", (p, _) => p.WithFilename = false),
        new('Z', "null", Output, "Write a NUL byte after each file name instead of ':' (or the newline of -l, -L)", (p, _) => p.NullAfterName = true),
        new('z', "null-data", Output, "Lines end with a NUL byte instead of a newline, in input and output", (p, _) => p.NullData = true),
        new('l', "files-with-matches", Output, "Print only the names of files with a selected line", (p, _) => p.FilesWithMatches = true),
        new('L', "files-without-match", Output, "Print only the names of files without one", (p, _) => p.FilesWithoutMatch = true),
        new('q', "quiet", Output, "Print nothing; exit 0 at the first selected line (even if an error occurred)", (p, _) => p.Quiet = true) { Aliases = ["silent"] },
        new('m', "max-count", Output, "Stop reading a file after NUM selected lines (trailing context is still printed)",
            (p, v) => p.MaxCount = Number(v, "max count")) { Kind = ValueKind.Required, ValueName = "NUM" },
        new('s', "no-messages", Output, "Suppress messages about missing or unreadable files", (p, _) => p.NoMessages = true),
        new('a', "text", Output, "Search binary files (a NUL byte in the first 8 KiB) as text; otherwise a match prints 'pegrep: FILE: binary file matches' on standard error instead of the lines",
            (p, _) => p.Text = true),
        new('\0', "color", Output, "Highlight matches, file names, line numbers and separators with grep's colors: auto (when output is a terminal; --color alone), always, never",
            (p, v) => p.Color = v.Length == 0 ? "auto" : v) { Kind = ValueKind.Optional, ValueName = "WHEN", Choices = ["", "auto", "always", "never"], Aliases = ["colour"] },
        new('\0', "json", Output, "Print ripgrep's JSON message stream: begin, match (with submatches and PegJit's captures), context, end per file, then a summary",
            (p, _) => p.Json = true),

        new('A', "after-context", Context, "Print NUM lines after each selected line", (p, v) => p.After = Number(v, "context length"))
            { Kind = ValueKind.Required, ValueName = "NUM" },
        new('B', "before-context", Context, "Print NUM lines before each selected line", (p, v) => p.Before = Number(v, "context length"))
            { Kind = ValueKind.Required, ValueName = "NUM" },
        new('C', "context", Context, "Print NUM lines before and after each selected line (also -NUM); groups apart are separated by '--', context lines marked '-' where selected ones have ':'",
            (p, v) => p.Context = Number(v, "context length")) { Kind = ValueKind.Required, ValueName = "NUM" },
        new('\0', "group-separator", Context, "Print SEP between context groups instead of '--'", (p, v) => p.GroupSeparator = v)
            { Kind = ValueKind.Required, ValueName = "SEP" },
        new('\0', "no-group-separator", Context, "Print nothing between context groups", (p, _) => p.GroupSeparator = null),

        new('r', "recursive", Files, "Search directories recursively (the current one when no FILE is given), as ripgrep: skipping hidden files and directories, files ignored by .gitignore (inside a git repository) and .ignore, symbolic links and binary files",
            (p, _) => p.Recursive = true),
        new('\0', "no-ignore", Files, "With -r, do not read .gitignore, .ignore or .git/info/exclude", (p, _) => p.NoIgnore = true),
        new('\0', "hidden", Files, "With -r, search hidden files and directories too (names beginning with '.')", (p, _) => p.Hidden = true),
        new('\0', "max-depth", Files, "With -r, descend at most NUM directories below each FILE (0: the operands alone)",
            (p, v) => p.MaxDepth = Number(v, "max depth")) { Kind = ValueKind.Required, ValueName = "NUM" },
        new('g', "glob", Files, "Search only files whose path (below the directory searched) matches GLOB, a gitignore-style glob; '!GLOB' excludes instead. May be repeated; the last matching glob wins",
            (p, v) => p.Globs.Add(v)) { Kind = ValueKind.Required, ValueName = "GLOB" },
        new('\0', "include", Files, "Search only files whose base name matches GLOB (as grep; may be repeated)", (p, v) => p.Includes.Add(v))
            { Kind = ValueKind.Required, ValueName = "GLOB" },
        new('\0', "exclude", Files, "Skip files whose base name matches GLOB (as grep; may be repeated)", (p, v) => p.Excludes.Add(v))
            { Kind = ValueKind.Required, ValueName = "GLOB" },
        new('\0', "exclude-dir", Files, "With -r, skip directories whose name matches GLOB (as grep; may be repeated)", (p, v) => p.ExcludeDirs.Add(v))
            { Kind = ValueKind.Required, ValueName = "GLOB" },
        new('t', "type", Files, "With -r, search only files of kind TYPE (see --type-list); may be repeated", (p, v) => p.Types.Add(v))
            { Kind = ValueKind.Required, ValueName = "TYPE", Choices = FileTypes.Names },
        new('T', "type-not", Files, "With -r, skip files of kind TYPE; may be repeated", (p, v) => p.TypesNot.Add(v))
            { Kind = ValueKind.Required, ValueName = "TYPE", Choices = FileTypes.Names },
        new('\0', "type-list", Files, "Print the file kinds of --type and their globs, and exit", (p, _) => p.TypeList = true),

        new('\0', "engine", Engine, "The matching engine: interp (the bytecode interpreter alone), jit (the tracing JIT records and compiles every loop the first time it is reached) or auto (loops are compiled once hot). The output is the same with each",
            (p, v) => p.Engine = v) { Kind = ValueKind.Required, ValueName = "ENGINE", Choices = ["interp", "jit", "auto"] },
        new('\0', "trace-log", Engine, "Write the JIT's trace events to FILE as they happen, after a header naming the engine, and end with the JIT's statistics",
            (p, v) => p.TraceLog = v) { Kind = ValueKind.Required, ValueName = "FILE", FileValue = true },
        new('\0', "stats", Engine, "Print to standard error: files, bytes, lines, selected lines, elapsed ms, MB/s; then what the JIT did", (p, _) => p.Stats = true),
        new('\0', "lpeg-json", Engine, "Oracle mode: pegrep --lpeg-json --grammar PATTERN_FILE SUBJECTS_FILE prints per JSON byte-string line what LPeg's re.match returns",
            (p, _) => p.LpegJson = true),
        new('j', "threads", Engine, "How many files are searched at once (output stays in argument order)",
            (p, v) => p.Threads = Math.Max(1, Number(v, "thread count"))) { Kind = ValueKind.Required, ValueName = "N" },

        new('\0', "help", Info, "Print this help and exit", (p, _) => p.Help = true),
        new('V', "version", Info, "Print the version and exit", (p, _) => p.Version = true),
        new('\0', "generate", Info, "Print a man page (man) or a completion script (complete-bash, complete-zsh, complete-fish) and exit",
            (p, v) => p.Generate = v) { Kind = ValueKind.Required, ValueName = "KIND", Choices = Generated },
    ];
}
