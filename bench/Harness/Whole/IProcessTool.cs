// Whole-process tools: a command line that prints every match of a search (or their count), for hyperfine to time.
using PegJit.Bench.Runtimes;

namespace PegJit.Bench.Whole;

/// <summary>What a whole-process command prints, and so how its result is read.</summary>
public static class OutputStyle
{
    /// <summary><c>-o</c>: every match on its own line; the result is the number of lines (the match count).</summary>
    public const string Only = "-o";
    /// <summary><c>-c</c>: the number of lines with a match (grep's classic count, not the match count).</summary>
    public const string Lines = "-c";
    /// <summary><c>--count-matches</c>: the number of matches (pegrep and ripgrep; GNU grep has none).</summary>
    public const string Matches = "--count-matches";

    /// <summary>A recognition: the whole file matched against a grammar; the exit status is the result (0: valid), read as
    /// 1 (valid) or 0 (invalid).</summary>
    public const string Recognize = "recognize";

    /// <summary>Whether the result is the number of matches (comparable with the in-process count), not of lines.</summary>
    public static bool CountsMatches(string? style) => style is not (Lines or Recognize);

    /// <summary>The row name: the tool, then its style unless <c>-o</c> (the rows of earlier runs have no style).</summary>
    public static string RowName(string tool, string style) => style == Only ? tool : tool + " " + style;
}

/// <summary>A command-line search tool compared as a whole process (start-up, reading, matching, printing).</summary>
public interface IProcessTool
{
    /// <summary>Row name.</summary>
    string Name { get; }
    /// <summary>The tool without its style (pegrep, grep, rg, lua+lpeg).</summary>
    string Tool { get; }
    /// <summary>What it prints (<see cref="OutputStyle"/>).</summary>
    string Style { get; }
    /// <summary>One line for the report.</summary>
    string Description { get; }
    /// <summary>Checks the tool once.</summary>
    Availability Check();
    /// <summary>A sh command printing each match of <paramref name="workload"/> in <paramref name="file"/> on its own
    /// line (grep -o style), or the count <see cref="Style"/> names; null when the tool cannot express it.</summary>
    string? Command(Workload workload, string file);
}

/// <summary>pegrep, published by bench/run.sh (or found at <c>BENCH_PEGREP</c>).</summary>
public sealed class PegrepTool(string style = OutputStyle.Only) : IProcessTool
{
    /// <summary>The published executable.</summary>
    public static string Path => Environment.GetEnvironmentVariable("BENCH_PEGREP") is { Length: > 0 } p
        ? p : System.IO.Path.Combine(Paths.Results, "pegrep", "pegrep");
    /// <inheritdoc/>
    public string Name => OutputStyle.RowName(Tool, style);
    /// <inheritdoc/>
    public string Tool => "pegrep";
    /// <inheritdoc/>
    public string Style => style;
    /// <inheritdoc/>
    public string Description => $"pegrep {style} (PegJit, line mode with its literal-prefix prefilter, engine auto)";
    /// <inheritdoc/>
    public Availability Check() => File.Exists(Path) && Proc.Version(Path, "--version") is { } v
        ? new(true, "pegrep " + v) : new(false, $"{Path} missing (bench/run.sh publishes it)");
    /// <inheritdoc/>
    public string? Command(Workload workload, string file) =>
        workload.Item is null ? null : $"{Proc.Quote(Path)} {style} -e {Proc.Quote(workload.Item)} {Proc.Quote(file)}";
}

/// <summary>GNU grep -E in the C locale (bytes, as the PEG sees them, and grep's fast path): -o, or -c.</summary>
public sealed class GrepTool(string style = OutputStyle.Only) : IProcessTool
{
    /// <inheritdoc/>
    public string Name => OutputStyle.RowName(Tool, style);
    /// <inheritdoc/>
    public string Tool => "grep";
    /// <inheritdoc/>
    public string Style => style;
    /// <inheritdoc/>
    public string Description => $"GNU grep -E {style}, LC_ALL=C";
    /// <inheritdoc/>
    public Availability Check() => Proc.Version("grep", "--version") is { } v ? new(true, v) : new(false, "grep not found");
    /// <inheritdoc/>
    public string? Command(Workload workload, string file) =>
        workload.RegexForGrep is null || style == OutputStyle.Matches ? null
            : $"LC_ALL=C grep {style}E -e {Proc.Quote(workload.RegexForGrep)} {Proc.Quote(file)}";
}

/// <summary>ripgrep: -o, -c or --count-matches.</summary>
public sealed class RipgrepTool(string style = OutputStyle.Only) : IProcessTool
{
    /// <inheritdoc/>
    public string Name => OutputStyle.RowName(Tool, style);
    /// <inheritdoc/>
    public string Tool => "rg";
    /// <inheritdoc/>
    public string Style => style;
    /// <inheritdoc/>
    public string Description => $"ripgrep {style} (no line numbers, no file name)";
    /// <inheritdoc/>
    public Availability Check() => Proc.Version("rg", "--version") is { } v ? new(true, v) : new(false, "rg not found (apt-get install ripgrep)");
    /// <inheritdoc/>
    public string? Command(Workload workload, string file) =>
        workload.Regex is null ? null : $"rg {style} -N --no-filename -e {Proc.Quote(workload.Regex)} {Proc.Quote(file)}";
}

