// The parsed command line -> one immutable record that the searchers and the printer read.
namespace Pegrep;

/// <summary>What is printed for a file; the first that applies wins, in grep's precedence.</summary>
internal enum OutputMode
{
    /// <summary>-q: nothing; the first selected line anywhere ends the run.</summary>
    Quiet,
    /// <summary>-l: the names of files with a selected line.</summary>
    FilesWithMatches,
    /// <summary>-L: the names of files without one.</summary>
    FilesWithoutMatch,
    /// <summary>-c: the number of selected lines per file.</summary>
    Count,
    /// <summary>--count-matches: the number of (non-empty) matches per file.</summary>
    CountMatches,
    /// <summary>--json: ripgrep's JSON message stream.</summary>
    Json,
    /// <summary>-o: each non-empty match on a line of its own.</summary>
    OnlyMatching,
    /// <summary>The selected lines (the default).</summary>
    Lines,
}

/// <summary>Which engine runs the patterns (--engine); <see cref="EngineOptions.For"/> turns it into the JIT's mode.</summary>
internal enum EngineChoice
{
    /// <summary>interp: the bytecode interpreter alone (<c>JitMode.Off</c>).</summary>
    Interp,
    /// <summary>jit: every loop is recorded and compiled the first time it is reached (<c>JitMode.Always</c>), so
    /// that compiled code runs even on small inputs.</summary>
    Jit,
    /// <summary>auto: loops are compiled once hot (<c>JitMode.Auto</c>, the library's default threshold).</summary>
    Auto,
}

/// <summary>Everything a search needs to know from the command line.</summary>
internal sealed record Settings
{
    /// <summary>The file operands ("-" is standard input); empty means standard input (or "." with -r).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
    /// <summary>-U: search the whole input; a match may span lines.</summary>
    public bool Multiline { get; init; }
    /// <summary>-x: the pattern must match the whole line (the whole input with -U).</summary>
    public bool WholeLine { get; init; }
    /// <summary>-v: select the lines that do not match.</summary>
    public bool Invert { get; init; }
    /// <summary>-r: search directories recursively.</summary>
    public bool Recursive { get; init; }
    /// <summary>-s: no messages about unreadable files.</summary>
    public bool NoMessages { get; init; }
    /// <summary>-a: search binary files as text.</summary>
    public bool Text { get; init; }
    /// <summary>What is printed.</summary>
    public OutputMode Mode { get; init; } = OutputMode.Lines;
    /// <summary>-n: prefix lines with their 1-based number.</summary>
    public bool LineNumbers { get; init; }
    /// <summary>-H (true) / -h (false); null: shown when more than one file may be searched.</summary>
    public bool? WithFilename { get; init; }
    /// <summary>Whether SGR colors are written (the --color choice already resolved).</summary>
    public bool Color { get; init; }
    /// <summary>--stats: summary lines on standard error (the search, then the JIT).</summary>
    public bool Stats { get; init; }
    /// <summary>--engine.</summary>
    public EngineChoice Engine { get; init; } = EngineChoice.Auto;
    /// <summary>--trace-log: the file the trace events and the JIT's statistics are written to.</summary>
    public string? TraceLog { get; init; }
    /// <summary>Files searched at once.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>-w: a match must have a non-word byte or the line's edge on both sides.</summary>
    public bool WordRegexp { get; init; }
    /// <summary>-A: lines printed after each selected line.</summary>
    public int After { get; init; }
    /// <summary>-B: lines printed before each selected line.</summary>
    public int Before { get; init; }
    /// <summary>What is printed between context groups (--group-separator); null for nothing.</summary>
    public string? GroupSeparator { get; init; } = "--";
    /// <summary>-m: the most selected lines per file; null for no limit.</summary>
    public long? MaxCount { get; init; }
    /// <summary>-b: prefix the byte offset of the line (of the match with -o).</summary>
    public bool ByteOffset { get; init; }
    /// <summary>--column: prefix the 1-based column of the first match.</summary>
    public bool Column { get; init; }
    /// <summary>-Z: a NUL byte after file names.</summary>
    public bool NullAfterName { get; init; }
    /// <summary>The byte that ends a line: '\n', or NUL with -z.</summary>
    public byte Eol { get; init; } = (byte)'\n';
    /// <summary>Which files a walk (and the operands) search: globs, ignore files, hidden files, depth.</summary>
    public FileFilter Filter { get; init; } = FileFilter.None;

    /// <summary>Whether context lines are printed around selected lines.</summary>
    public bool HasContext => After > 0 || Before > 0;
}
