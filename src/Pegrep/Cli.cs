// The command line -> Settings and a run: every flag declared once (System.CommandLine), the help text made from them.
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Text;
using PegJit;
using PegJit.Tracer;

namespace Pegrep;

/// <summary>
/// The <c>pegrep</c> command: <c>pegrep [OPTIONS] PATTERN [FILE...]</c>, grep whose patterns are parsing expression
/// grammars in LPeg's <c>re</c> syntax. Exit status as grep: 0 when a line is selected, 1 when none is, 2 on an error.
/// </summary>
public static class Cli
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// Runs pegrep writing text: when <paramref name="stdout"/> is a <see cref="StreamWriter"/> its stream gets the
    /// output bytes as they are; otherwise (a <see cref="StringWriter"/> in tests) they are decoded as UTF-8.
    /// </summary>
    /// <returns>The exit status.</returns>
    public static int Run(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr)
    {
        if (stdout is StreamWriter { BaseStream: var stream } writer)
        {
            writer.Flush();
            return Run(args, stdin, stream, stderr);
        }
        using var buffer = new MemoryStream();
        int status = Run(args, stdin, buffer, stderr);
        stdout.Write(Utf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        stdout.Flush();
        return status;
    }

    /// <summary>Runs pegrep writing output bytes to <paramref name="stdout"/> as they are (lines are bytes, not text).</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdin">Read when no file is given, or for "-".</param>
    /// <param name="stdout">Selected lines, matches, counts, names.</param>
    /// <param name="stderr">Error messages and --stats.</param>
    /// <param name="stdoutIsTerminal">Whether --color=auto colors (the process passes whether stdout is a terminal).</param>
    /// <returns>The exit status: 0 a line was selected, 1 none was, 2 an error occurred.</returns>
    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        var flags = new Flags();
        flags.Root.SetAction(parse => Execute(flags, parse, stdin, stdout, stderr, stdoutIsTerminal));
        // A pattern may begin with '@' or '[': neither response files nor directives are wanted.
        var parse = flags.Root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) stderr.WriteLine($"pegrep: {error.Message}");
            return Usage(stderr);
        }
        using var text = new StreamWriter(stdout, Utf8, bufferSize: 4096, leaveOpen: true);
        int status = parse.Invoke(new InvocationConfiguration { Output = text, Error = stderr, EnableDefaultExceptionHandler = false });
        text.Flush();
        return status;
    }

    private static int Usage(TextWriter stderr)
    {
        stderr.WriteLine("Usage: pegrep [OPTIONS] PATTERN [FILE...]");
        stderr.WriteLine("Try 'pegrep --help' for more information.");
        stderr.Flush();
        return 2;
    }

    private static int Execute(Flags flags, ParseResult parse, Stream stdin, Stream stdout, TextWriter stderr, bool terminal)
    {
        var operands = Operands(flags, parse);
        var sources = PatternSources(flags, parse, operands);
        if (sources.Count == 0)
        {
            stderr.WriteLine("pegrep: no pattern given");
            return Usage(stderr);
        }
        var patterns = new List<Pattern>();
        foreach (var source in sources)
        {
            if (!source.TryCompile(stderr, out var pattern)) return 2;
            patterns.Add(pattern);
        }
        if (parse.GetValue(flags.LpegJson)) return RunOracle(patterns, operands, EngineOf(flags, parse), stdin, stdout, stderr);

        var settings = MakeSettings(flags, parse, operands, terminal);
        var traceLog = settings.TraceLog is { } path ? new TraceLog(path) : null;
        // One record for the whole run: the pattern's JIT state is kept per record (see EngineOptions).
        var jit = EngineOptions.For(settings.Engine, traceLog is null ? null : traceLog.Event);
        var matcher = new Matcher(patterns, settings.WholeLine, new MatchOptions { Jit = jit });
        if (!TryPrepare(matcher, stderr)) return 2;
        int Search() => new Searcher(settings, matcher, stdin, stdout, stderr).Run(stderr);
        return traceLog is null ? Search() : SearchLogged(traceLog, settings, matcher, Search, stderr);
    }

    // The log is opened once the pattern is known to be good, and closed with the JIT's statistics; failing to
    // write it is an error of the run (with -q a selected line still wins, as for an unreadable file).
    private static int SearchLogged(TraceLog traceLog, Settings settings, Matcher matcher, Func<int> search, TextWriter stderr)
    {
        using (traceLog)
        {
            if (!TryTraceLog(traceLog, stderr, log => log.Open(settings.Engine, matcher.Jit))) return 2;
            int status = search();
            if (TryTraceLog(traceLog, stderr, log => log.Close(matcher.Jit, matcher.Name, matcher.JitStatistics))) return status;
            return settings.Mode == OutputMode.Quiet && status == 0 ? 0 : 2;
        }
    }

    // The parser takes leading "[...]" words for directives even when none is declared; here they are the first
    // operands (a pattern such as "[0-9]+").
    private static List<string> Operands(Flags flags, ParseResult parse)
    {
        var operands = parse.Tokens.TakeWhile(t => t.Type == TokenType.Directive).Select(t => t.Value).ToList();
        if (parse.GetValue(flags.PatternArgument) is { } first) operands.Add(first);
        operands.AddRange(parse.GetValue(flags.FileArguments) ?? []);
        return operands;
    }

    // As grep: with -e or -f every operand is a file; otherwise the first operand is the pattern (taken out).
    private static List<PatternSource> PatternSources(Flags flags, ParseResult parse, List<string> operands)
    {
        var sources = new List<PatternSource>();
        foreach (var e in parse.GetValue(flags.Regexp) ?? []) sources.Add(new PatternSource(null, e));
        foreach (var f in parse.GetValue(flags.PatternFile) ?? []) sources.Add(new PatternSource(f, null));
        if (sources.Count == 0 && operands.Count > 0)
        {
            sources.Add(new PatternSource(null, operands[0]));
            operands.RemoveAt(0);
        }
        return sources;
    }

    // Grammar errors (left recursion, an undefined rule...) surface when a pattern is first compiled.
    private static bool TryPrepare(Matcher matcher, TextWriter stderr)
    {
        try
        {
            matcher.Prepare();
            return true;
        }
        catch (PegException e)
        {
            stderr.WriteLine($"pegrep: {e.Message}");
            return false;
        }
    }

    private static Settings MakeSettings(Flags flags, ParseResult parse, List<string> files, bool terminal)
    {
        bool with = parse.GetValue(flags.WithFilename), without = parse.GetValue(flags.NoFilename);
        return new Settings
        {
            Files = files,
            Multiline = parse.GetValue(flags.Multiline),
            WholeLine = parse.GetValue(flags.LineRegexp),
            Invert = parse.GetValue(flags.Invert),
            Recursive = parse.GetValue(flags.Recursive),
            NoMessages = parse.GetValue(flags.NoMessages),
            Text = parse.GetValue(flags.Text),
            Mode = ModeOf(flags, parse),
            LineNumbers = parse.GetValue(flags.LineNumber),
            // The last of -H / -h wins in grep; here -h (the quieter) wins when both are given.
            WithFilename = without ? false : with ? true : null,
            Color = parse.GetValue(flags.Color) switch
            {
                "always" => true,
                "never" => false,
                _ => terminal && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
            },
            Stats = parse.GetValue(flags.Stats),
            Engine = EngineOf(flags, parse),
            TraceLog = parse.GetValue(flags.TraceLog),
            Threads = parse.GetValue(flags.Threads),
        };
    }

    // grep's precedence: -q, then -l / -L, then -c; --json and -o choose how selected lines print.
    private static OutputMode ModeOf(Flags flags, ParseResult parse) =>
        parse.GetValue(flags.Quiet) ? OutputMode.Quiet
        : parse.GetValue(flags.FilesWithMatches) ? OutputMode.FilesWithMatches
        : parse.GetValue(flags.FilesWithoutMatch) ? OutputMode.FilesWithoutMatch
        : parse.GetValue(flags.Count) ? OutputMode.Count
        : parse.GetValue(flags.CountMatches) ? OutputMode.CountMatches
        : parse.GetValue(flags.Json) ? OutputMode.Json
        : parse.GetValue(flags.OnlyMatching) ? OutputMode.OnlyMatching
        : OutputMode.Lines;

    private static EngineChoice EngineOf(Flags flags, ParseResult parse) =>
        Enum.Parse<EngineChoice>(parse.GetValue(flags.Engine) ?? "auto", ignoreCase: true);

    // Reported as grep reports a file it cannot read.
    private static bool TryTraceLog(TraceLog log, TextWriter stderr, Action<TraceLog> step)
    {
        try
        {
            step(log);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pegrep: {log.Path}: {Inputs.Reason(e)}");
            return false;
        }
    }

    private static int RunOracle(List<Pattern> patterns, List<string> operands, EngineChoice engine, Stream stdin, Stream stdout, TextWriter stderr)
    {
        if (patterns.Count != 1 || operands.Count != 1)
        {
            stderr.WriteLine("pegrep: --lpeg-json takes one pattern (-f PATTERN_FILE) and one SUBJECTS_FILE");
            return Usage(stderr);
        }
        var pattern = patterns[0];
        var options = new MatchOptions { PositionBase = PositionBase.One, Jit = EngineOptions.For(engine, log: null) };
        if (!TryPrepare(new Matcher(patterns, wholeSubject: false, MatchOptions.Default), stderr)) return 2;
        string name = operands[0];
        try
        {
            using var subjects = name == "-" ? new StreamReader(stdin, Utf8, false, 1 << 16, leaveOpen: true) : new StreamReader(name, Utf8);
            using var output = new StreamWriter(stdout, Utf8, bufferSize: 1 << 16, leaveOpen: true);
            return Oracle.Run(pattern, options, name, subjects, output, stderr);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pegrep: {name}: {Inputs.Reason(e)}");
            return 2;
        }
    }

    /// <summary>Where a pattern comes from: -f FILE (bytes as they are), or text (-e, the first operand).</summary>
    private sealed record PatternSource(string? File, string? Text)
    {
        public bool TryCompile(TextWriter stderr, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Pattern? pattern)
        {
            pattern = null;
            try
            {
                pattern = File is null ? Re.Compile(Text!) : Re.Compile(Oracle.PatternBytes(System.IO.File.ReadAllBytes(File)));
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                stderr.WriteLine($"pegrep: {File}: {Inputs.Reason(e)}");
                return false;
            }
            catch (PegException e)
            {
                stderr.WriteLine(File is null ? $"pegrep: {e.Message}" : $"pegrep: {File}: {e.Message}");
                return false;
            }
        }
    }

    /// <summary>The declarations of every flag; the help text is generated from them.</summary>
    private sealed class Flags
    {
        public readonly RootCommand Root = new(
            "Search each FILE for lines matched by PATTERN, a parsing expression grammar in LPeg's re syntax, e.g. " +
            "\"'http' 's'? '://' [a-z.]+\" or a whole grammar with -f. A line is selected when the pattern matches " +
            "somewhere in it (re.find on the line). With no FILE, or FILE '-', standard input is read; with -r and no " +
            "FILE, the current directory. Exit status: 0 when a line is selected, 1 when none is, 2 on an error.");

        public readonly Argument<string?> PatternArgument = new("PATTERN")
        {
            Description = "The pattern (re syntax), unless -e or -f gives it; then every operand is a FILE",
            Arity = ArgumentArity.ZeroOrOne,
        };
        public readonly Argument<string[]> FileArguments = new("FILE")
        {
            Description = "Files (or directories, with -r) to search; '-' is standard input",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public readonly Option<string[]> Regexp = new("--regexp", "-e")
        {
            Description = "Use PATTERN (re syntax); may be repeated: a line is selected when any of them matches",
            HelpName = "PATTERN",
        };
        public readonly Option<string[]> PatternFile = new("--file", "-f")
        {
            Description = "Read the pattern from FILE: a whole re grammar over many lines (one trailing newline dropped)",
            HelpName = "FILE",
        };
        public readonly Option<bool> Multiline = new("--multiline", "-U")
        {
            Description = "Search the whole input as one subject: matches may span lines; the lines a match touches are selected",
        };
        public readonly Option<bool> LineRegexp = new("--line-regexp", "-x")
        {
            Description = "Select a line only when the pattern, anchored at its start, matches up to its end (the whole input with -U)",
        };
        public readonly Option<bool> Invert = new("--invert-match", "-v") { Description = "Select the lines that do not match" };
        public readonly Option<bool> OnlyMatching = new("--only-matching", "-o")
        {
            Description = "Print each non-empty match, one per line, instead of the lines",
        };
        public readonly Option<bool> Count = new("--count", "-c") { Description = "Print the number of selected lines of each file" };
        public readonly Option<bool> CountMatches = new("--count-matches")
        {
            Description = "Print the number of non-empty matches in each file (with -v: of selected lines)",
        };
        public readonly Option<bool> LineNumber = new("--line-number", "-n") { Description = "Prefix each line with its 1-based line number" };
        public readonly Option<bool> WithFilename = new("--with-filename", "-H") { Description = "Prefix each line with its file name" };
        public readonly Option<bool> NoFilename = new("--no-filename", "-h")
        {
            Description = "Never prefix file names (by default they are shown when more than one file is searched)",
        };
        public readonly Option<bool> FilesWithMatches = new("--files-with-matches", "-l") { Description = "Print only the names of files with a selected line" };
        public readonly Option<bool> FilesWithoutMatch = new("--files-without-match", "-L") { Description = "Print only the names of files without one" };
        public readonly Option<bool> Quiet = new("--quiet", "-q", "--silent")
        {
            Description = "Print nothing; exit 0 at the first selected line (even if an error occurred)",
        };
        public readonly Option<bool> Recursive = new("--recursive", "-r")
        {
            Description = "Search directories recursively, skipping hidden files and directories, symbolic links and binary files",
        };
        public readonly Option<bool> NoMessages = new("--no-messages", "-s") { Description = "Suppress messages about missing or unreadable files" };
        public readonly Option<bool> Text = new("--text", "-a")
        {
            Description = "Search binary files (a NUL byte in the first 8 KiB) as text; otherwise 'Binary file X matches' replaces their lines",
        };
        public readonly Option<string> Color = new("--color", "--colour")
        {
            Description = "Highlight matches, file names, line numbers and separators with grep's colors: auto (when output is a terminal), always, never",
            HelpName = "WHEN",
            DefaultValueFactory = _ => "auto",
        };
        public readonly Option<bool> Json = new("--json")
        {
            Description = "Print one JSON object per match: file, line, offset (byte offset in the file), text and captures; " +
                          "strings in text and captures are byte strings (one character U+0000..U+00FF per byte), capture positions 0-based in the line",
        };
        public readonly Option<string> Engine = new("--engine")
        {
            Description = "The matching engine: interp (the bytecode interpreter alone), jit (the tracing JIT records and compiles " +
                          "every loop the first time it is reached, so compiled code runs even on small inputs) or auto (loops are " +
                          $"compiled once hot: {TracerOptions.Default.HotThreshold} visits over the run). The output is the same with each",
            HelpName = "ENGINE",
            DefaultValueFactory = _ => "auto",
        };
        public readonly Option<string?> TraceLog = new("--trace-log")
        {
            Description = "Write the JIT's trace events to FILE as they happen (recorded, compiled, aborted, side trace...), " +
                          "after a header naming the engine, and end with the JIT's statistics for the pattern",
            HelpName = "FILE",
        };
        public readonly Option<bool> Stats = new("--stats")
        {
            Description = "Print to standard error: files, bytes searched, lines, matched lines, elapsed ms, MB/s; then the JIT's " +
                          "traces (side traces), aborts, compile ms, entries into compiled code, bytes consumed there (share of bytes searched)",
        };
        public readonly Option<bool> LpegJson = new("--lpeg-json")
        {
            Description = "Oracle mode: pegrep --lpeg-json -f PATTERN_FILE SUBJECTS_FILE. Each line of SUBJECTS_FILE is a JSON byte string; " +
                          "print per line what LPeg's re.match returns, as JSON (null when it fails); --engine applies",
        };
        public readonly Option<int> Threads = new("--threads", "-j")
        {
            Description = "How many files are searched at once (output stays in argument order)",
            HelpName = "N",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };

        public Flags()
        {
            Color.AcceptOnlyFromAmong("auto", "always", "never");
            Engine.AcceptOnlyFromAmong("interp", "jit", "auto");
            // grep spells "no file names" -h, so help is --help and -? only.
            foreach (var help in Root.Options.OfType<HelpOption>().ToList()) Root.Options.Remove(help);
            Root.Options.Add(new HelpOption("--help", "-?"));
            Root.Directives.Clear();
            Root.Arguments.Add(PatternArgument);
            Root.Arguments.Add(FileArguments);
            Option[] all =
            [
                Regexp, PatternFile, Multiline, LineRegexp, Invert, OnlyMatching, Count, CountMatches, LineNumber,
                WithFilename, NoFilename, FilesWithMatches, FilesWithoutMatch, Quiet, Recursive, NoMessages, Text,
                Color, Json, Engine, TraceLog, Stats, LpegJson, Threads,
            ];
            foreach (var option in all) Root.Options.Add(option);
        }
    }
}
