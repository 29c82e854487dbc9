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

    /// <param name="patterns">The compiled patterns, at least one.</param>
    /// <param name="wholeSubject">-x: a match must start at the subject's start and end at its end.</param>
    /// <param name="options">The options of every match (0-based positions).</param>
    public Matcher(IReadOnlyList<Pattern> patterns, bool wholeSubject, MatchOptions options)
    {
        _options = options;
        _search = patterns.Aggregate((a, b) => a + b);
        // p1 !. / p2 !. / ...: each alternative must itself reach the end, since an ordered choice commits to
        // the first alternative that matches, even when it stops short of the end.
        if (wholeSubject) _whole = patterns.Select(p => p * -Pattern.P(1)).Aggregate((a, b) => a + b);
        Name = (patterns.Count == 1 ? "pattern" : $"{patterns.Count} patterns as one ordered choice") +
               (wholeSubject ? " (whole subject, -x)" : "");
    }

    /// <summary>What runs, for the JIT's reports: "pattern", or how several were joined.</summary>
    public string Name { get; }

    /// <summary>The JIT settings every match runs with.</summary>
    public TracerOptions Jit => _options.Jit;

    /// <summary>What the JIT did for the pattern that runs (null when it never ran).</summary>
    public TraceStatistics? JitStatistics => JitDiagnostics.Statistics(_whole ?? _search, _options.Jit);

    /// <summary>
    /// Which lines can hold a match, for searching a block of lines at once; null when a match may begin anywhere
    /// (then every line is matched). Null until <see cref="Prepare"/>.
    /// </summary>
    public Prefilter? LinePrefilter { get; private set; }

    /// <summary>Whether the subject is selected: a match somewhere (re.find), or with -x an anchored whole match.</summary>
    public bool IsMatch(ReadOnlySpan<byte> subject) =>
        _whole is null ? Peg.Find(_search, subject, 0, _options).Success : Peg.Match(_whole, subject, 0, _options).Success;

    /// <summary>The first match at or after <paramref name="from"/>; with -x only the whole subject, at 0.</summary>
    public MatchResult Next(ReadOnlySpan<byte> subject, int from)
    {
        if (_whole is null) return Peg.Find(_search, subject, from, _options);
        return from == 0 ? Peg.Match(_whole, subject, 0, _options) : MatchResult.Failure;
    }

    /// <summary>Whether <see cref="Enumerate"/> gives the matches <see cref="Next"/> would (not with -x: one anchored match).</summary>
    public bool CanEnumerate => _whole is null;

    /// <summary>
    /// The matches of <paramref name="subject"/> from 0, as <see cref="Next"/> finds them one after another (after an
    /// empty match one byte on), found in batches by the library without building results: captures are not evaluated.
    /// </summary>
    public MatchEnumerator Enumerate(ReadOnlySpan<byte> subject) => Peg.EnumerateMatches(_search, subject, 0, _options);

    /// <summary>Forces compilation, so that grammar errors surface before any file is read, and sets <see cref="LinePrefilter"/>.</summary>
    /// <exception cref="PegException">The pattern is rejected (left recursion, an undefined rule, a limit...).</exception>
    public void Prepare()
    {
        try
        {
            Peg.Match(_search, ReadOnlySpan<byte>.Empty, 0, CompileOnly);
            if (_whole is not null) Peg.Match(_whole, ReadOnlySpan<byte>.Empty, 0, CompileOnly);
        }
        catch (PegCaptureException)
        {
            // A capture that fails on the empty subject (a back reference to an absent group...) is a runtime
            // error of that subject, not of the pattern; it is reported where a real subject raises it.
        }
        LinePrefilter = Prefilter.For(_whole ?? _search);
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
