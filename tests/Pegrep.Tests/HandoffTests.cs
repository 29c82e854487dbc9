// Which searches a native pegrep hands to the JIT-capable build by size: whole files matched whole (-U -x) with the
// default engine, once the regular files named total Handoff.WholeSubjectBytes; nothing else.
using Xunit;

namespace Pegrep.Tests;

public sealed class HandoffTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pegrep-handoff-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a leftover temp directory is harmless */ }
    }

    // A sparse file: its length without writing its bytes.
    private string File(string name, long length)
    {
        string path = Path.Combine(_dir, name);
        using var f = new FileStream(path, FileMode.Create);
        f.SetLength(length);
        return path;
    }

    private static bool Long(params string[] args) => Handoff.LongWholeSubjects(Options.Parse(args));

    [Fact]
    public void Long_whole_files_matched_whole_by_the_default_engine_are_handed_over()
    {
        string big = File("big.json", Handoff.WholeSubjectBytes);
        Assert.True(Long("-U", "-x", "-q", "'a'*", big));
        Assert.True(Long("-Ux", "--grammar", "g.peg", big));   // the pattern from an option: every operand is a file
        Assert.True(Long("-U", "-x", "--engine", "auto", "'a'*", big));
    }

    [Fact]
    public void The_threshold_counts_the_files_together_and_only_regular_files()
    {
        string half = File("half", Handoff.WholeSubjectBytes / 2);
        string rest = File("rest", Handoff.WholeSubjectBytes - Handoff.WholeSubjectBytes / 2);
        Assert.True(Long("-U", "-x", "'a'*", half, rest));
        Assert.False(Long("-U", "-x", "'a'*", half));
        Assert.False(Long("-U", "-x", "'a'*", half, _dir, "-", Path.Combine(_dir, "missing")));
        // The first operand is the pattern when no option gives one, even if a file of that name is long.
        string named = File("named", Handoff.WholeSubjectBytes);
        Assert.False(Long("-U", "-x", named, half));
    }

    [Fact]
    public void Other_searches_stay_native_whatever_the_size()
    {
        string big = File("big", 4 * Handoff.WholeSubjectBytes);
        Assert.False(Long("-x", "'a'*", big));                          // lines: short subjects
        Assert.False(Long("-U", "'a'+", big));                          // a search through the file
        Assert.False(Long("-U", "-x", "--engine", "interp", "'a'*", big));   // the interpreter asked for
        Assert.False(Long("-U", "-x", "--engine", "jit", "'a'*", big));      // asked for: handed over anyway (Target)
    }
}
