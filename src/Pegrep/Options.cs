// The command line -> ParsedArgs, by getopt_long's rules, from one table of flags (which also makes help, man page, completions).
using System.Globalization;

namespace Pegrep;

/// <summary>What a flag's value is, for help and for completions.</summary>
internal enum ValueKind
{
    /// <summary>No value: a switch.</summary>
    None,
    /// <summary>A value that must follow (<c>-A 2</c>, <c>-A2</c>, <c>--after-context=2</c>).</summary>
    Required,
    /// <summary>A value only in the <c>--name=value</c> form (<c>--color</c> alone means auto, as in grep).</summary>
    Optional,
}

/// <summary>
/// One flag: its short letter (or '\0'), its long name, its value, its help line and what it sets. The table
/// <see cref="Options.Flags"/> is the single declaration of every flag: parsing, <c>--help</c>, the man page and the shell
/// completions are made from it.
/// </summary>
internal sealed record Flag(char Short, string Long, string Section, string Help, Action<ParsedArgs, string> Set)
{
    public ValueKind Kind { get; init; } = ValueKind.None;
    /// <summary>The value's name in help (NUM, FILE...).</summary>
    public string ValueName { get; init; } = "";
    /// <summary>The only values accepted, when the value is one of a few words.</summary>
    public string[]? Choices { get; init; }
    /// <summary>Completions offer file names for the value.</summary>
    public bool FileValue { get; init; }
    /// <summary>Other long names of the flag.</summary>
    public string[] Aliases { get; init; } = [];
}

/// <summary>A command line that cannot be parsed: the message (without "pegrep: ") is printed before the usage lines.</summary>
internal sealed class UsageException(string message) : Exception(message);

/// <summary>The flag table and getopt_long's rules over it.</summary>
internal static partial class Options
{
    /// <summary>
    /// Parses <paramref name="args"/> as GNU getopt_long does with argument permutation: flags may come before or after
    /// operands; <c>--</c> ends the flags; "-" alone is an operand; short flags bundle (<c>-inr</c>) and take a value
    /// attached (<c>-A2</c>, <c>-e'x'</c>) or as the next argument, whatever it looks like (<c>-e -x</c> is the pattern
    /// "-x"); long flags take <c>--name=value</c> or <c>--name value</c>, and may be abbreviated to a unique prefix;
    /// <c>-NUM</c> is <c>-C NUM</c>. An unknown flag is an error, never an operand.
    /// </summary>
    /// <exception cref="UsageException">An unknown flag, a missing or bad value.</exception>
    public static ParsedArgs Parse(IReadOnlyList<string> args)
    {
        var parsed = new ParsedArgs();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                for (i++; i < args.Count; i++) parsed.Operands.Add(args[i]);
                break;
            }
            if (arg.StartsWith("--", StringComparison.Ordinal)) i = Long(args, i, parsed);
            else if (arg.Length > 1 && arg[0] == '-') i = Shorts(args, i, parsed);
            else parsed.Operands.Add(arg);
        }
        return parsed;
    }

    private static int Long(IReadOnlyList<string> args, int i, ParsedArgs parsed)
    {
        string arg = args[i];
        int eq = arg.IndexOf('=', StringComparison.Ordinal);
        string name = eq < 0 ? arg[2..] : arg[2..eq];
        var flag = FindLong(name) ?? throw new UsageException($"unrecognized option '{(eq < 0 ? arg : arg[..eq])}'");
        string? value = eq < 0 ? null : arg[(eq + 1)..];
        switch (flag.Kind)
        {
            case ValueKind.None when value is not null:
                throw new UsageException($"option '--{flag.Long}' doesn't allow an argument");
            case ValueKind.Required when value is null:
                if (i + 1 >= args.Count) throw new UsageException($"option '--{flag.Long}' requires an argument");
                value = args[++i];
                break;
            default: break;
        }
        Apply(flag, value ?? "", parsed);
        return i;
    }

    // An exact name wins; otherwise a prefix of exactly one flag's name (getopt_long's abbreviations).
    private static Flag? FindLong(string name)
    {
        Flag? prefixOf = null;
        int prefixes = 0;
        foreach (var flag in Flags)
        {
            foreach (string n in flag.Aliases.Prepend(flag.Long))
            {
                if (n == name) return flag;
                if (name.Length > 0 && n.StartsWith(name, StringComparison.Ordinal) && !ReferenceEquals(prefixOf, flag))
                {
                    prefixOf = flag;
                    prefixes++;
                }
            }
        }
        if (prefixes > 1) throw new UsageException($"option '--{name}' is ambiguous");
        return prefixOf;
    }

    private static int Shorts(IReadOnlyList<string> args, int i, ParsedArgs parsed)
    {
        string arg = args[i];
        for (int j = 1; j < arg.Length; j++)
        {
            if (char.IsAsciiDigit(arg[j]))
            {
                j = ContextDigits(arg, j, parsed);
                continue;
            }
            var flag = FindShort(arg[j]) ?? throw new UsageException($"invalid option -- '{arg[j]}'");
            if (flag.Kind != ValueKind.Required)
            {
                Apply(flag, "", parsed);
                continue;
            }
            string value;
            if (j + 1 < arg.Length) value = arg[(j + 1)..];
            else if (i + 1 < args.Count) value = args[++i];
            else throw new UsageException($"option requires an argument -- '{arg[j]}'");
            Apply(flag, value, parsed);
            break;
        }
        return i;
    }

    // -NUM (grep): digits in a bundle are a context length, as -C NUM.
    private static int ContextDigits(string arg, int j, ParsedArgs parsed)
    {
        int end = j;
        while (end < arg.Length && char.IsAsciiDigit(arg[end])) end++;
        parsed.Context = Number(arg[j..end], "context length");
        return end - 1;
    }

    private static Flag? FindShort(char c)
    {
        foreach (var flag in Flags)
            if (flag.Short == c) return flag;
        return null;
    }

    private static void Apply(Flag flag, string value, ParsedArgs parsed)
    {
        if (flag.Choices is { } choices && !choices.Contains(value))
            throw new UsageException($"invalid argument '{value}' for '--{flag.Long}' (valid arguments: {string.Join(", ", choices)})");
        flag.Set(parsed, value);
    }

    /// <summary>A non-negative count given on the command line (a context length, -m, --max-depth...).</summary>
    /// <exception cref="UsageException">Not a non-negative integer.</exception>
    public static int Number(string text, string what)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n)) return n;
        // As grep: a count too large for the type means "no limit" rather than an error.
        if (text.Length > 0 && text.All(char.IsAsciiDigit)) return int.MaxValue;
        throw new UsageException($"invalid {what} argument '{text}'");
    }
}
