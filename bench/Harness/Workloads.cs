// The workloads: each pattern written once, in re syntax for PegJit and LPeg and as an equivalent regex.
namespace PegJit.Bench;

/// <summary>What a workload's result is, so that every engine reports it the same way.</summary>
public enum WorkloadKind
{
    /// <summary>Find every match in the file; the result is their count (<c>count=N</c>).</summary>
    Search,
    /// <summary>Recognize the whole file; the result is <c>valid</c> or <c>invalid</c>.</summary>
    Recognize,
}

/// <summary>One pattern over one family of corpus files.</summary>
/// <param name="Name">Short name used in rows, file names and plots.</param>
/// <param name="Family">The corpus family it runs on (<see cref="Corpus"/>).</param>
/// <param name="Kind">Search (count) or recognize (valid/invalid).</param>
/// <param name="Title">One line for the report.</param>
/// <param name="Re">The pattern PegJit and LPeg both compile, character for character. For a search it returns a
/// table capture holding one string per match, whose length is the count.</param>
/// <param name="Item">A search's bare item pattern (re syntax), as given to <c>pegrep -o</c>.</param>
/// <param name="Regex">The same search as a regex for .NET, <c>grep -E</c> and <c>rg</c>; null when none exists.</param>
/// <param name="NeedsMaxStack">LPeg's default backtrack stack (400 entries) is known to be too small: also run
/// LPeg with <c>lpeg.setmaxstack</c>.</param>
public sealed record Workload(
    string Name, string Family, WorkloadKind Kind, string Title, string Re, string? Item, string? Regex,
    bool NeedsMaxStack);

/// <summary>The catalog. Search patterns and their regexes select the same strings: every PEG repetition here is
/// followed by a character its loop cannot consume, so possessive (PEG) and backtracking (regex) repetition agree,
/// and a regex's leftmost match is the PEG scan's first success. Runs cross-check the counts on the real files.</summary>
public static class Workloads
{
    /// <summary>Full URLs: scheme, host, optional port and path. LPeg's <c>%w</c> is ASCII in the C locale.</summary>
    public static readonly Workload UrlFull = new(
        "url-full", Corpus.Urls, WorkloadKind.Search,
        "URL search: scheme, host, port, path; a loop `( {URL} / . )*`",
        "{| ( {'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?} / . )* |}",
        "'http' 's'? '://' [%w.-]+ (':' %d+)? ('/' [%w/._~%%?=&#-]*)?",
        "https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9/._~%?=&#-]*)?",
        NeedsMaxStack: false);

    /// <summary>PyPeg's URL pattern: "http" and at least three URL characters, found by the grammar S &lt;- URL / . S
    /// (its position capture dropped: the count is what is compared).</summary>
    public static readonly Workload UrlPyPeg = new(
        "url-pypeg", Corpus.Urls, WorkloadKind.Search,
        "PyPeg's URL search: `'http' urlchar^+3` found by `S <- URL / . S`",
        """
        urls    <- {| S* |}
        S       <- URL / . S
        URL     <- {'http' urlchar^+3}
        urlchar <- [a-zA-Z0-9] / [._~:/?#@!$&*+,;=-]
        """,
        "'http' [a-zA-Z0-9._~:/?#@!$&*+,;=-]^+3",
        "http[a-zA-Z0-9._~:/?#@!$&*+,;=-]{3,}",
        NeedsMaxStack: false);

    /// <summary>PyPeg's e-mail pattern: alphanumerics, '@', alphanumerics, ".de", found by S &lt;- EMAIL / . S.</summary>
    public static readonly Workload Email = new(
        "email", Corpus.Emails, WorkloadKind.Search,
        "PyPeg's e-mail search: `[a-zA-Z0-9]+ '@' [a-zA-Z0-9]+ '.de'` found by `S <- EMAIL / . S`",
        """
        emails <- {| S* |}
        S      <- {[a-zA-Z0-9]+ '@' [a-zA-Z0-9]+ '.de'} / . S
        """,
        "[a-zA-Z0-9]+ '@' [a-zA-Z0-9]+ '.de'",
        @"[a-zA-Z0-9]+@[a-zA-Z0-9]+\.de",
        NeedsMaxStack: false);

    /// <summary>JSON with loops for lists and strings: LPeg's stack grows only with nesting depth.</summary>
    public const string JsonLoops = """
        json   <- S value S !.
        value  <- object / array / string / number / 'true' / 'false' / 'null'
        object <- '{' S (member (S ',' S member)*)? S '}'
        member <- string S ':' S value
        array  <- '[' S (value (S ',' S value)*)? S ']'
        string <- '"' ([^"\] / '\' .)* '"'
        number <- '-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
        S      <- %s*
        """;

    /// <summary>JSON recognition with the constant-stack grammar.</summary>
    public static readonly Workload Json = new(
        "json", Corpus.Json, WorkloadKind.Recognize,
        "JSON recognition, loops for lists and strings (stack grows with nesting only)",
        JsonLoops, null, null, NeedsMaxStack: false);

    /// <summary>PyPeg's grammar recurses to the right for members and elements; strings recurse too here. PyPeg's
    /// <c>MEMBERS = MEMBER ',' MEMBERS / MEMBER</c> parses the last member twice (exponential in nesting), so the
    /// choice is factored: <c>members &lt;- member (',' members)?</c>. Same language as <see cref="JsonLoops"/>.</summary>
    public static readonly Workload JsonRightRecursive = new(
        "json-rr", Corpus.Json, WorkloadKind.Recognize,
        "JSON recognition, PyPeg-style right recursion for members, elements and string characters",
        """
        json     <- ws value ws !.
        value    <- object / array / string / number / 'true' / 'false' / 'null'
        object   <- '{' ws (members ws)? '}'
        members  <- member (ws ',' ws members)?
        member   <- string ws ':' ws value
        array    <- '[' ws (elements ws)? ']'
        elements <- value (ws ',' ws elements)?
        string   <- '"' chars '"'
        chars    <- ([^"\] / '\' .) chars / ''
        number   <- '-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?
        ws       <- %s*
        """,
        null, null, NeedsMaxStack: true);

    /// <summary>Deep nesting: the constant-stack grammar over a file nested 100,000 levels deep.</summary>
    public static readonly Workload JsonDeep = new(
        "json-deep", Corpus.Deep, WorkloadKind.Recognize,
        "JSON recognition of a document nested 100,000 levels deep (the loops grammar)",
        JsonLoops, null, null, NeedsMaxStack: true);

    /// <summary>Every workload, in report order.</summary>
    public static readonly IReadOnlyList<Workload> All = [UrlFull, UrlPyPeg, Email, Json, JsonRightRecursive, JsonDeep];

    /// <summary>The workload named <paramref name="name"/>.</summary>
    public static Workload ByName(string name) =>
        All.FirstOrDefault(w => w.Name == name) ?? throw new ArgumentException("unknown workload " + name);

    /// <summary>The result as every engine reports it: a count, or valid/invalid.</summary>
    public static string FormatResult(Workload w, long value) =>
        w.Kind == WorkloadKind.Search ? "count=" + value : value != 0 ? "valid" : "invalid";
}
