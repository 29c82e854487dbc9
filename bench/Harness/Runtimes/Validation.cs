// Many small inputs: a file's lines as strings or as byte slices, each matched on its own (outside the clock here).
using System.Text;

namespace PegJit.Bench.Runtimes;

/// <summary>Splits a validation file into its inputs.</summary>
public static class Validation
{
    /// <summary>The lines of the file, decoded as UTF-8, without their newlines.</summary>
    public static string[] Lines(byte[] data)
    {
        string text = Encoding.UTF8.GetString(data);
        string[] lines = text.Split('\n');
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }

    /// <summary>Where each line starts, then one past the end of the last (a missing final newline counted as present).</summary>
    public static int[] LineStarts(byte[] data)
    {
        var starts = new List<int> { 0 };
        int at = 0;
        for (int nl; (nl = data.AsSpan(at).IndexOf((byte)'\n')) >= 0;)
        {
            at += nl + 1;
            starts.Add(at);
        }
        if (at < data.Length) starts.Add(data.Length + 1);
        return [.. starts];
    }
}
