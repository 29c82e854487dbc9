// --type NAME -> the base-name globs of that kind of file (a small table in ripgrep's spirit).
namespace Pegrep;

/// <summary>The file kinds of <c>--type</c> / <c>--type-not</c>: each name and the base-name globs it stands for.</summary>
internal static class FileTypes
{
    /// <summary>Kind -> globs matched against a file's base name.</summary>
    public static readonly (string Name, string[] Globs)[] Table =
    [
        ("c", ["*.c", "*.h"]),
        ("cpp", ["*.cpp", "*.cc", "*.cxx", "*.hpp", "*.hh", "*.hxx", "*.h"]),
        ("csharp", ["*.cs", "*.csx"]),
        ("css", ["*.css", "*.scss"]),
        ("go", ["*.go"]),
        ("html", ["*.html", "*.htm"]),
        ("java", ["*.java"]),
        ("js", ["*.js", "*.mjs", "*.cjs", "*.jsx"]),
        ("json", ["*.json", "*.jsonl"]),
        ("lua", ["*.lua"]),
        ("make", ["Makefile", "makefile", "GNUmakefile", "*.mk", "*.mak"]),
        ("markdown", ["*.md", "*.markdown"]),
        ("msbuild", ["*.csproj", "*.fsproj", "*.vbproj", "*.props", "*.targets", "*.sln"]),
        ("py", ["*.py", "*.pyi"]),
        ("rust", ["*.rs"]),
        ("sh", ["*.sh", "*.bash", "*.zsh"]),
        ("toml", ["*.toml"]),
        ("ts", ["*.ts", "*.tsx", "*.mts", "*.cts"]),
        ("txt", ["*.txt"]),
        ("xml", ["*.xml", "*.xsd", "*.xsl"]),
        ("yaml", ["*.yaml", "*.yml"]),
    ];

    /// <summary>The kinds' names, for the flag's accepted values.</summary>
    public static readonly string[] Names = Table.Select(t => t.Name).ToArray();

    /// <summary>The globs of kind <paramref name="name"/> (a name from <see cref="Names"/>).</summary>
    public static string[] Globs(string name) => Table.First(t => t.Name == name).Globs;

    /// <summary>The --type-list lines: "name: glob, glob".</summary>
    public static IEnumerable<string> List() => Table.Select(t => $"{t.Name}: {string.Join(", ", t.Globs)}");
}
