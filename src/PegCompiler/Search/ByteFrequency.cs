// Policy as data: how common each byte is in typical text and code, for choosing which set a search looks for.
using PegJit.Vm;

namespace PegJit.Compiler;

/// <summary>
/// Rough relative frequencies of bytes in English prose, source code, logs and JSON (per mille). A search looks for
/// the set whose bytes are rarest, since each hit costs a verification; the figures only need to rank sets.
/// </summary>
internal static class ByteFrequency
{

    /// <summary>The summed frequency of the bytes of <paramref name="set"/>.</summary>
    public static double Of(Charset set)
    {
        double sum = 0;
        for (int b = 0; b < 256; b++) if (set.Contains(b)) sum += Table[b];
        return sum;
    }

    private static double[] Build()
    {
        var t = new double[256];
        Array.Fill(t, 0.05);                               // control bytes and bytes of multi-byte characters
        for (int b = 0x80; b < 0x100; b++) t[b] = 0.3;
        foreach (var (chars, weight) in Weights)
            foreach (char c in chars) t[c] = weight;
        return t;
    }

    private static readonly (string Chars, double Weight)[] Weights =
    [
        (" ", 150), ("e", 90), ("t", 65), ("a", 60), ("o", 58), ("i", 56), ("n", 55), ("s", 52), ("r", 50),
        ("h", 35), ("l", 33), ("d", 30), ("c", 28), ("u", 24), ("m", 22), ("p", 20), ("f", 18), ("g", 16),
        ("\"", 20), ("\n", 18), ("y", 14), ("w", 14), ("b", 12), (".", 12), (",", 10), ("v", 9), ("_", 8),
        ("0123456789", 8), (":/-=", 7), ("()", 5), ("k", 6), ("\t", 5), ("ABCDEFGHIJKLMNOPRSTUW", 4), ("'", 3),
        ("{}[];", 3), ("x", 3), ("<>", 2), ("*&#+?%!|\\$@", 1.2), ("j", 1.2), ("q", 1), ("z", 1), ("QVXYZ", 0.8),
        ("~^`", 0.3), ("\r", 2),
    ];

    // Declared after Weights: static fields initialize in order.
    private static readonly double[] Table = Build();
}
