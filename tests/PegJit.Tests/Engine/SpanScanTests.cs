// The Span instruction's scan, which the interpreter and compiled traces share, and traces' path spans, against a
// byte-by-byte loop.
using PegJit.Vm;

namespace PegJit.Tests.Engine;

public class SpanScanTests
{
    // Charset.NextRun, the walk over a set's ranges that spans, emitted range tests, dumps and failure texts share: its
    // runs are maximal, in order, and cover exactly the members.
    [Fact]
    public void A_sets_runs_are_maximal_and_cover_exactly_its_members() => TestSeed.Run(seed =>
    {
        var rng = new Random(seed);
        for (int k = 0; k < 2000; k++)
        {
            var set = RandomSet(rng, rng.Next(0, 7));
            if (rng.Next(2) == 0) set = ~set;
            var covered = new bool[256];
            int previous = -2;
            for (int lo = set.NextRun(0, out int hi); lo >= 0; lo = set.NextRun(hi + 1, out hi))
            {
                Assert.True(lo > previous + 1 && lo <= hi, $"case {k}: run {lo}-{hi} after {previous}");
                Assert.True(lo == 0 || !set.Contains(lo - 1), $"case {k}: run at {lo} not maximal");
                Assert.True(hi == 255 || !set.Contains(hi + 1), $"case {k}: run to {hi} not maximal");
                for (int c = lo; c <= hi; c++) covered[c] = true;
                previous = hi;
            }
            for (int c = 0; c < 256; c++) Assert.True(covered[c] == set.Contains(c), $"case {k}: byte {c}");
        }
    });

    // Sets of 1 to 6 ranges (up to 4 take the VM's own vector code, more the framework's search values, and every
    // vector width's loop and its scalar tail), over subjects mostly of the set's bytes so that runs get long.
    [Fact]
    public void Span_ends_where_a_byte_by_byte_loop_ends() => TestSeed.Run(seed =>
    {
        var rng = new Random(seed);
        for (int k = 0; k < 3000; k++)
        {
            var set = RandomSet(rng, rng.Next(1, 7));
            if (rng.Next(2) == 0) set = ~set;   // a negated class: its complement's ranges are the ones compared
            var sets = new[] { Charset.Of(0), set };
            ulong[] bits = Charset.Bitmaps(sets);
            var runs = new ByteRuns(set);
            byte[] inSet = set.ToBytes();
            var subject = new byte[rng.Next(0, 200)];
            for (int i = 0; i < subject.Length; i++)
                subject[i] = rng.Next(20) == 0 || inSet.Length == 0 ? (byte)rng.Next(256) : inSet[rng.Next(inSet.Length)];
            int start = rng.Next(subject.Length + 1);
            int expected = start;
            while (expected < subject.Length && set.Contains(subject[expected])) expected++;
            int got = SpanScan.Run(subject, start, bits, 1, runs);
            Assert.True(expected == got, $"case {k}: set [{string.Join(",", inSet)}], start {start}, length {subject.Length}: {got}, expected {expected}");
            int over = SpanScan.Over(subject, start, runs);   // a compiled byte loop's path span: no program bitmap
            Assert.True(expected == over, $"case {k} (path span): set [{string.Join(",", inSet)}], start {start}, length {subject.Length}: {over}, expected {expected}");
        }
    });

    [Fact]
    public void Sets_of_more_ranges_than_the_vector_code_compares_use_search_values()
    {
        Assert.Null(new ByteRuns(Charset.OfBytes("02468"u8[..4])).Values);
        Assert.NotNull(new ByteRuns(Charset.OfBytes("02468"u8)).Values);
        Assert.Null(new ByteRuns(Charset.Full).Values);
        Assert.NotNull(new ByteRuns(default).Values);   // the empty set: no range to compare
        var quoted = new ByteRuns(~Charset.OfBytes("\"\\"u8));   // [^"\]: three ranges, its complement two bytes
        Assert.True(quoted.Complement && quoted.Ranges == 2 && quoted.Values is null);
    }

    private static Charset RandomSet(Random rng, int ranges)
    {
        var set = default(Charset);
        for (int i = 0; i < ranges; i++)
        {
            int lo = rng.Next(256);
            int hi = Math.Min(255, lo + rng.Next(rng.Next(2) == 0 ? 4 : 64));
            set |= Charset.Range(lo, hi);
        }
        return set;
    }
}
