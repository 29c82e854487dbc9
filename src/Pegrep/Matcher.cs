// Pattern texts (-e, -f, the first operand) -> the compiled patterns a search asks "does it match here?".
using PegJit;
using PegJit.Tracer;

namespace Pegrep;

/// <summary>
/// The patterns of a run, compiled once and shared by every thread (patterns are immutable). Several patterns are
/// tried as an ordered choice, so a subject is selected when any of them matches. Every match passes the run's one
/// <see cref="MatchOptions"/>, whose JIT settings (--engine) key the pattern's JIT state: hot counts and compiled
/// traces carry over from line to line and from file to file.
/// </summary>
internal sealed class Matcher
{
    // Prepare only compiles to bytecode: the empty subject is not worth recording a trace for.
    private static readonly MatchOptions CompileOnly = new() { Jit = TracerOptions.Default with { Mode = JitMode.Off } };

    private readonly Pattern _search;
    private readonly Pattern? _whole;
    private readonly MatchOptions _options;
    private readonly bool _word;
    private byte _eol = (byte)'\n';   // set by Prepare
    private Prefilter? _prefilter;     // LinePrefilter, once _prefilterMade
    private bool _prefilterMade;

    /// <param name="patterns">The compiled patterns, at least one.</param>
    /// <param name="wholeSubject">-x: a match must start at the subject's start and end at its end.</param>
    /// <param name="word">-w: a match must have a non-word byte or the subject's edge on both sides.</param>
    /// <param name="options">The options of every match (0-based positions).</param>
    public Matcher(IReadOnlyList<Pattern> patterns, bool wholeSubject, bool word, MatchOptions options)
    {
        _options = options;
        _word = word && !wholeSubject;
        _search = patterns.Aggregate((a, b) => a + b);
        // p1 !. / p2 !. / ...: each alternative must itself reach the end, since an ordered choice commits to
        // the first alternative that matches, even when it stops short of the end.
        if (wholeSubject) _whole = patterns.Select(p => p * -Pattern.P(1)).Aggregate((a, b) => a + b);
        Name = (patterns.Count == 1 ? "pattern" : $"{patterns.Count} patterns as one ordered choice") +
               (wholeSubject ? " (whole subject, -x)" : _word ? " (words, -w)" : "");
    }

    /// <summary>What runs, for the JIT's reports: "pattern", or how several were joined.</summary>
    public string Name { get; }

    /// <summary>The JIT settings every match runs with.</summary>
    public TracerOptions Jit => _options.Jit;

    /// <summary>What the JIT did for the pattern that runs (null when it never ran).</summary>
    public PegJit.JitStatistics? JitStatistics => JitDiagnostics.Statistics(_whole ?? _search, _options.Jit);

    /// <summary>
    /// Which lines can hold a match, for searching a block of lines at once; null when a match may begin anywhere
    /// (then every line is matched). Made at the first request, by the first line search: the search facts behind it
    /// cost a grammar 12-16 ms in a fresh pegrep (the runtime compiling the analysis), which -U, whose whole-subject
    /// matches never ask for it, no longer pays. Threads that ask at once may each make it; they make the same.
    /// </summary>
    public Prefilter? LinePrefilter
    {
        get
        {
            if (Volatile.Read(ref _prefilterMade)) return _prefilter;
            _prefilter = Prefilter.For(_whole ?? _search, _eol);
            Volatile.Write(ref _prefilterMade, true);
            return _prefilter;
        }
    }

    /// <summary>Whether the subject is selected: a match somewhere (re.find), or with -x an anchored whole match.</summary>
    public bool IsMatch(ReadOnlySpan<byte> subject) => Next(subject, 0).Success;

    /// <summary>The first match at or after <paramref name="from"/>; with -x only the whole subject, at 0; with -w the
    /// first with word boundaries (see <see cref="NextWord"/>).</summary>
    public MatchResult Next(ReadOnlySpan<byte> subject, int from)
    {
        if (_word) return NextWord(subject, from);
        if (_whole is null) return Peg.Find(_search, subject, from, _options);
        return from == 0 ? Peg.Match(_whole, subject, 0, _options) : MatchResult.Failure;
    }

