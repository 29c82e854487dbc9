// The command line -> Settings and a run: parsed by Options from the flag table, patterns compiled, inputs searched.
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
    /// <returns>The exit status: 0 a line was selected, 1 none was, 2 an error occurred; <see cref="BrokenPipeStatus"/>
    /// when standard output was closed by its reader.</returns>
    public static int Run(string[] args, Stream stdin, Stream stdout, TextWriter stderr, bool stdoutIsTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(args);
        ParsedArgs parsed;
        try
        {
            parsed = Options.Parse(args);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"pegrep: {e.Message}");
            return Usage(stderr);
        }
        if (Informational(parsed, stdout) is { } done) return done;
        try
        {
            return Execute(parsed, stdin, stdout, stderr, stdoutIsTerminal);
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"pegrep: {e.Message}");
            return Usage(stderr);
        }
    }

    /// <summary>
    /// The status of a run whose standard output was closed by its reader (<c>pegrep ... | head -1</c>): what a shell
    /// reports for grep, which dies of SIGPIPE there (128 + 13). Nothing is printed.
    /// </summary>
    public const int BrokenPipeStatus = 141;

    private static int Usage(TextWriter stderr)
    {
        stderr.WriteLine("Usage: pegrep [OPTION]... PATTERN [FILE]...");
        stderr.WriteLine("Try 'pegrep --help' for more information.");
        stderr.Flush();
        return 2;
    }

    // --help, --version, --generate and --type-list print and end the run; null when none was given.
    private static int? Informational(ParsedArgs parsed, Stream stdout)
    {
        string? text = parsed.Help ? Docs.Help()
            : parsed.Version ? $"pegrep {Docs.Version}\n"
            : parsed.Generate is { } kind ? Docs.Generate(kind)
            : parsed.TypeList ? string.Concat(FileTypes.List().Select(l => l + "\n"))
            : null;
        if (text is null) return null;
        try
        {
            stdout.Write(Utf8.GetBytes(text));
            stdout.Flush();
        }
        catch (IOException)
        {
            // A closed pipe or full disk while printing help: nothing more can be said on standard output.
        }
        return 0;
    }

    private static int Execute(ParsedArgs parsed, Stream stdin, Stream stdout, TextWriter stderr, bool terminal)
    {
        var operands = new List<string>(parsed.Operands);
        var readAhead = parsed.Multiline ? ReadAhead.Start(PatternSet.FileOperands(parsed).FirstOrDefault()) : null;
        var patterns = PatternSet.Compile(parsed, operands, stdin, stderr);
        if (patterns is null) return 2;
        if (parsed.LpegJson) return RunOracle(patterns, operands, EngineOf(parsed), stdin, stdout, stderr);

        var settings = MakeSettings(parsed, operands, terminal);
        if (settings.Multiline && settings.HasContext) throw new UsageException("-A, -B and -C are not supported with -U");
        var traceLog = settings.TraceLog is { } path ? new TraceLog(path) : null;
        // One record for the whole run: the pattern's JIT state is kept per record (see EngineOptions).
        var jit = EngineOptions.For(settings.Engine, traceLog is null ? null : traceLog.Event);
        var matcher = new Matcher(patterns, settings.WholeLine, settings.WordRegexp && !settings.WholeLine, new MatchOptions { Jit = jit });
        if (!TryPrepare(matcher, settings.Eol, stderr)) return 2;
        // As grep: -m 0 selects nothing, so nothing is read or printed.
        if (settings.MaxCount == 0) return 1;
        int Search() => new Searcher(settings, matcher, stdin, stdout, stderr, readAhead).Run(stderr);
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

    // Grammar errors (left recursion, an undefined rule...) surface when a pattern is first compiled.
    private static bool TryPrepare(Matcher matcher, byte eol, TextWriter stderr)
    {
        try
        {
            matcher.Prepare(eol);
            return true;
        }
        catch (PegException e)
        {
            stderr.WriteLine($"pegrep: {e.Message}");
            return false;
        }
    }

    private static Settings MakeSettings(ParsedArgs p, List<string> files, bool terminal) => new()
    {
        Files = files,
        Multiline = p.Multiline,
        WholeLine = p.Line,
        WordRegexp = p.Word,
        Invert = p.Invert,
        Recursive = p.Recursive,
        NoMessages = p.NoMessages,
        Text = p.Text,
        Mode = ModeOf(p),
        LineNumbers = p.LineNumber || p.Column,
        WithFilename = p.WithFilename,
        Color = p.Color switch
        {
            "always" => true,
            "never" => false,
            _ => terminal && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
        },
        Stats = p.Stats,
        Engine = EngineOf(p),
        TraceLog = p.TraceLog,
        Threads = p.Threads,
        // As grep: -C sets both lengths, an explicit -A or -B wins over it whatever the order.
        After = p.After ?? p.Context ?? 0,
        Before = p.Before ?? p.Context ?? 0,
        GroupSeparator = p.GroupSeparator,
        MaxCount = p.MaxCount,
        ByteOffset = p.ByteOffset,
        Column = p.Column,
        NullAfterName = p.NullAfterName,
        Eol = p.NullData ? (byte)0 : (byte)'\n',
        Filter = FileFilter.From(p),
    };

    // grep's precedence: -q, then -l / -L, then -c; --json and -o choose how selected lines print.
    private static OutputMode ModeOf(ParsedArgs p) =>
        p.Quiet ? OutputMode.Quiet
        : p.FilesWithMatches ? OutputMode.FilesWithMatches
        : p.FilesWithoutMatch ? OutputMode.FilesWithoutMatch
        : p.Count ? OutputMode.Count
        : p.CountMatches ? OutputMode.CountMatches
        : p.Json ? OutputMode.Json
        : p.OnlyMatching ? OutputMode.OnlyMatching
        : OutputMode.Lines;

    private static EngineChoice EngineOf(ParsedArgs p) => Enum.Parse<EngineChoice>(p.Engine, ignoreCase: true);

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
            stderr.WriteLine("pegrep: --lpeg-json takes one pattern (--grammar PATTERN_FILE) and one SUBJECTS_FILE");
            return Usage(stderr);
        }
        var pattern = patterns[0];
        var options = new MatchOptions { PositionBase = PositionBase.One, Jit = EngineOptions.For(engine, log: null) };
        if (!TryPrepare(new Matcher(patterns, wholeSubject: false, word: false, MatchOptions.Default), (byte)'\n', stderr)) return 2;
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
}
