// --glob, --include/--exclude(-dir), --type, --hidden, --max-depth, --no-ignore -> which files a search takes.
using MAB.DotIgnore;
using Microsoft.Extensions.FileSystemGlobbing;
using GlobMatcher = Microsoft.Extensions.FileSystemGlobbing.Matcher;

namespace Pegrep;

/// <summary>
/// Which files and directories a search takes, decided in ripgrep's order: a <c>--glob</c> that matches overrides
/// everything else (the last matching one wins; <c>!GLOB</c> excludes; when include globs are given a file matching
/// none of them is skipped); then the ignore files (<see cref="IgnoreRules"/>), hidden names and grep's
/// <c>--include</c> / <c>--exclude</c> / <c>--exclude-dir</c> and <c>--type</c> on base names. Globs are matched by
/// libraries, not here: gitignore-style globs (MAB.DotIgnore) for <c>--glob</c>, and Microsoft.Extensions.FileSystemGlobbing
/// for the base-name globs of grep's flags and of the file kinds.
/// </summary>
internal sealed class FileFilter
{
    private readonly Globs? _globs;   // null without any glob flag: the glob libraries are not even loaded

    private FileFilter(ParsedArgs? p)
    {
        if (p is null) return;
        if (p.Globs.Count + p.Includes.Count + p.Excludes.Count + p.ExcludeDirs.Count + p.Types.Count + p.TypesNot.Count > 0)
            _globs = new Globs(p);
        Hidden = p.Hidden;
        UseIgnoreFiles = !p.NoIgnore;
        MaxDepth = p.MaxDepth ?? int.MaxValue;
    }

    /// <summary>No filtering beyond the defaults of -r (no hidden names, ignore files read).</summary>
    public static FileFilter None { get; } = new(null) { UseIgnoreFiles = true, MaxDepth = int.MaxValue };

    /// <summary>The filter the command line asks for.</summary>
    public static FileFilter From(ParsedArgs p) => new(p);

    /// <summary>--hidden: names beginning with '.' are searched too.</summary>
    public bool Hidden { get; private init; }

    /// <summary>Whether .gitignore, .ignore and .git/info/exclude are read (not with --no-ignore).</summary>
    public bool UseIgnoreFiles { get; private init; }

    /// <summary>--max-depth: how many directory levels below an operand are searched.</summary>
    public int MaxDepth { get; private init; }

    /// <summary>Whether an operand named on the command line is searched: only grep's base-name flags apply to it.</summary>
    public bool TakesOperand(string path) => _globs is null || _globs.BaseNameAllowed(Path.GetFileName(path));

    /// <summary>Whether a walk takes the entry at <paramref name="relative"/> ('/'-separated, below the operand).</summary>
    /// <param name="relative">The path below the directory searched.</param>
    /// <param name="isDirectory">A directory (to descend into) or a file (to search).</param>
    /// <param name="ignored">What the ignore files say about it: true ignored, false whitelisted, null nothing.</param>
    public bool TakesEntry(string relative, bool isDirectory, bool? ignored)
    {
        if (_globs?.Decision(relative, isDirectory) is { } decided) return decided;
        string name = relative[(relative.LastIndexOf('/') + 1)..];
        if (!Hidden && name.StartsWith('.')) return false;
        if (ignored == true) return false;
        if (_globs is null) return true;
        return isDirectory ? _globs.DirectoryAllowed(name) : _globs.BaseNameAllowed(name);
    }
}

/// <summary>The glob flags, matched by libraries: MAB.DotIgnore for --glob, FileSystemGlobbing for base names.</summary>
internal sealed class Globs
{
    private readonly (IgnoreRule Rule, bool Exclude)[] _globs;
    private readonly bool _anyIncludeGlob;
    private readonly GlobMatcher? _include, _exclude, _excludeDir;

    public Globs(ParsedArgs p)
    {
        _globs = p.Globs.Select(ToGlob).ToArray();
        _anyIncludeGlob = _globs.Any(g => !g.Exclude);
        _include = BaseNames(p.Includes.Concat(p.Types.SelectMany(FileTypes.Globs)));
        _exclude = BaseNames(p.Excludes.Concat(p.TypesNot.SelectMany(FileTypes.Globs)));
        _excludeDir = BaseNames(p.ExcludeDirs);
    }

    public bool DirectoryAllowed(string name) => _excludeDir is null || !_excludeDir.Match(name).HasMatches;

    // The last matching --glob decides, over the ignore files too; a file that no include glob matches is skipped; a
    // directory that no glob matches is decided by the rest (an include glob names files, not the directories holding them).
    public bool? Decision(string relative, bool isDirectory)
    {
        for (int i = _globs.Length - 1; i >= 0; i--)
            if (_globs[i].Rule.IsMatch(relative, isDirectory))
                return !_globs[i].Exclude;
        if (_anyIncludeGlob && !isDirectory) return false;
        return null;
    }

    public bool BaseNameAllowed(string name) =>
        (_include is null || _include.Match(name).HasMatches) && (_exclude is null || !_exclude.Match(name).HasMatches);

    private static (IgnoreRule, bool) ToGlob(string glob)
    {
        bool exclude = glob.StartsWith('!');
        string pattern = exclude ? glob[1..] : glob;
        if (pattern.Length == 0) throw new UsageException($"invalid glob '{glob}'");
        return (new IgnoreRule(pattern, MatchFlags.PATHNAME, null), exclude);
    }

    private static GlobMatcher? BaseNames(IEnumerable<string> globs)
    {
        var list = globs.ToList();
        if (list.Count == 0) return null;
        var matcher = new GlobMatcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(list);
        return matcher;
    }
}
