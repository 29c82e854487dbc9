// A deterministic generator -> results/gen/short-1m.txt: 1,000,000 short strings (e-mail addresses and dates, valid or not).
using System.Text;

namespace PegJit.Bench;

/// <summary>The many-small-inputs file: one short string a line, made from the line number alone (no randomness), so
/// every run validates the same strings. Of each eight lines, three are valid e-mail addresses, one is a near-miss
/// address, three are valid dates and one is a near-miss date: each validation workload accepts 375,000 lines.</summary>
public static class ShortInputs
{
    /// <summary>Lines in the file.</summary>
    public const int Lines = 1_000_000;

    /// <summary>The file's label in rows.</summary>
    public const string Label = "short-1m";

    private static readonly string[] Names = ["alice", "bob", "carol.smith", "dave_99", "eve-x", "frank.o", "grace", "heidi.k-l"];
    private static readonly string[] Hosts = ["example.com", "mail.example.org", "host-1.net", "de", "sub.domain.co.uk"];

    // Written once per harness process (children get the path); the content never changes, so rewriting is harmless.
    private static readonly Lazy<CorpusFile> Written = new(Write);

    /// <summary>The file, generated into results/gen on first use.</summary>
    public static CorpusFile File() => Written.Value;

    /// <summary>Line <paramref name="i"/>.</summary>
    public static string Line(int i)
    {
        int j = i / 8;
        string name = Names[j % Names.Length], host = Hosts[j % Hosts.Length];
        int year = 1970 + j % 60, month = 1 + j % 12, day = 1 + j % 28;
        return (i % 8) switch
        {
            0 or 1 or 2 => $"{name}{j % 1000}@{host}",
            3 => (j % 4) switch
            {
                0 => $"{name}{j % 1000}.{host}",      // no '@'
                1 => $"{name} {j % 100}@{host}",      // a space
                2 => $"{name}@",                      // no domain
                _ => $"{name}@{host}@x",              // a second '@'
            },
            4 or 5 or 6 => $"{year:D4}-{month:D2}-{day:D2}",
            _ => (j % 4) switch
            {
                0 => $"{year:D4}-13-{day:D2}",        // month 13
                1 => $"{year:D4}-{month:D2}-32",      // day 32
                2 => $"{year:D4}/{month:D2}/{day:D2}", // slashes
                _ => $"{year:D4}-{1 + j % 9}-{day:D2}", // a one-digit month
            },
        };
    }

    private static CorpusFile Write()
    {
        Directory.CreateDirectory(Paths.Gen);
        string path = Path.Combine(Paths.Gen, Label + ".txt"), tmp = path + ".tmp";
        using (var w = new StreamWriter(tmp, false, new UTF8Encoding(false), 1 << 16))
            for (int i = 0; i < Lines; i++) w.Write(Line(i) + "\n");
        System.IO.File.Move(tmp, path, overwrite: true);
        return Corpus.File(Paths.Gen, Label + ".txt");
    }
}
