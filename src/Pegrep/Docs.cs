// The flag table -> --help, the man page (pegrep.1) and completion scripts for bash, zsh and fish.
using System.Reflection;
using System.Text;

namespace Pegrep;

/// <summary>Text made from <see cref="Options.Flags"/>: nothing here lists a flag by hand.</summary>
internal static class Docs
{
    private const string Summary =
        "Search each FILE for lines matched by PATTERN, a parsing expression grammar in LPeg's re syntax, e.g. " +
        "\"'http' 's'? '://' [a-z.]+\". A line is selected when the pattern matches somewhere in it (re.find on the line). " +
        "With no FILE, or FILE '-', standard input is read; with -r and no FILE, the current directory. " +
        "Matching runs on a bytecode VM with a tracing JIT (--engine).";

    private const string ExitStatus = "Exit status: 0 when a line is selected, 1 when none is, 2 on an error (with -q a selected line wins); " +
                                      "141 when standard output is closed by its reader, as a shell reports for grep killed by SIGPIPE.";

    /// <summary>The version of the tool (the assembly's informational version, without build metadata).</summary>
    public static string Version { get; } =
        (typeof(Docs).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0").Split('+')[0];

    /// <summary>--help: usage, summary, then each section's flags with their help lines.</summary>
    public static string Help()
    {
        var sb = new StringBuilder();
        sb.Append("Usage: pegrep [OPTION]... PATTERN [FILE]...\n       pegrep [OPTION]... -e PATTERN... [FILE]...\n\n");
        sb.Append(Wrap(Summary, 0));
        foreach (var section in Options.Flags.GroupBy(f => f.Section))
        {
            sb.Append('\n').Append(section.Key).Append(":\n");
            foreach (var flag in section)
            {
                string names = Names(flag);
                sb.Append("  ").Append(names.PadRight(30));
                if (names.Length > 30) sb.Append('\n').Append(new string(' ', 32));
                sb.Append(Wrap(flag.Help, 32).TrimStart());
            }
        }
        sb.Append('\n').Append(Wrap(ExitStatus, 0));
        return sb.ToString();
    }

    // "-A, --after-context=NUM", "    --color[=WHEN]"
    private static string Names(Flag flag)
    {
        string value = flag.Kind switch
        {
            ValueKind.Required => "=" + flag.ValueName,
            ValueKind.Optional => "[=" + flag.ValueName + "]",
            _ => "",
        };
        string longNames = string.Join(", ", flag.Aliases.Prepend(flag.Long).Select(n => "--" + n + value));
        return (flag.Short != '\0' ? $"-{flag.Short}, " : "    ") + longNames;
    }

    private static string Wrap(string text, int indent, int width = 100)
    {
        var sb = new StringBuilder();
        int column = 0;
        foreach (string word in text.Split(' '))
        {
            if (column > indent && column + 1 + word.Length > width)
            {
                sb.Append('\n').Append(new string(' ', indent));
                column = indent;
            }
            else if (column > indent || (column > 0 && sb.Length > 0)) { sb.Append(' '); column++; }
            else if (column == 0) { sb.Append(new string(' ', indent)); column = indent; }
            sb.Append(word);
            column += word.Length;
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>--generate KIND: man, complete-bash, complete-zsh, complete-fish.</summary>
    public static string Generate(string kind) => kind switch
    {
        "man" => Man(),
        "complete-bash" => Bash(),
        "complete-zsh" => Zsh(),
        _ => Fish(),
    };

    private static string Man()
    {
        var sb = new StringBuilder();
        sb.Append($".TH PEGREP 1 \"\" \"pegrep {Version}\" \"User Commands\"\n");
        sb.Append(".SH NAME\npegrep \\- grep whose patterns are parsing expression grammars (LPeg's re syntax)\n");
        sb.Append(".SH SYNOPSIS\n.B pegrep\n[\\fIOPTION\\fR]... \\fIPATTERN\\fR [\\fIFILE\\fR]...\n.br\n.B pegrep\n[\\fIOPTION\\fR]... \\fB\\-e\\fR \\fIPATTERN\\fR... [\\fIFILE\\fR]...\n");
        sb.Append(".SH DESCRIPTION\n").Append(Roff(Summary)).Append('\n');
        foreach (var section in Options.Flags.GroupBy(f => f.Section))
        {
            sb.Append(".SS ").Append(section.Key).Append('\n');
            foreach (var flag in section)
                sb.Append(".TP\n.B ").Append(Roff(Names(flag).Trim())).Append('\n').Append(Roff(flag.Help)).Append('\n');
        }
        sb.Append(".SH \"EXIT STATUS\"\n").Append(Roff(ExitStatus)).Append('\n');
        sb.Append(".SH \"SEE ALSO\"\ngrep(1), rg(1)\n");
        return sb.ToString();
    }

    // Backslashes and hyphens escaped; a line starting with '.' or '\'' would be a request.
    private static string Roff(string text)
    {
        string s = text.Replace("\\", "\\e").Replace("-", "\\-");
        return s.StartsWith('.') || s.StartsWith('\'') ? "\\&" + s : s;
    }

    private static IEnumerable<string> AllNames(Flag f) =>
        f.Aliases.Prepend(f.Long).Select(n => "--" + n).Concat(f.Short != '\0' ? [$"-{f.Short}"] : []);

    private static string Bash()
    {
        var sb = new StringBuilder("# bash completion for pegrep (pegrep --generate complete-bash)\n_pegrep() {\n");
        sb.Append("    local cur prev\n    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n");
        sb.Append("    case \"$prev\" in\n");
        foreach (var f in Options.Flags.Where(f => f.Kind == ValueKind.Required))
        {
            string action = f.Choices is { } c ? $"COMPREPLY=($(compgen -W \"{string.Join(' ', c.Where(x => x.Length > 0))}\" -- \"$cur\"))"
                : f.FileValue ? "COMPREPLY=($(compgen -f -- \"$cur\"))" : "COMPREPLY=()";
            sb.Append($"        {string.Join('|', AllNames(f))}) {action}; return ;;\n");
        }
        sb.Append("    esac\n    if [[ \"$cur\" == -* ]]; then\n");
        sb.Append($"        COMPREPLY=($(compgen -W \"{string.Join(' ', Options.Flags.SelectMany(AllNames))}\" -- \"$cur\"))\n");
        sb.Append("    else\n        COMPREPLY=($(compgen -f -- \"$cur\"))\n    fi\n}\ncomplete -o filenames -F _pegrep pegrep\n");
        return sb.ToString();
    }

    private static string Zsh()
    {
        var sb = new StringBuilder("#compdef pegrep\n# zsh completion for pegrep (pegrep --generate complete-zsh)\n_arguments -s -S \\\n");
        foreach (var f in Options.Flags)
        {
            string help = ZshEscape(FirstClause(f.Help));
            string value = f.Kind switch
            {
                ValueKind.None => "",
                _ when f.Choices is { } c => $":{f.ValueName}:({string.Join(' ', c.Where(x => x.Length > 0))})",
                _ when f.FileValue => $":{f.ValueName}:_files",
                _ => $":{f.ValueName}: ",
            };
            string eq = f.Kind == ValueKind.Optional ? "=-" : f.Kind == ValueKind.Required ? "=" : "";
            foreach (string n in AllNames(f))
            {
                string spec = n.StartsWith("--", StringComparison.Ordinal) ? n + eq : n;
                sb.Append($"  '{spec}[{help}]{(f.Kind == ValueKind.Optional && n.StartsWith("--", StringComparison.Ordinal) ? value : f.Kind == ValueKind.Required ? value : "")}' \\\n");
            }
        }
        sb.Append("  '1:pattern: ' \\\n  '*:file:_files'\n");
        return sb.ToString();
    }

    private static readonly string[] ClauseEnds = [". ", "; ", " ("];

    // A completion's description: the help line up to its first clause.
    private static string FirstClause(string help) => help.Split(ClauseEnds, 2, StringSplitOptions.None)[0];

    private static string ZshEscape(string s) => s.Replace("'", "'\\''").Replace("[", "\\[").Replace("]", "\\]").Replace(":", "\\:");

    private static string Fish()
    {
        var sb = new StringBuilder("# fish completion for pegrep (pegrep --generate complete-fish)\n");
        foreach (var f in Options.Flags)
        {
            sb.Append("complete -c pegrep");
            if (f.Short != '\0') sb.Append($" -s {f.Short}");
            foreach (string n in f.Aliases.Prepend(f.Long)) sb.Append($" -l {n}");
            if (f.Kind == ValueKind.Required) sb.Append(f.FileValue ? " -r -F" : " -r -f");
            if (f.Choices is { } c) sb.Append($" -a '{string.Join(' ', c.Where(x => x.Length > 0))}'");
            sb.Append(" -d '").Append(FirstClause(f.Help).Replace("'", "\\'")).Append("'\n");
        }
        return sb.ToString();
    }
}
