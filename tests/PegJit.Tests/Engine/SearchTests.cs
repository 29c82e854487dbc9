// Search facts and the search loop: each fact's derivation, search with facts ≡ trying every position, on every engine.
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PegJit.Tests.Oracle;
using PegJit.Vm;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class SearchFactTests
{
    /// <summary>re text, then pieces the facts' description must hold (and "!piece" must not).</summary>
    public static TheoryData<string, string[]> FactCases => new()
    {
        { "'abc' [0-9]", ["LeadingLiteral", "prefix \"abc\"", "min 4", "!requires"] },
        { "{'abc'} 'x'", ["LeadingLiteral", "prefix \"abcx\""] },
        // The two rarest bytes of a literal are searched together (not its quotes, common in JSON).
        { "'\"operationId\": \"'", ["LeadingLiteral", "pair at 10 and 13"] },
        { "'\"' ('get' / 'post') '\"'", ["FixedSets", "pair at"] },
        { "'ab' / 'ac'", ["FixedSets", "min 2", "!prefix"] },
        { "'GET' / 'POST'", ["FixedSets", "min 3"] },
        { "[a-z]+ '@' [a-z]+", ["LiteralAfterSpan", "then \"@\"", "(min 1)", "requires \"@\" at [1, inf]", "skip span"] },
        { "{[a-z]+} '@'", ["LiteralAfterSpan", "skip span"] },
        { "[a-p]* 'q'", ["LiteralAfterSpan", "(min 0)"] },
        // Single bytes before the span, the last outside its set: the match begins that many bytes before the run.
        { "'\"' {[a-z_]+} '\":' %s* {[0-9]+}", ["LiteralAfterSpan", "1 bytes, span", "then \"\\x22:\"", "!skip span"] },
        { "[a-z] [0-9]+ 'x'", ["LiteralAfterSpan", "1 bytes, span"] },
        // The closing quote is no rarer than the opening one: the leading set anchors the search.
        { "'\"' [^\"]* '\"'", ["FixedSets", "!LiteralAfterSpan"] },
        // The byte before the span may belong to it: the run's start says nothing about where the match begins.
        { "[a-z0-9] [0-9]+ 'x'", ["!LiteralAfterSpan"] },
        // The literal's first byte is in the span's set: the span would swallow it, so no walk back (the skip still holds).
        { "[a-z]+ 'a'", ["!LiteralAfterSpan", "skip span"] },
        { "%d%d%d%d '-' %d%d", ["FixedSets", "rarest 4", "min 7", "!requires"] },
        { "'a' . . 'xyz'", ["FixedSets", "!requires"] },
        { "'a' [ab]* 'xyz'", ["FixedSets", "requires \"xyz\" at [1, inf]"] },
        { "[ab]^-3 'zz'", ["requires \"zz\" at [0, 3]"] },
        { "'x'?", ["EveryPosition", "min 0"] },
        { "(!'a' .)+", ["min 1", "!skip span"] },
        { "''", ["EveryPosition", "min 0"] },
        // Match-time captures could see where a match began: no skip past the span.
        { "{:n: [a-z]+ :} '=' =n", ["!skip span"] },
        { "[a-z]+ -> '%0' '!'", ["skip span"] },
        // Predicates and captures consume nothing: the sets after them stay at fixed distances.
        { "&'a' 'ab' {} 'c'", ["LeadingLiteral", "prefix \"abc\""] },
        { "S <- 'ke' 'y' / 'kx'  ", ["FixedSets"] },
        { "S <- A 'z'  A <- 'xy'", ["prefix \"xyz\""] },
        // Recursion: the lengths stay conservative.
        { "S <- '(' S ')' / 'x'", ["min 1"] },
    };

    [Theory]
    [MemberData(nameof(FactCases))]
    public void Facts_are_derived_where_they_hold_and_only_there(string re, string[] pieces)
    {
        string facts = Re.Compile(re).SearchFacts.ToString();
        foreach (var piece in pieces)
        {
            if (piece.StartsWith('!')) Assert.DoesNotContain(piece[1..], facts);
            else Assert.Contains(piece, facts);
        }
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_leading_not_behind_limits_the_starts(EngineKind engine)
    {
        var p = -B(P(1)) * P("ab");
        var o = Engines.Options(engine);
        Assert.Equal(1, p.SearchFacts.StartLimit);
        Assert.Equal(0, Peg.Find(p, "abab", 0, o).Start);
        Assert.False(Peg.Find(p, "xab", 0, o).Success);
        Assert.Equal(1, Peg.Count(p, "ababab", 0, o));
    }
}

public class SearchPropertyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>Random patterns per engine and run; half of them shaped so that each fact applies.</summary>
    private const int Cases = 500;

    // Shapes that make each fact apply, around a random pattern R.
    private static readonly string[] Shapes =
    [
        "{[abc]+} 'b' (R)", "'ab' (R)", "[ab] . 'c' (R)", "(R) 'c'", "[a-c]* 'a'? (R)", "%d+ (R)",
        "[ab]+ (R) 'a'", "(R) ' ' [a-c]^-2 'ba'", "'b' / 'ca' (R)", "[^a]+ (R)", "[a-b]+ ' ' (R)",
        "'c' [ab]+ ' ' (R)", "[ c] . [ab]* 'cc' (R)", "'ab' . 'ba' (R)", "[ab] 'c' . [bc] (R)",
    ];

    [Fact]
    public void Search_with_facts_finds_what_trying_every_position_finds()
    {
        int seed = Environment.GetEnvironmentVariable("PEGJIT_TEST_SEED") is { } s ? int.Parse(s) : new Random().Next();
        output.WriteLine($"seed {seed} (set PEGJIT_TEST_SEED to replay)");
        var rng = new Random(seed);
        var failures = new List<string>();
        int compared = 0;
        for (int i = 0; i < Cases && failures.Count < 5; i++)
        {
            var tree = RandomPatterns.Tree(rng, 1 + rng.Next(4));
            string text = i % 2 == 0 ? tree.ToString() : Shapes[rng.Next(Shapes.Length)].Replace("R", tree.ToString());
            var p = PegRunner.TryCompile(Encoding.UTF8.GetBytes(text), out _);
            if (p is null) continue;
            var subject = LongSubject(rng, tree);
            foreach (EngineKind engine in Enum.GetValues<EngineKind>())
            {
                string? bad = CompareAll(p, subject, Engines.Options(engine));
                if (bad is not null) failures.Add($"seed {seed} case {i} {engine}: {text} on {LpegJson.EncodeByteString(subject)}: {bad}");
                compared++;
            }
        }
        output.WriteLine($"{compared} comparisons");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void String_searches_agree_with_byte_searches_at_character_starts()
    {
        int seed = Environment.GetEnvironmentVariable("PEGJIT_TEST_SEED") is { } s ? int.Parse(s) : new Random().Next();
        output.WriteLine($"seed {seed} (set PEGJIT_TEST_SEED to replay)");
        var rng = new Random(seed);
        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var failures = new List<string>();
        for (int i = 0; i < Cases / 2 && failures.Count < 5; i++)
        {
            var tree = RandomPatterns.Tree(rng, 1 + rng.Next(4));
            var p = PegRunner.TryCompile(Encoding.UTF8.GetBytes(tree.ToString()), out _);
            if (p is null) continue;
            var bytes = LongSubject(rng, tree).Where(b => b != 0xFF).ToArray();   // 0xFF never occurs in UTF-8
            string text;
            try { text = strict.GetString(bytes); } catch (DecoderFallbackException) { continue; }
            foreach (EngineKind engine in Enum.GetValues<EngineKind>())
            {
                var o = Engines.Options(engine);
                string expected = Describe(() => Naive(p, bytes, o, characterStarts: true).Select(m => Mapped(bytes, m)).ToList());
                string actual = Describe(() => Peg.Matches(p, text, 0, o).Select(m => (m.Start, m.End)).ToList());
                string count = Describe(() => Peg.Count(p, text, 0, o));
                string naiveCount = Describe(() => Naive(p, bytes, o, characterStarts: true).Count);
                // Count evaluates no captures, so an error of capture evaluation cannot show there; and a search never
                // tries a start its facts rule out (too near the end for the shortest match, say), so a match-time
                // function that would raise one there is not called (documented).
                bool naiveRaised = expected.Contains("PegCaptureException") || naiveCount.Contains("PegCaptureException");
                if ((expected != actual && !naiveRaised) || (count != naiveCount && !naiveCount.Contains("PegCaptureException")))
                    failures.Add($"seed {seed} case {i} {engine}: {tree} on \"{text}\": bytes {expected}, string {actual}; count {count} vs {naiveCount}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // Find, Matches, Count, IsMatch and EnumerateMatches against the naive search.
    private static string? CompareAll(Pattern p, byte[] s, MatchOptions o)
    {
        string naive = Describe(() => string.Join(" ", Naive(p, s, o, characterStarts: false).Select(Show)));
        string matches = Describe(() => string.Join(" ", Peg.Matches(p, s, 0, o).Select(Show)));
        // A search skips the positions its facts rule out, so a match-time function that fails with an error where no
        // match is possible is never called there: then only the matches before that error must agree.
        if (naive.StartsWith("error") && p.Program.HasRunTime)
        {
            string before = string.Join(" ", PartialNaive(p, s, o).Select(Show));
            return matches.StartsWith(before) || matches.StartsWith("error") ? null : $"naive before its error [{before}] vs Matches [{matches}]";
        }
        if (naive != matches) return $"naive [{naive}] vs Matches [{matches}]";
        string naiveFirst = Describe(() => Naive(p, s, o, false, limit: 1).Select(Show).FirstOrDefault() ?? "none");
        string find = Describe(() => Peg.Find(p, s, 0, o) is { Success: true } m ? Show(m) : "none");
        if (naiveFirst != find && !(naiveFirst.StartsWith("error") && p.Program.HasRunTime)) return $"naive first {naiveFirst} vs Find {find}";
        // Count, IsMatch and EnumerateMatches evaluate no captures: an error of capture evaluation cannot show there.
        if (naive.Contains("PegCaptureException")) return null;
        string naiveCount = Describe(() => Naive(p, s, o, false).Count);
        if (naiveCount != Describe(() => Peg.Count(p, s, 0, o))) return $"Count differs from {naiveCount}";
        if (Describe(() => Naive(p, s, o, false).Count > 0) != Describe(() => Peg.IsMatch(p, s, 0, o))) return "IsMatch differs";
        string spans = Describe(() => string.Join(" ", Naive(p, s, o, false).Select(m => $"{m.Start}+{m.Length}")));
        string enumerated = Describe(() => Enumerated(p, s, o));
        return spans == enumerated ? null : $"naive [{spans}] vs EnumerateMatches [{enumerated}]";
    }

    private static string Enumerated(Pattern p, byte[] s, MatchOptions o)
    {
        var parts = new List<string>();
        foreach (var m in Peg.EnumerateMatches(p, s, 0, o)) parts.Add($"{m.Index}+{m.Length}");
        return string.Join(" ", parts);
    }

    // The naive search's matches up to its first error.
    private static List<MatchResult> PartialNaive(Pattern p, byte[] s, MatchOptions o)
    {
        var found = new List<MatchResult>();
        for (int k = 1; ; k++)
        {
            try { var all = Naive(p, s, o, false, limit: k); if (all.Count < k) return all; found = all; }
            catch (PegException) { return found; }
        }
    }

    /// <summary>The search every fact must agree with: an anchored match tried at each position in turn.</summary>
    private static List<MatchResult> Naive(Pattern p, byte[] s, MatchOptions o, bool characterStarts, int limit = int.MaxValue)
    {
        var found = new List<MatchResult>();
        for (int pos = 0; pos <= s.Length && found.Count < limit;)
        {
            int i = pos;
            MatchResult m = default;
            for (; i <= s.Length; i++)
            {
                if (characterStarts && i < s.Length && (s[i] & 0xC0) == 0x80) continue;
                if ((m = Peg.Match(p, s, i, o)).Success) break;
            }
            if (!m.Success) break;
            found.Add(m);
            pos = m.End > m.Start ? m.End : m.Start + 1;
        }
        return found;
    }

    // A byte match as UTF-16 indices: a position inside a character counts as that character's index.
    private static (int, int) Mapped(byte[] s, MatchResult m) => (Index(s, m.Start), Index(s, m.End));

    private static int Index(byte[] s, int pos)
    {
        while (pos > 0 && pos < s.Length && (s[pos] & 0xC0) == 0x80) pos--;
        return Encoding.UTF8.GetCharCount(s, 0, pos);
    }

    private static string Show(MatchResult m) => $"{m.Start}-{m.End}:{LpegJson.EncodeValues(m.Captures)}";

    private static string Describe<T>(Func<T> f)
    {
        try
        {
            var v = f();
            return v is System.Collections.IEnumerable e and not string ? string.Join(",", e.Cast<object>()) : v?.ToString() ?? "null";
        }
        catch (PegException e) { return "error: " + e.GetType().Name; }
    }

    // Several random subjects joined, so that searches skip, fail and resume several times.
    private static byte[] LongSubject(Random rng, PatternNode tree)
    {
        var parts = RandomPatterns.Subjects(rng, tree).Concat(RandomPatterns.Subjects(rng, tree));
        return parts.SelectMany(x => x).Take(64).ToArray();
    }
}

public class SearchUnitsTests
{
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_position_inside_a_character_counts_as_that_characters_index(EngineKind engine)
    {
        var p = Cp() * P(1) * Cp() * P(1) * Cp();
        var r = Peg.Match(p, "é", 0, Engines.Options(engine));
        Assert.Equal([0, 0, 1], r.Captures.Cast<int>());
        Assert.Equal(1, r.End);
        Assert.Equal("", Peg.Match(C(P(1)), "é", 0, Engines.Options(engine)).Value);
        Assert.Equal("é", Peg.Match(C(P(2)), "é", 0, Engines.Options(engine)).Value);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Matches_over_non_ascii_text_map_every_position(EngineKind engine)
    {
        string text = string.Concat(Enumerable.Range(0, 2000).Select(i => i % 7 == 0 ? "é x1 " : "ab 22 "));
        var p = Re.Compile("{%d+}");
        var o = Engines.Options(engine);
        var ms = Peg.Matches(p, text, 0, o);
        Assert.Equal(2000, ms.Count);
        foreach (var m in ms)
        {
            Assert.Equal(text.Substring(m.Start, m.Length), m.Value);
            Assert.True(char.IsDigit(text[m.Start]));
        }
        Assert.Equal(2000, Peg.Count(p, text, 0, o));
    }
}

public class SearchAllocationTests
{
    private static readonly byte[] Text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 500).Select(i => $"word{i} and more words, ")));

    private static long Allocated(Action a)
    {
        // Warm up: compilation, pools, and (JIT engines) traces and side traces recorded at exits, with backoff.
        for (int i = 0; i < 50; i++) a();
        // The least of three calls: what each call allocates shows in all three, while a one-off allocation that the
        // runtime makes on the calling thread (seen once in about ten runs of the suite, on the interpreter too, only
        // with both test projects running at once) does not make the call's own count.
        long least = long.MaxValue;
        for (int i = 0; i < 3; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            a();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Failed_attempts_of_a_capturing_pattern_allocate_nothing(EngineKind engine)
    {
        // Every word is a candidate and fails ("@" never follows): only failed attempts.
        var p = Re.Compile("{[a-z]+} {'@'}");
        var o = Engines.Options(engine);
        bool found = true;
        Assert.Equal(0, Allocated(() => found = Peg.Find(p, Text, 0, o).Success));
        Assert.False(found);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Count_and_enumeration_allocate_nothing(EngineKind engine)
    {
        var p = Re.Compile("{[a-z]+} %d+");
        var o = Engines.Options(engine);
        // (Results are checked outside the measured part: xunit's assertions allocate.)
        int count = 0, enumerated = 0, stringCount = 0;
        Assert.Equal(0, Allocated(() => count = Peg.Count(p, Text, 0, o)));
        Assert.Equal(0, Allocated(() =>
        {
            enumerated = 0;
            foreach (var m in Peg.EnumerateMatches(p, Text, 0, o)) enumerated++;
        }));
        string ascii = Encoding.ASCII.GetString(Text);
        Assert.Equal(0, Allocated(() => stringCount = Peg.Count(p, ascii, 0, o)));
        Assert.Equal([500, 500, 500], new[] { count, enumerated, stringCount });
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Anchored_matches_of_short_strings_allocate_nothing(EngineKind engine)
    {
        var p = Re.Compile("[a-z]+ '@' [a-z]+ '.' [a-z]+ !.");
        var o = Engines.Options(engine);
        int matched = 0;
        Assert.Equal(0, Allocated(() =>
        {
            matched = 0;
            for (int i = 0; i < 1000; i++) matched += Peg.Match(p, "someone@example.org", 0, o).Success ? 1 : 0;
        }));
        Assert.Equal(1000, matched);
    }
}

public class SearchCancellationTests
{
    // Each attempt runs over the a's to the "b" and fails there (the "!" the facts require is at the end, so they rule
    // nothing out): without a check across attempts this quadratic search would not return for minutes.
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_timeout_stops_a_search_made_of_many_short_failing_attempts(EngineKind engine)
    {
        var p = Re.Compile("('a' 'x'?)* '!'");
        var o = Engines.Options(engine, new MatchOptions { Timeout = TimeSpan.FromMilliseconds(50) });
        string subject = new string('a', 400_000) + "b!";
        Assert.ThrowsAny<OperationCanceledException>(() => Peg.Find(p, subject, 0, o));
        Assert.ThrowsAny<OperationCanceledException>(() => Peg.Count(p, subject, 0, o));
    }

    // The loop compiles to a test that jumps backward ("testchar 'x' -> 0"): that back-edge is a cancellation point.
    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_loop_closed_by_a_backward_test_is_cancellable(EngineKind engine)
    {
        var p = Re.Compile("('a' 'x'?)* '!'");
        Assert.Contains(p.Program.Code, i => i.Op is Opcode.TestChar && i.Target == 0);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var o = Engines.Options(engine, new MatchOptions { CancellationToken = cts.Token });
        Assert.ThrowsAny<OperationCanceledException>(() => Peg.Match(p, Enumerable.Repeat((byte)'a', 1 << 20).ToArray(), 0, o));
    }
}
