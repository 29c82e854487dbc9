// PegJit's .NET search API on a search's bare item: Count (bytes, strings), EnumerateMatches, Matches, a Find loop.
using PegJit.Tracer;

namespace PegJit.Bench.Runtimes;

/// <summary>Which call a <see cref="PegJitApiRuntime"/> times; the bare item pattern (not the search idiom) is compiled.</summary>
public enum PegApi
{
    /// <summary><c>Peg.Count(p, bytes)</c>, JIT on (Auto, warm).</summary>
    Count,
    /// <summary><c>Peg.Count(p, bytes)</c>, JIT off.</summary>
    CountInterp,
    /// <summary><c>Peg.Count(p, string)</c> over the file as ASCII text (<see cref="TextVariants.Ascii"/>).</summary>
    CountString,
    /// <summary><c>Peg.Count(p, string)</c> over the text with non-ASCII characters (<see cref="TextVariants.NonAscii"/>).</summary>
    CountStringNonAscii,
    /// <summary><c>foreach (var m in Peg.EnumerateMatches(p, bytes)) n++</c>: <see cref="ValueMatch"/>, no allocation.</summary>
    Enumerate,
    /// <summary><c>Peg.Matches(p, bytes).Count</c>: a <see cref="MatchResult"/> per match, its captures evaluated.</summary>
    Matches,
    /// <summary><c>Peg.Find(p, bytes, pos)</c> again and again from the end of the previous match.</summary>
    FindLoop,
    /// <summary>Validation over byte slices: <c>Peg.Match(p, line bytes).Success</c> per line (pegjit-jit's validation
    /// rows take strings).</summary>
    MatchBytes,
}

/// <summary>One call of the facade's search API, timed over the whole file (or, for <see cref="PegApi.MatchBytes"/>, one
/// call per line). With the JIT on, the pattern warms up until it stops compiling, as pegjit-jit does.</summary>
public sealed class PegJitApiRuntime(PegApi api) : DotnetRuntime
{
    /// <summary>Whether the JIT runs (every row but the interpreter's).</summary>
    private bool Jit => api != PegApi.CountInterp;

    /// <inheritdoc/>
    public override string Name => api switch
    {
        PegApi.Count => "pegjit-count",
        PegApi.CountInterp => "pegjit-count-interp",
        PegApi.CountString => "pegjit-count-string",
        PegApi.CountStringNonAscii => "pegjit-count-string-nonascii",
        PegApi.Enumerate => "pegjit-enumerate",
        PegApi.Matches => "pegjit-matches",
        PegApi.FindLoop => "pegjit-find-loop",
        _ => "pegjit-jit-bytes",
    };

    /// <inheritdoc/>
    public override string Description => api switch
    {
        PegApi.Count => "Peg.Count(item, bytes), JIT on (warm)",
        PegApi.CountInterp => "Peg.Count(item, bytes), JitMode.Off",
        PegApi.CountString => "Peg.Count(item, string): the file as ASCII text (its few non-ASCII characters replaced by '?'), JIT on",
        PegApi.CountStringNonAscii => $"Peg.Count(item, string): the text with every {TextVariants.CommaStride}th comma replaced by 'é' (commas take part in no API pattern), JIT on",
        PegApi.Enumerate => "foreach (var m in Peg.EnumerateMatches(item, bytes)) n++ (ValueMatch: index and length only), JIT on",
        PegApi.Matches => "Peg.Matches(item, bytes).Count: a MatchResult per match with its captures, JIT on",
        PegApi.FindLoop => "Peg.Find(item, bytes, pos) from the end of each match, JIT on",
        _ => "validation: Peg.Match(p, line bytes).Success per line (slices of the file), JIT on",
    };

    /// <inheritdoc/>
    public override bool Applies(Workload workload, CorpusFile file) =>
        api == PegApi.MatchBytes ? workload.Kind == WorkloadKind.Validate : workload.Api;

    /// <inheritdoc/>
    public override Operation Prepare(Workload workload, byte[] data)
    {
        var pattern = Re.Compile(api == PegApi.MatchBytes ? workload.Re : workload.Item!);
        var options = PegJitOps.Options(Jit ? JitMode.Auto : JitMode.Off);
        var op = Run(pattern, data, options);
        return Jit ? op with { Jit = () => PegJitOps.Statistics(pattern, options), WarmUntilQuiet = true } : op;
    }

    private Operation Run(Pattern p, byte[] data, MatchOptions o)
    {
        switch (api)
        {
            case PegApi.Count or PegApi.CountInterp: return new(() => Peg.Count(p, data, 0, o));
            case PegApi.CountString:
                string ascii = TextVariants.Ascii(data);
                return new(() => Peg.Count(p, ascii, 0, o));
            case PegApi.CountStringNonAscii:
                string text = TextVariants.NonAscii(data);
                return new(() => Peg.Count(p, text, 0, o));
            case PegApi.Enumerate: return new(() => Enumerate(p, data, o));
            case PegApi.Matches: return new(() => Peg.Matches(p, data, 0, o).Count);
            case PegApi.FindLoop: return new(() => FindLoop(p, data, o));
            default:
                int[] starts = Validation.LineStarts(data);
                return new(() => PegJitOps.MatchedLines(p, data, starts, o), Calls: starts.Length - 1);
        }
    }

    private static long Enumerate(Pattern p, byte[] data, MatchOptions o)
    {
        long n = 0;
        foreach (var m in Peg.EnumerateMatches(p, data, 0, o)) n++;
        return n;
    }

    // What a caller without Count or Matches writes: each search starts where the last match ended.
    private static long FindLoop(Pattern p, byte[] data, MatchOptions o)
    {
        long n = 0;
        for (int pos = 0; pos <= data.Length; n++)
        {
            var r = Peg.Find(p, data, pos, o);
            if (!r.Success) break;
            pos = r.End > r.Start ? r.End : r.End + 1;
        }
        return n;
    }
}

/// <summary>The string subjects of the Count-over-string rows, made from the file outside the clock. Neither changes a
/// match count of the API workloads: '?' and 'é' are, like the characters they replace, outside every set and literal of
/// those patterns except the quoted string's negated set, which takes all three.</summary>
public static class TextVariants
{
    /// <summary>One comma in this many becomes 'é' in <see cref="NonAscii"/> (about 1,400 per MB of the URL texts).</summary>
    public const int CommaStride = 8;

    /// <summary>The file decoded as UTF-8 with every non-ASCII character replaced by '?': pure ASCII.</summary>
    public static string Ascii(byte[] data) =>
        string.Create(System.Text.Encoding.UTF8.GetCharCount(data), data, (chars, bytes) =>
        {
            System.Text.Encoding.UTF8.GetChars(bytes, chars);
            for (int i = 0; i < chars.Length; i++)
                if (chars[i] > '\x7f') chars[i] = '?';
        });

    /// <summary>The file decoded as UTF-8 with every <see cref="CommaStride"/>th comma replaced by 'é' (two UTF-8 bytes,
    /// one UTF-16 char), spread over the whole text; the file's own non-ASCII characters stay.</summary>
    public static string NonAscii(byte[] data) =>
        string.Create(System.Text.Encoding.UTF8.GetCharCount(data), data, (chars, bytes) =>
        {
            System.Text.Encoding.UTF8.GetChars(bytes, chars);
            for (int i = 0, commas = 0; i < chars.Length; i++)
                if (chars[i] == ',' && ++commas % CommaStride == 0) chars[i] = 'é';
        });
}
