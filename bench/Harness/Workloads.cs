// The workloads: each pattern written once, in re syntax for PegJit and LPeg and as an equivalent regex.
namespace PegJit.Bench;

/// <summary>What a workload's result is, so that every engine reports it the same way.</summary>
public enum WorkloadKind
{
    /// <summary>Find every match in the file; the result is their count (<c>count=N</c>).</summary>
    Search,
    /// <summary>Recognize the whole file; the result is <c>valid</c> or <c>invalid</c>.</summary>
    Recognize,
    /// <summary>Match an anchored pattern against each line of the file (many short inputs, one call each); the result
    /// is how many lines match (<c>matched=N</c>).</summary>
    Validate,
    /// <summary>Parse the whole file into values (a tree, rows, or numbers); the result is a summary of them that every
    /// engine computes the same way (<c>Parse.Summaries</c>), e.g. <c>values=N numbers=S strings=L</c>.</summary>
    Parse,
}

/// <summary>One pattern over one family of corpus files.</summary>
/// <param name="Name">Short name used in rows, file names and plots.</param>
/// <param name="Family">The corpus family it runs on (<see cref="Corpus"/>).</param>
/// <param name="Kind">Search (count) or recognize (valid/invalid).</param>
/// <param name="Title">One line for the report.</param>
/// <param name="Re">The pattern PegJit and LPeg both compile, character for character. For a search it returns a
/// table capture holding one value per match (a string, or a table of the item's captures), whose length is the count;
/// for a validation it is the anchored pattern each line is matched against.</param>
/// <param name="Item">A search's bare item pattern (re syntax), as given to <c>pegrep -o</c>.</param>
/// <param name="Regex">The same search as a regex for .NET, <c>grep -E</c> and <c>rg</c>; null when none exists (for a
/// validation: the anchored .NET regex).</param>
/// <param name="NeedsMaxStack">LPeg's default backtrack stack (400 entries) is known to be too small: also run
/// LPeg with <c>lpeg.setmaxstack</c>.</param>
public sealed record Workload(
    string Name, string Family, WorkloadKind Kind, string Title, string Re, string? Item, string? Regex,
    bool NeedsMaxStack)
{
    /// <summary>The .NET search API rows run on it: <c>Peg.Count</c> (bytes, JIT on and off; strings, ASCII and not),
    /// <c>Peg.EnumerateMatches</c>, <c>Peg.Matches</c>, a <c>Peg.Find</c> loop, <c>Regex.Count</c> and
    /// <c>Regex.EnumerateMatches</c>, LPeg's counting fold; and the scaling check compares its sizes.</summary>
    public bool Api { get; init; }

    /// <summary>The regex as <c>grep -E</c> spells it, when POSIX brackets cannot say what <see cref="Regex"/> says (they
    /// have no escapes: <c>[^"\\\n]</c> is not-quote, not-backslash, not-<c>n</c>); null: <see cref="Regex"/>.</summary>
    public string? GrepRegex { get; init; }

    /// <summary>The item has captures of its own: the search idiom keeps a table of them per match, and the regex rows that
    /// build strings collect its groups.</summary>
    public bool Captures { get; init; }

    /// <summary>The regex grep runs.</summary>
    public string? RegexForGrep => GrepRegex ?? Regex;
}

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

    /// <summary>JSON after json.org's railroad diagrams, written apart from the two above: a string's characters are
    /// anything but a quote, a backslash or a control character, or an escape (one of <c>"\\/bfnrt</c>, or <c>u</c> and
    /// four hex digits); a number has no leading zeros; whitespace is exactly space, tab, LF and CR (re has no name for
    /// tab or CR, so the set holds the characters themselves).</summary>
    public const string JsonRailroadGrammar = """
        json       <- element !.
        element    <- ws value ws
        value      <- object / array / string / number / 'true' / 'false' / 'null'
        object     <- '{' (ws '}' / members '}')
        members    <- member (',' member)*
        member     <- ws string ws ':' element
        array      <- '[' (ws ']' / elements ']')
        elements   <- element (',' element)*
        string     <- '"' character* '"'
        character  <- [^"\%c] / '\' escape
        escape     <- ["\/bfnrt] / 'u' hex hex hex hex
        hex        <- [0-9a-fA-F]
        number     <- integer fraction? exponent?
        integer    <- '-'? ('0' / [1-9] [0-9]*)
        fraction   <- '.' [0-9]+
        exponent   <- [eE] [+-]? [0-9]+

        """ + "ws         <- [ \t\n\r]*";

    /// <summary>JSON recognition with the railroad-diagram grammar.</summary>
    public static readonly Workload JsonRailroad = new(
        "json-railroad", Corpus.Json, WorkloadKind.Recognize,
        "JSON recognition, a grammar written from json.org's railroad diagrams (no leading zeros, no control characters in strings)",
        JsonRailroadGrammar, null, null, NeedsMaxStack: false);

    /// <summary>Deep nesting: the constant-stack grammar over a file nested 100,000 levels deep.</summary>
    public static readonly Workload JsonDeep = new(
        "json-deep", Corpus.Deep, WorkloadKind.Recognize,
        "JSON recognition of a document nested 100,000 levels deep (the loops grammar)",
        JsonLoops, null, null, NeedsMaxStack: true);

    // ---- parse workloads: captures build values (a JSON tree, CSV rows, arithmetic results), summarized alike by every engine ----

    /// <summary>JSON to values, in LPeg's idiom: arrays are table captures, objects a fold of key/value groups into a
    /// table (<c>~&gt; set</c>), numbers a function capture (<c>-&gt; tonumber</c>), strings a substitution capture with
    /// the escapes decoded (a query capture for one-letter escapes, a function for <c>\uXXXX</c>); <c>%T %F %N</c> are
    /// constant captures of true, false and a null value. The defs are the engine's own (<c>Parse.PegJitParse</c>,
    /// <c>Runtimes/parse_defs.lua</c>).</summary>
    public static readonly Workload JsonValues = new(
        "json-values", Corpus.JsonParse, WorkloadKind.Parse,
        "JSON to values: tables for arrays and objects (a fold of key/value groups), numbers by `tonumber`, strings with escapes decoded",
        """
        json    <- S value S !.
        value   <- object / array / string / number / 'true' %T / 'false' %F / 'null' %N
        object  <- ('{' S {| '' |} (member (S ',' S member)*)? S '}') ~> set
        member  <- {: string S ':' S value :}
        array   <- '[' S {| (value (S ',' S value)*)? |} S ']'
        string  <- '"' {~ ([^"\]+ / escape)* ~} '"'
        escape  <- ('\u' {%x%x%x%x}) -> unicode / ('\' {["\/bfnrt]}) -> esc
        number  <- ('-'? [0-9]+ ('.' [0-9]+)? ([eE] [+-]? [0-9]+)?) -> tonumber
        S       <- %s*
        """,
        null, null, NeedsMaxStack: false);

    /// <summary>CSV (RFC 4180: quoted fields with doubled quotes, commas and line breaks inside; rows ending in CRLF or
    /// LF) to a table of rows, each a table of field strings. <c>%cr</c> is a defs pattern for the carriage return, which
    /// re has no name for.</summary>
    public static readonly Workload CsvRows = new(
        "csv-rows", Corpus.Csv, WorkloadKind.Parse,
        "CSV to rows of strings (RFC 4180: quoted fields, doubled quotes, CRLF or LF)",
        """
        csv     <- {| (row eol)* (&. row)? |} !.
        row     <- {| field (',' field)* |}
        field   <- '"' {~ ([^"]+ / '""' -> '"')* ~} '"' / {[^,"%cr%nl]*}
        eol     <- %cr? %nl
        """,
        null, null, NeedsMaxStack: false);

    /// <summary>An arithmetic evaluator: each line's value folded left to right (<c>~&gt; arith</c>, LPeg's <c>Cf</c> over
    /// groups of operator and operand), the lines' values in a table.</summary>
    public static readonly Workload Arith = new(
        "arith", Corpus.Exprs, WorkloadKind.Parse,
        "arithmetic evaluator: + - * / and parentheses, left folds (`Cf`) per precedence level, one value per line",
        """
        lines   <- {| (S exp S %nl)* |} !.
        exp     <- (term {: {[+-]} S term :}*) ~> arith
        term    <- (factor {: {[*/]} S factor :}*) ~> arith
        factor  <- (number / '(' S exp ')') S
        number  <- ('-'? [0-9]+ ('.' [0-9]+)?) -> num
        S       <- ' '*
        """,
        null, null, NeedsMaxStack: false);

    // ---- search shapes for the .NET API rows (Count, EnumerateMatches, Matches, Find), on the URL texts at 5 and 50 MiB ----

    /// <summary>The search idiom around a bare item: <c>{| ( {ITEM} / . )* |}</c>, or with a table per match for an item
    /// with captures of its own (a string capture around them would put them in the outer table too, and its length would
    /// no longer be the count).</summary>
    public static string SearchIdiom(string item, bool captures) =>
        captures ? $"{{| ( {{| {item} |}} / . )* |}}" : $"{{| ( {{{item}}} / . )* |}}";

    private static Workload ApiSearch(string name, string title, string item, string regex, string? grepRegex = null, bool captures = false) =>
        new(name, Corpus.UrlsSearch, WorkloadKind.Search, title, SearchIdiom(item, captures), item, regex, NeedsMaxStack: false)
        {
            Api = true, GrepRegex = grepRegex, Captures = captures,
        };

    /// <summary>Literal-led: a 17-byte literal, then a set loop and a quote (the spec's operation ids).</summary>
    public static readonly Workload OperationId = ApiSearch(
        "operation-id", "literal-led: `'\"operationId\": \"'` then an id and a quote",
        "'\"operationId\": \"' [a-z0-9/_-]+ '\"'",
        "\"operationId\": \"[a-z0-9/_-]+\"");

    /// <summary>A literal alternation as whole words: the quotes around the spec's lower-case method keys bound them (a
    /// regex <c>\b</c> is Unicode-aware over Latin-1 text and grep -E has no look-ahead, so the quotes are the boundary).</summary>
    public static readonly Workload HttpMethod = ApiSearch(
        "http-method", "literal alternation: `'\"' ('get' / 'post' / 'put' / 'delete' / 'patch') '\"'`",
        "'\"' ('get' / 'post' / 'put' / 'delete' / 'patch') '\"'",
        "\"(get|post|put|delete|patch)\"");

    /// <summary>A set loop, then a literal, then a set loop (e-mail-like). The first loop cannot consume '@' and the second
    /// ends the match, so possessive and backtracking repetition agree.</summary>
    public static readonly Workload EmailLike = ApiSearch(
        "email-like", "set loop then literal: `[a-zA-Z0-9._-]+ '@' [a-zA-Z0-9.-]+`",
        "[a-zA-Z0-9._-]+ '@' [a-zA-Z0-9.-]+",
        "[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+");

    /// <summary>Digit runs: many short matches (about 4,000 per MB).</summary>
    public static readonly Workload Digits = ApiSearch(
        "digits", "digit runs: `[0-9]+`",
        "[0-9]+",
        "[0-9]+");

    /// <summary>Quoted strings without escapes, within a line: a negated set loop between quotes, the densest search here
    /// (about 23,000 matches per MB). Excluding the newline keeps the whole-file search equal to the line tools' one.</summary>
    public static readonly Workload Quoted = ApiSearch(
        "quoted", "quoted strings: `'\"' [^\"\\%nl]* '\"'`",
        "'\"' [^\"\\%nl]* '\"'",
        "\"[^\"\\\\\\n]*\"",
        grepRegex: "\"[^\"\\\\]*\"");

    /// <summary>Fixed-width fields: an ISO date, ten single-byte tests in a row.</summary>
    public static readonly Workload Date = ApiSearch(
        "date", "fixed-width fields: `%d%d%d%d '-' %d%d '-' %d%d`",
        "%d%d%d%d '-' %d%d '-' %d%d",
        "[0-9]{4}-[0-9]{2}-[0-9]{2}");

    /// <summary>A capture-heavy key/value parse: two captures per match (the spec's numeric members, e.g.
    /// <c>"maximum": 100</c>). C's <c>%s</c> and .NET's <c>\s</c> differ only on U+0085 and U+00A0, which, as Latin-1 of
    /// UTF-8 bytes, are continuation bytes and never follow ':' or a space.</summary>
    public static readonly Workload KeyValue = ApiSearch(
        "kv-capture", "capture-heavy: `'\"' {[a-z_]+} '\":' %s* {[0-9]+}`, a table of two captures per match",
        "'\"' {[a-z_]+} '\":' %s* {[0-9]+}",
        "\"([a-z_]+)\":\\s*([0-9]+)",
        captures: true);

    /// <summary>Rare: a PEM armor header, once in 5 MiB and 8 times in 50 MiB.</summary>
    public static readonly Workload Rare = ApiSearch(
        "rare", "rare match: `'-----BEGIN ' [A-Z ]+ '-----'` (1 in 5 MiB, 8 in 50 MiB)",
        "'-----BEGIN ' [A-Z ]+ '-----'",
        "-----BEGIN [A-Z ]+-----");

    /// <summary>Never matches: the pure scan for a literal's first bytes.</summary>
    public static readonly Workload Absent = ApiSearch(
        "absent", "no match: `'xyzzy'`",
        "'xyzzy'",
        "xyzzy");

    // ---- many small inputs: one anchored match per line of a generated file of 1,000,000 short strings ----

    /// <summary>E-mail validation, anchored at both ends.</summary>
    public static readonly Workload ValidateEmail = new(
        "validate-email", Corpus.Short, WorkloadKind.Validate,
        "anchored e-mail validation of 1,000,000 short strings: `Peg.Match(p, s).Success` against `Regex.IsMatch(s)`",
        "[a-zA-Z0-9._-]+ '@' [a-zA-Z0-9.-]+ !.", null,
        @"\A[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+\z", NeedsMaxStack: false);

    /// <summary>Date validation with month and day ranges (ordered choices), anchored at both ends.</summary>
    public static readonly Workload ValidateDate = new(
        "validate-date", Corpus.Short, WorkloadKind.Validate,
        "anchored date validation (month 01-12, day 01-31) of 1,000,000 short strings",
        "%d%d%d%d '-' ('0' [1-9] / '1' [0-2]) '-' ('0' [1-9] / [12] %d / '3' [01]) !.", null,
        @"\A[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\z", NeedsMaxStack: false);

    /// <summary>Every workload, in report order.</summary>
    public static readonly IReadOnlyList<Workload> All =
    [
        UrlFull, UrlPyPeg, Email, Json, JsonRightRecursive, JsonRailroad, JsonDeep,
        JsonValues, CsvRows, Arith,
        OperationId, HttpMethod, EmailLike, Digits, Quoted, Date, KeyValue, Rare, Absent,
        ValidateEmail, ValidateDate,
    ];

    /// <summary>The workload named <paramref name="name"/>.</summary>
    public static Workload ByName(string name) =>
        All.FirstOrDefault(w => w.Name == name) ?? throw new ArgumentException("unknown workload " + name);

    /// <summary>The result as every engine reports it: a count, the lines matched, or valid/invalid.</summary>
    public static string FormatResult(Workload w, long value) => w.Kind switch
    {
        WorkloadKind.Search => "count=" + value,
        WorkloadKind.Validate => "matched=" + value,
        WorkloadKind.Parse => "values=" + value,
        _ => value != 0 ? "valid" : "invalid",
    };
}
