// Results read without casts (GetString, Get<T>, TryGet, named groups, matched text), text arguments of S and R read
// as text, the pattern-first instance calls, and the static Re functions' cache; every engine.
using System.Text;
using PegJit;
using Xunit;
using static PegJit.Pattern;

namespace PegJit.Tests.Engine;

public class TypedResultTests
{
    private static readonly Dictionary<string, object?> Defs = new()
    {
        ["num"] = (CaptureFunction)(a => int.Parse(a[0] is byte[] b ? Encoding.UTF8.GetString(b) : (string)a[0]!, System.Globalization.CultureInfo.InvariantCulture)),
    };

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Captures_read_as_the_types_asked_for(EngineKind engine)
    {
        var p = Re.Compile("{[a-z]+} '=' ({[0-9]+} -> num) {| {[a-z]}* |}", Defs);
        var o = Engines.Options(engine);
        var r = Peg.Match(p, "width=640abc", options: o);
        Assert.Equal("width", r.GetString(0));
        Assert.Equal(640, r.Get<int>(1));
        Assert.Equal(640L, r.Get<long>(1));
        Assert.Equal(640.0, r.Get<double>(1));
        Assert.Equal(["a", "b", "c"], r.Get<PegTable>(2).Select(v => (string)v!));
        Assert.Equal("b", r.Get<PegTable>(2).GetString(1));
        Assert.True(r.TryGet<int>(1, out int n) && n == 640);
        Assert.False(r.TryGet<int>(0, out _));          // text is not a number
        Assert.False(r.TryGet<string>(7, out _));       // no such capture
        Assert.Throws<InvalidCastException>(() => r.Get<int>(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => r.Get<string>(3));
        Assert.Throws<InvalidOperationException>(() => Peg.Match(p, "640", options: o).GetString(0));

        // The same pattern over bytes gives byte[] captures; GetString decodes them.
        var b = Peg.Match(p, "width=640abc"u8, options: o);
        Assert.IsType<byte[]>(b.Captures[0]);
        Assert.Equal("width", b.GetString(0));
        Assert.Equal("width"u8.ToArray(), b.Get<byte[]>(0));
    }

    [Fact]
    public void Numbers_convert_only_when_they_fit_exactly()
    {
        var r = Peg.Match(Cc(1.5, 2.0, long.MaxValue), "");
        Assert.False(r.TryGet<int>(0, out _));
        Assert.Equal(2, r.Get<int>(1));
        Assert.False(r.TryGet<int>(2, out _));
        Assert.Equal(long.MaxValue, r.Get<long>(2));
    }

    [Fact]
    public void A_string_capture_makes_no_array_of_its_own()
    {
        // CSV's doubled quote ('""' -> '"') is a string capture once a quote: its %0..%9 table lives on the stack, so
        // evaluating 2,000 of them allocates about the result, not 2,000 tables.
        var unquote = Cs(((P("\"\"") / "\"") + P(1)) ^ 0);
        var subject = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("\"\"", 2000)));
        // The evaluation after a match is the same code for every engine; the interpreter keeps trace compilations,
        // which allocate, out of the count.
        var options = Engines.Options(EngineKind.Interpreter);
        for (int i = 0; i < 3; i++) Peg.Match(unquote, subject, 0, options);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var r = Peg.Match(unquote, subject, 0, options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2000, r.Get<byte[]>(0).Length);
        Assert.True(allocated < 32_000, $"{allocated} bytes allocated for a 2,000-byte result");
    }

    [Fact]
    public void Reading_a_table_makes_no_part_it_lacks()
    {
        // An array has no names and an object no list: a reader of a parsed document must not allocate the other part
        // of every table it walks.
        var array = Peg.Match(Re.Compile("{| {%d} (',' {%d})* |}"), "1,2,3").Get<PegTable>(0);
        var obj = Peg.Match(Re.Compile("{| {:k: %a :} |}"), "x").Get<PegTable>(0);
        _ = obj.ToString();
        _ = array.ToString();
        long before = GC.GetAllocatedBytesForCurrentThread();
        int n = array.Count + array.NamedCount + obj.Count + obj.NamedCount;
        foreach (var v in obj) n++;
        foreach (var e in obj.NamedEntries) n += e.Key.Length;
        foreach (var e in array.NamedEntries) n++;
        for (int i = 0; i < array.Count; i++) n += array[i] is null ? 0 : 1;
        n += array.TryGet<string>("k", out _) ? 1 : 0;
        n += array["k"] is null ? 0 : 1;
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(8, n);
        Assert.Equal("{\"1\", \"2\", \"3\"}", array.ToString());
        Assert.Equal("{k = \"x\"}", obj.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => obj[0]);
        Assert.Throws<KeyNotFoundException>(() => array.Get<string>("k"));
    }

    [Fact]
    public void A_tables_named_part_keeps_its_entries_from_pairs_to_dictionary()
    {
        // Up to eight names live in a short array, more in a dictionary: every read and write agrees either way, a
        // nil-like null removes, and order is the order of first assignment until something is removed.
        var t = new PegTable();
        t.Set("a", 1);
        t.Set("b", 2);
        t.Set("a", 10);
        t.Set("c", null);
        Assert.Equal(2, t.NamedCount);
        Assert.Equal([("a", 10), ("b", 2)], t.NamedEntries.Select(e => (e.Key, (int)e.Value!)));
        t.Set("a", null);
        Assert.Equal(1, t.NamedCount);
        Assert.Null(t["a"]);
        Assert.Equal(2, t.Get<int>("b"));
        for (int i = 0; i < 12; i++) t.Set("k" + i, i);
        Assert.Equal(13, t.NamedCount);
        Assert.Equal(["b", .. Enumerable.Range(0, 12).Select(i => "k" + i)], t.NamedEntries.Select(e => e.Key));
        Assert.True(t.TryGet<int>("k11", out int k11) && k11 == 11);
        t.Set("k3", null);
        Assert.False(t.Named.ContainsKey("k3"));
        var small = new PegTable();
        small.Set("x", "1");
        small.Named["y"] = "2";   // taking the dictionary moves the pairs into it; later writes go there too
        small.Set("z", "3");
        Assert.Equal(["x", "y", "z"], small.NamedEntries.Select(e => e.Key));
        Assert.Equal("{x = \"1\", y = \"2\", z = \"3\"}", small.ToString());
        var full = new PegTable();   // eight pairs fill the array: a removal frees its last slot for the next name
        for (int i = 0; i < 8; i++) full.Set("p" + i, i);
        full.Set("p3", null);
        Assert.Equal(7, full.NamedCount);
        full.Set("q", 8);
        Assert.Equal(["p0", "p1", "p2", "p4", "p5", "p6", "p7", "q"], full.NamedEntries.Select(e => e.Key));
        full.Set("p7", null);
        Assert.Null(full["p7"]);
        full.Set("r", 9);
        full.Set("s", 10);   // the ninth name
        Assert.Equal(9, full.NamedCount);
        Assert.Equal(10, full.Get<int>("s"));
        Assert.Equal(8, full.Get<int>("q"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void A_table_capture_with_many_names_keeps_the_last_of_each(EngineKind engine)
    {
        // Twelve distinct names and repeats past the eighth: the table moves to a dictionary mid-capture.
        var names = string.Concat(Enumerable.Range(0, 12).Select(i => $"{{:n{i}: {{[a-z]}} :}}"));
        var p = Re.Compile("{| " + names + " {:n2: {[a-z]} :} {:n9: {[a-z]} :} |}");
        var t = Peg.Match(p, "abcdefghijklmn", options: Engines.Options(engine)).Get<PegTable>(0);
        Assert.Equal(12, t.NamedCount);
        Assert.Equal("m", t.Get<string>("n2"));
        Assert.Equal("n", t.Get<string>("n9"));
        Assert.Equal("a", t.Get<string>("n0"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Named_groups_are_reachable_from_the_result_when_asked_for(EngineKind engine)
    {
        var p = Re.Compile("{:key: [a-z]+ :} '=' {:value: [0-9]+ :} {'!'}?");
        var o = Engines.Options(engine);
        var plain = Peg.Match(p, "x=1!", options: o);
        Assert.Equal(["!"], plain.Captures);              // LPeg: named groups give no value outside a table
        Assert.Empty(plain.Groups);
        Assert.Throws<KeyNotFoundException>(() => plain.Get<string>("key"));

        var named = Peg.Match(p, "x=1!", options: o with { NamedGroups = true });
        Assert.Equal(["!"], named.Captures);              // the value list is the same
        Assert.Equal("x", named.Get<string>("key"));
        Assert.Equal(1, named.Groups.Count(g => g.Key == "value"));
        Assert.Equal("1", named.Groups["value"]);
        // The last group of a name wins, as in a table.
        var twice = Peg.Match(Re.Compile("{:k: 'a' :} {:k: 'b' :}"), "ab", options: o with { NamedGroups = true });
        Assert.Equal("b", twice.Get<string>("k"));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void The_matched_text_comes_as_a_string_a_span_or_a_slice(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var r = Peg.Find(Re.Compile("[0-9]+"), "né 123 x", options: o);
        Assert.Equal("123", r.Text);
        Assert.True(r.TextSpan.SequenceEqual("123"));
        var one = Peg.Find(Re.Compile("[0-9]+"), "né 123 x", options: o with { PositionBase = PositionBase.One });
        Assert.Equal("123", one.Text);
        var bytes = "né 123 x"u8.ToArray();
        var rb = Peg.Find(Re.Compile("[0-9]+"), bytes, options: o);
        Assert.True(rb.Slice(bytes).SequenceEqual("123"u8));
        Assert.Throws<InvalidOperationException>(() => rb.Text);
        Assert.Throws<InvalidOperationException>(() => Peg.Match(P("z"), "a", options: o).Text);
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Text_arguments_of_S_and_R_are_characters(EngineKind engine)
    {
        var o = Engines.Options(engine);
        Assert.Equal("é", Peg.Match(C(S("éx")), "é", options: o).GetString(0));
        Assert.Equal("x", Peg.Match(C(S("éx")), "x", options: o).GetString(0));
        Assert.True(Peg.Match(S("\u00ff"), "\u00ff", options: o).Success);
        Assert.False(Peg.Match(S("\u00ff"), [0xFF], options: o).Success);       // the byte 0xFF is not the character ÿ
        Assert.True(Peg.Match(S([0xFF]), [0xFF], options: o).Success);          // the bytes overload is
        Assert.True(Peg.Match(R("αω"), "λ", options: o).Success);
        Assert.False(Peg.Match(R("αω"), "a", options: o).Success);
        Assert.True(Peg.Match(R("az", "αω") * -P(1), "q", options: o).Success);
        Assert.False(Peg.Match(R("\u00ff\u00ff"), [0xFF], options: o).Success);
        Assert.True(Peg.Match(R([0x80, 0xFF]), [0xFF], options: o).Success);
        Assert.True(Peg.Match(C(R("😀😂")), "😁", options: o).Success);            // a surrogate pair is one character
        Assert.False(Peg.Match(R("za"), "m", options: o).Success);               // an empty range
        Assert.Throws<PegArgumentException>(() => R("abc"));
        Assert.Throws<PegArgumentException>(() => R([1, 2, 3]));
    }

    [Theory]
    [MemberData(nameof(Engines.All), MemberType = typeof(Engines))]
    public void Instance_calls_are_the_pattern_first_functions(EngineKind engine)
    {
        var o = Engines.Options(engine);
        var word = Re.Compile("[a-z]+");
        Assert.Equal(Peg.Match(word, "abc1", options: o).End, word.Match("abc1", options: o).End);
        Assert.Equal(4, word.Find("1 2 abc", options: o).Start);
        Assert.True(word.IsMatch("12 a", options: o));
        Assert.Equal(3, word.Count("a b c", options: o));
        Assert.Equal(2, word.Matches("a 1 b", options: o).Count);
        Assert.Equal("X X", word.Replace("ab cd", "X", o));
        Assert.True(word.Match("abc"u8, options: o).Success);
    }

    [Fact]
    public void Static_re_functions_compile_each_text_once_and_stay_bounded()
    {
        var cache = new PatternCache(3);
        int compiles = 0;
        Pattern Compile(string t) { compiles++; return Re.Compile(t); }
        for (int i = 0; i < 100; i++) cache.GetOrAdd("'a'", Compile);
        Assert.Equal(1, compiles);
        foreach (var t in new[] { "'b'", "'c'", "'d'", "'e'" }) cache.GetOrAdd(t, Compile);
        Assert.Equal(3, cache.Count);
        cache.GetOrAdd("'a'", Compile);                   // evicted as least recently used: compiled again
        Assert.Equal(6, compiles);
        cache.GetOrAdd("'e'", Compile);                   // still there
        Assert.Equal(6, compiles);
        cache.Capacity = 0;
        Assert.Equal(0, cache.Count);

        Assert.Equal("w", Re.Match("width", "{.}").GetString(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Re.CacheSize = -1);
        Assert.Throws<PegSyntaxException>(() => Re.Match("x", "'unclosed"));
    }
}
