// Corpus families and sizes -> the files a mode runs on (built by corpora/make.sh into corpora/build/).
namespace PegJit.Bench;

/// <summary>One input file.</summary>
/// <param name="Label">File name without extension, e.g. <c>urls-5m</c>.</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Bytes">Size in bytes (0 when missing).</param>
public sealed record CorpusFile(string Label, string Path, long Bytes)
{
    /// <summary>Whether the file exists.</summary>
    public bool Exists => Bytes > 0;
}

/// <summary>The corpus files of each family, per mode.</summary>
public static class Corpus
{
    /// <summary>Prose with many URLs and some e-mail addresses.</summary>
    public const string Urls = "urls";
    /// <summary>The committed e-mail sample (the generated texts hold no ".de" address), then the URL texts.</summary>
    public const string Emails = "emails";
    /// <summary>Valid JSON documents.</summary>
    public const string Json = "json";
    /// <summary>One JSON document nested 100,000 levels deep.</summary>
    public const string Deep = "json-deep";

    private static readonly string[] UrlSizesFull = ["50k", "100k", "500k", "5m", "50m", "80m"];
    private static readonly string[] JsonSizesFull = ["50k", "100k", "500k", "5m", "20m", "40m"];
    private static readonly string[] SizesQuick = ["50k", "5m"];

    /// <summary>The directory holding the files: <c>BENCH_CORPUS_DIR</c>, else corpora/build.</summary>
    public static string Directory(string repoRoot) =>
        Environment.GetEnvironmentVariable("BENCH_CORPUS_DIR") is { Length: > 0 } d
            ? System.IO.Path.GetFullPath(d)
            : System.IO.Path.Combine(repoRoot, "corpora", "build");

    /// <summary>The files of <paramref name="family"/> a mode runs on, smallest first (missing ones included, so
    /// that the report can say they were missing).</summary>
    public static IReadOnlyList<CorpusFile> Files(string dir, string family, bool full) => family switch
    {
        Urls => (full ? UrlSizesFull : SizesQuick).Select(s => File(dir, $"urls-{s}.txt")).ToList(),
        Emails => [File(System.IO.Path.Combine(Paths.Repo, "corpora", "sample"), "emails.txt"), .. Files(dir, Urls, full)],
        Json => (full ? JsonSizesFull : SizesQuick).Select(s => File(dir, $"json-{s}.json")).ToList(),
        Deep => [File(dir, "json-deep.json")],
        _ => throw new ArgumentException("unknown corpus family " + family),
    };

    /// <summary>The largest URL file of a mode for the whole-process runs (several in full mode).</summary>
    public static IReadOnlyList<CorpusFile> WholeProcessFiles(string dir, bool full) =>
        full ? [File(dir, "urls-50m.txt"), File(dir, "urls-80m.txt")] : [File(dir, "urls-5m.txt")];

    private static CorpusFile File(string dir, string name)
    {
        string path = System.IO.Path.Combine(dir, name);
        var info = new FileInfo(path);
        return new CorpusFile(System.IO.Path.GetFileNameWithoutExtension(name), path, info.Exists ? info.Length : 0);
    }
}
