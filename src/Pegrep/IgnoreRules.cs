// The ignore files around a directory walk (.ignore, .gitignore, .git/info/exclude) -> whether an entry is ignored.
using MAB.DotIgnore;

namespace Pegrep;

/// <summary>
/// The ignore rules in force at one directory of a walk, as ripgrep applies them: each directory's <c>.ignore</c> and
/// (inside a git repository: a <c>.git</c> in it or above) <c>.gitignore</c>, those of the directories above the one
/// searched too, and the repository's <c>.git/info/exclude</c>. Each file's patterns are matched relative to its own
/// directory, gitignore's way (by MAB.DotIgnore: directory-only rules, anchored rules, <c>**</c>), and the rule that
/// decides is the last matching one of the deepest file with a match (.ignore before .gitignore at one level), so a
/// nested file's <c>!negation</c> re-includes what a shallower file ignores. An ignored directory is not entered, so
/// nothing inside it can be re-included (as in git). Immutable: a subdirectory's rules are <see cref="Enter"/>'s copy.
/// </summary>
internal sealed class IgnoreRules
{
    private sealed record Level(string Directory, IgnoreRule[] Rules);

    private readonly Level[] _levels;   // shallowest first
    private readonly string? _repoRoot;

    private IgnoreRules(Level[] levels, string? repoRoot)
    {
        _levels = levels;
        _repoRoot = repoRoot;
    }

    /// <summary>No rules at all (--no-ignore).</summary>
    public static IgnoreRules Empty { get; } = new([], null);

    /// <summary>The rules for a walk from <paramref name="root"/>: its repository's exclude file and the ignore files of
    /// the directories above it (the root's own come with <see cref="Enter"/>).</summary>
    public static IgnoreRules ForRoot(string root)
    {
        string full = Path.GetFullPath(root);
        string? repo = RepositoryRoot(full);
        var levels = new List<Level>();
        if (repo is not null && Read(Path.Combine(repo, ".git", "info", "exclude")) is { Length: > 0 } exclude)
            levels.Add(new Level(repo, exclude));
        var above = new List<string>();
        for (var dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir)) above.Add(dir);
        above.Reverse();
        var rules = new IgnoreRules([.. levels], repo);
        foreach (string dir in above) rules = rules.Enter(dir);
        return rules;
    }

    /// <summary>These rules plus those of <paramref name="directory"/>'s own ignore files.</summary>
    public IgnoreRules Enter(string directory)
    {
        bool inRepo = _repoRoot is not null && IsAtOrBelow(directory, _repoRoot);
        var rules = (inRepo ? Read(Path.Combine(directory, ".gitignore")) : []).Concat(Read(Path.Combine(directory, ".ignore"))).ToArray();
        if (rules.Length == 0) return this;
        return new IgnoreRules([.. _levels, new Level(directory, rules)], _repoRoot);
    }

    /// <summary>True: ignored; false: re-included by a negation; null: no rule matches.</summary>
    public bool? Decide(string fullPath, bool isDirectory)
    {
        for (int l = _levels.Length - 1; l >= 0; l--)
        {
            var level = _levels[l];
            if (!IsAtOrBelow(fullPath, level.Directory) || fullPath.Length == level.Directory.Length) continue;
            string relative = fullPath[(level.Directory.Length + (level.Directory.EndsWith('/') ? 0 : 1))..].Replace('\\', '/');
            for (int r = level.Rules.Length - 1; r >= 0; r--)
                if (level.Rules[r].IsMatch(relative, isDirectory)) return !level.Rules[r].PatternFlags.HasFlag(PatternFlags.NEGATION);
        }
        return null;
    }

    // The rules of one file, in its order (.gitignore first, .ignore after it: later rules win, so .ignore's do).
    private static IgnoreRule[] Read(string path)
    {
        try
        {
            if (!File.Exists(path)) return [];
            return new IgnoreList(File.ReadAllLines(path), MatchFlags.PATHNAME).Rules.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];   // an unreadable ignore file ignores nothing, as git
        }
    }

    private static string? RepositoryRoot(string full)
    {
        for (string? dir = full; dir is not null; dir = Path.GetDirectoryName(dir))
            if (Directory.Exists(Path.Combine(dir, ".git")) || File.Exists(Path.Combine(dir, ".git"))) return dir;
        return null;
    }

    private static bool IsAtOrBelow(string path, string directory) =>
        path.StartsWith(directory, StringComparison.Ordinal) &&
        (path.Length == directory.Length || directory.EndsWith('/') || path[directory.Length] == '/');
}
