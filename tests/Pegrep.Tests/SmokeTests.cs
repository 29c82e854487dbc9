// The built program run as a process: the one test that does not call Cli.Run in-process.
using Xunit;

namespace Pegrep.Tests;

public class SmokeTests
{
    [Fact]
    public void BuiltBinaryRunsTheReadmeCommand()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "pegrep.dll");
        Assert.True(File.Exists(dll), dll);
        var r = External.Run("dotnet", [dll, "-o", "-n", "'http' 's'? '://' [a-z.]+", Pegrep.Sample]);
        Assert.Equal(0, r.Status);
        var inProcess = Pegrep.Run("-o", "-n", "'http' 's'? '://' [a-z.]+", Pegrep.Sample);
        Assert.Equal(inProcess.Out, r.Out);
        var bad = External.Run("dotnet", [dll, "'http' [", Pegrep.Sample]);
        Assert.Equal(2, bad.Status);
        Assert.Contains("^", bad.Err);
        // -r without a FILE searches the current directory, names printed without "./".
        using var dir = new TempDir();
        dir.File("a.txt", "needle\n");
        dir.File("sub/b.txt", "needle\n");
        var walk = External.Run("dotnet", [dll, "-r", "'needle'"], workingDirectory: dir.Path);
        Assert.Equal("a.txt:needle\nsub/b.txt:needle\n", walk.Out);
    }
}
