// An IOException from writing standard output -> whether the reader went away (quiet) and the message otherwise.
namespace Pegrep;

/// <summary>Tells a closed pipe (EPIPE: the reader exited, as `head` does) from other write errors.</summary>
internal static class WriteErrors
{
    // errno values, which .NET passes on as the IOException's HResult on Unix.
    private const int EPipe = 32;

    /// <summary>Whether <paramref name="e"/> says the reading end of a pipe was closed.</summary>
    public static bool IsBrokenPipe(Exception e) =>
        e.HResult == EPipe || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase)
        // Windows: ERROR_BROKEN_PIPE (109) and ERROR_NO_DATA (232), as HRESULTs.
        || e.HResult is unchecked((int)0x8007006D) or unchecked((int)0x800700E8);

    /// <summary>The system's words for the error ("No space left on device"), without a path or a trailing period.</summary>
    public static string Reason(Exception e)
    {
        string message = (e is UnauthorizedAccessException && e.InnerException is IOException inner ? inner : e).Message;
        // .NET words errno messages as "<strerror> : '<path>'" for some calls: keep the system's part.
        int cut = message.IndexOf(" : '", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return message.TrimEnd('.', ' ');
    }
}
