// Process entry: the console's streams -> Cli.Run, whose result is the exit status.
using Microsoft.Win32.SafeHandles;
using Pegrep;

using var stdin = Console.OpenStandardInput();
using var stdout = OpenStdout();
try
{
    return Cli.Run(args, stdin, stdout, Console.Error, stdoutIsTerminal: !Console.IsOutputRedirected);
}
catch (Exception e)
{
    // A bug: still grep's status for an error, with what is needed to report it.
    Console.Error.WriteLine($"pegrep: internal error: {e}");
    return 2;
}

// The console stream swallows EPIPE, so `pegrep ... | head` would search to the end writing into nothing: on a
// pipe or terminal, a FileStream over descriptor 1 reports the closed pipe and the search stops. A regular file
// keeps the console stream, whose write(2) moves the shared offset (a FileStream writes at its own position,
// and would overwrite what others sharing the descriptor wrote, e.g. `(pegrep ...; echo) > log`).
static Stream OpenStdout()
{
    if (OperatingSystem.IsWindows()) return Console.OpenStandardOutput();
    var stream = new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0);
    if (!stream.CanSeek) return stream;
    stream.Dispose();
    return Console.OpenStandardOutput();
}