    /// <summary>
    /// -w as grep defines it: a match counts when the byte before it and the byte after it are not word bytes (letters,
    /// digits, '_') or are past the subject's edge. When the byte after is a word byte, the pattern is matched again at
    /// the same start on the subject cut one byte shorter than the match, and so on while it matches something
    /// non-empty (grep's shorter match); then the search goes on further. A PEG has one match at a place, so "shorter"
    /// is what the pattern matches on the shortened subject (where <c>!.</c> sees the cut as the end, unlike grep's
    /// <c>$</c>). When the byte before is a word byte, no shorter match helps: the search resumes after the next non-word
    /// byte, where a match may start (the same result as grep's trying every place in between, without the cost).
    /// </summary>
    private MatchResult NextWord(ReadOnlySpan<byte> subject, int from)
    {
        while (from <= subject.Length)
        {
            var m = Peg.Find(_search, subject, from, _options);
            if (!m.Success) return m;
            if (m.Start > 0 && IsWordByte(subject[m.Start - 1]))
            {
                int nonWord = subject[m.Start..].IndexOfAnyExcept(WordBytes);
                if (nonWord < 0) return MatchResult.Failure;
                from = m.Start + nonWord + 1;
                continue;
            }
            for (var r = m; r.Success; r = Shorter(subject, r))
                if (r.End == subject.Length || !IsWordByte(subject[r.End])) return r;
            from = m.Start + 1;
        }
        return MatchResult.Failure;
    }

    // The match at r's start on the subject cut one byte before r's end; a failure when there is none, or it is empty.
    private MatchResult Shorter(ReadOnlySpan<byte> subject, MatchResult r)
    {
        if (r.End <= r.Start) return MatchResult.Failure;
        var s = Peg.Match(_search, subject[..(r.End - 1)], r.Start, _options);
        return s.Success && s.End > s.Start ? s : MatchResult.Failure;
    }

    /// <summary>grep's word constituents: ASCII letters, digits and the underscore.</summary>
    private static readonly System.Buffers.SearchValues<byte> WordBytes =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"u8);

    /// <summary>Whether <paramref name="b"/> is a word constituent for -w.</summary>
    public static bool IsWordByte(byte b) => WordBytes.Contains(b);

    /// <summary>Whether <see cref="Enumerate"/> gives the matches <see cref="Next"/> would (not with -x: one anchored
    /// match; not with -w: matches are checked for boundaries).</summary>
    public bool CanEnumerate => _whole is null && !_word;

    /// <summary>
    /// The matches of <paramref name="subject"/> from 0, as <see cref="Next"/> finds them one after another (after an
    /// empty match one byte on), found in batches by the library without building results: captures are not evaluated.
    /// </summary>
    public MatchEnumerator Enumerate(ReadOnlySpan<byte> subject) => Peg.EnumerateMatches(_search, subject, 0, _options);

    /// <summary>Forces compilation, so that grammar errors surface before any file is read, and names the byte that
    /// ends lines for <see cref="LinePrefilter"/>. With -x only the whole-subject pattern runs, and compiling it
    /// compiles the same rules: the search pattern is left uncompiled.</summary>
    /// <exception cref="PegException">The pattern is rejected (left recursion, an undefined rule, a limit...).</exception>
    /// <param name="eol">The byte that ends lines, for the prefilter ('\n', or NUL with -z).</param>
    public void Prepare(byte eol = (byte)'\n')
    {
        try
        {
            Peg.Match(_whole ?? _search, ReadOnlySpan<byte>.Empty, 0, CompileOnly);
        }
        catch (PegCaptureException)
        {
            // A capture that fails on the empty subject (a back reference to an absent group...) is a runtime
            // error of that subject, not of the pattern; it is reported where a real subject raises it.
        }
        _eol = eol;
    }
}

/// <summary>
/// The matches of a subject from a first result at 0, left to right; after an empty match the search moves on one
/// byte. Empty matches are skipped for output that prints matches (-o, --json), kept where they select a line (-U).
/// </summary>
internal ref struct MatchIterator
{
    private readonly ReadOnlySpan<byte> _subject;
    private readonly Matcher _matcher;
    private readonly bool _skipEmpty;
    private MatchResult _next;
    private int _pos;

    public MatchIterator(ReadOnlySpan<byte> subject, Matcher matcher, MatchResult first, bool skipEmpty)
    {
        _subject = subject;
        _matcher = matcher;
        _skipEmpty = skipEmpty;
        _next = first;
        _pos = -1;
    }

    public MatchResult Current { get; private set; }

    public bool MoveNext()
    {
        while (true)
        {
            if (_pos >= 0) _next = _pos > _subject.Length ? MatchResult.Failure : _matcher.Next(_subject, _pos);
            if (!_next.Success) return false;
            var r = _next;
            _pos = r.End > r.Start ? r.End : r.Start + 1;
            if (r.End > r.Start || !_skipEmpty)
            {
                Current = r;
                return true;
            }
        }
    }
}