/// <summary>lua5.4 + LPeg: a generated script compiles the workload's re text, matches the whole file once and prints
/// the captured matches, one per line.</summary>
public sealed class LuaLpegTool : IProcessTool
{
    /// <inheritdoc/>
    public string Name => Tool;
    /// <inheritdoc/>
    public string Tool => "lua+lpeg";
    /// <inheritdoc/>
    public string Style => OutputStyle.Only;
    /// <inheritdoc/>
    public string Description => "lua5.4 script: read the file, re.compile, match once, print each capture";
    /// <inheritdoc/>
    public Availability Check() => Lua.Check();

    /// <inheritdoc/>
    public string? Command(Workload workload, string file)
    {
        if (workload.Kind != WorkloadKind.Search) return null;
        // A table of captures per match (an item with captures of its own) prints as one line, like the others.
        string script = Lua.WriteScript($"grep-{workload.Name}.lua", $$"""
            -- Generated by the benchmark harness: print every match of {{workload.Name}} in arg[1], one per line.
            local re = require "re"
            local f = assert(io.open(arg[1], "rb"))
            local subject = f:read("a")
            f:close()
            local matches = re.compile({{Lua.LongString(workload.Re)}}):match(subject)
            for i = 1, #matches do
              local m = matches[i]
              io.write(type(m) == "table" and table.concat(m, " ") or m, "\n")
            end
            """);
        return $"{Lua.Program} {Proc.Quote(script)} {Proc.Quote(file)}";
    }
}

/// <summary>pegrep recognizing a whole file: <c>pegrep -U -x -q --grammar FILE</c> (the whole input one subject, the
/// grammar anchored at its start and required to reach its end, nothing printed; exit 0 when it matches).</summary>
public sealed class PegrepGrammarTool : IProcessTool
{
    /// <inheritdoc/>
    public string Name => "pegrep -U -x -q";
    /// <inheritdoc/>
    public string Tool => "pegrep";
    /// <inheritdoc/>
    public string Style => OutputStyle.Recognize;
    /// <inheritdoc/>
    public string Description => "pegrep -U -x -q --grammar GRAMMAR FILE (engine auto): the exit status says whether the grammar matches the whole file";
    /// <inheritdoc/>
    public Availability Check() => new PegrepTool().Check();

    /// <inheritdoc/>
    public string? Command(Workload workload, string file)
    {
        if (workload.Kind != WorkloadKind.Recognize) return null;
        string grammar = Path.Combine(Paths.Gen, $"grammar-{workload.Name}.re");
        Directory.CreateDirectory(Paths.Gen);
        File.WriteAllText(grammar, workload.Re);
        return $"{Proc.Quote(PegrepTool.Path)} -U -x -q --grammar {Proc.Quote(grammar)} {Proc.Quote(file)}";
    }
}

/// <summary>lua5.4 + LPeg recognizing a whole file: a generated script reads it, re.compile's the grammar (after
/// <c>lpeg.setmaxstack</c> for the workloads that overflow LPeg's default stack), matches once and exits 0 when it
/// matches.</summary>
public sealed class LuaLpegRecognizeTool : IProcessTool
{
    /// <inheritdoc/>
    public string Name => "lua+lpeg recognize";
    /// <inheritdoc/>
    public string Tool => "lua+lpeg";
    /// <inheritdoc/>
    public string Style => OutputStyle.Recognize;
    /// <inheritdoc/>
    public string Description => "lua5.4 script: read the file, re.compile the grammar, match once, exit 0 if it matched (setmaxstack where the workload needs it)";
    /// <inheritdoc/>
    public Availability Check() => Lua.Check();

    /// <inheritdoc/>
    public string? Command(Workload workload, string file)
    {
        if (workload.Kind != WorkloadKind.Recognize) return null;
        string maxStack = workload.NeedsMaxStack ? $"lpeg.setmaxstack({LpegMaxStackRuntime.Limit})\n" : "";
        string script = Lua.WriteScript($"recognize-{workload.Name}.lua", $$"""
            -- Generated by the benchmark harness: does {{workload.Name}}'s grammar match the whole of arg[1]?
            local lpeg = require "lpeg"
            local re = require "re"
            {{maxStack}}local f = assert(io.open(arg[1], "rb"))
            local subject = f:read("a")
            f:close()
            os.exit(re.compile({{Lua.LongString(workload.Re)}}):match(subject) and 0 or 1)
            """);
        return $"{Lua.Program} {Proc.Quote(script)} {Proc.Quote(file)}";
    }
}
