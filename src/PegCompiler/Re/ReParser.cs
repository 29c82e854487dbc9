// re text (LPeg's re syntax, as bytes) -> a pattern tree, by recursive descent that mirrors re's own PEG.
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using static PegJit.Pattern;

namespace PegJit.Compiler;

/// <summary>
/// Parses LPeg's <c>re</c> syntax (LPeg 1.1, which adds <c>&gt;&gt; name</c> to 1.0.2) into a <see cref="Pattern"/>.
/// </summary>
/// <remarks>
/// <para>The reader follows re's grammar rule for rule, alternative for alternative, so it accepts exactly the
/// texts re accepts and reports a syntax error where re does (re's <c>patt_error</c> fires at the first
/// position where a sequence cannot go on, after the same backtracking).</para>
/// <para>re reports a syntax error as soon as it sees one, but an undefined name, a repeated rule or a rule
/// used outside a grammar only once the whole text has parsed (those errors come from its capture values).
/// The reader does the same: it keeps the first such error and throws it after the last byte has parsed, so a
/// syntax error anywhere wins over it.</para>
/// </remarks>
internal static class ReParser
{
    /// <summary>
    /// Parses <paramref name="source"/> (the bytes re would see). <paramref name="defs"/> supplies <c>%name</c>
    /// and the names after <c>-&gt;</c>, <c>=&gt;</c>, <c>~&gt;</c> and <c>&gt;&gt;</c>. <paramref name="originalText"/>,
    /// when the caller had a string, is what error messages quote; otherwise each byte is shown as one character.
    /// </summary>
    /// <exception cref="PegSyntaxException">Malformed text, an undefined name, a repeated rule.</exception>
    /// <exception cref="PegGrammarException">A grammar LPeg rejects while building it (e.g. an undefined rule).</exception>
    /// <exception cref="PegLimitException">Nesting too deep, or a repetition count too large.</exception>
    internal static Pattern Parse(byte[] source, IReadOnlyDictionary<string, object?>? defs, string? originalText)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Deep.Run(EstimateDepth(source), () => new ReReader(source, defs, originalText).ParseAll());
    }

    // The reader recurses only through '(' and '{' (prefixes and suffixes loop), a few frames each; the
    // estimate sizes the stack for that, and Deep.Check stops the reader cleanly if it is still not enough.
    private static int EstimateDepth(byte[] source)
    {
        long openers = 0;
        foreach (byte b in source) if (b is (byte)'(' or (byte)'{') openers++;
        return (int)Math.Min(2 * openers + 16, Deep.MaxDepth);
    }
}

/// <summary>One parse of re text: a cursor over the bytes, the grammar flag, and the first deferred error.</summary>
internal sealed partial class ReReader
{
    /// <summary>Largest count accepted in <c>p^n</c>, <c>p^+n</c> and <c>p^-n</c> (each builds a tree of that size).</summary>
    public const int MaxRepetition = 1_000_000;

    private readonly byte[] _src;
    private readonly IReadOnlyDictionary<string, object?>? _defs;
    private readonly ReDiagnostics _diag;
    private int _pos;
    private bool _inGrammar;            // re's "G" group: whether a bare name is a rule reference here
    private Exception? _deferred;       // first error re reports after parsing (see ReParser's remarks)

    public ReReader(byte[] source, IReadOnlyDictionary<string, object?>? defs, string? originalText)
    {
        _src = source;
        _defs = defs;
        _diag = new ReDiagnostics(source, originalText);
    }

    // pattern <- S Exp !.
    public Pattern ParseAll()
    {
        Pattern p;
        try { p = Exp(); }
        catch (PegLimitException e) when (e.Position < 0) { throw Located(e); }
        if (_pos < _src.Length) throw _diag.SyntaxError(_pos);
        if (_deferred is not null) ExceptionDispatchInfo.Throw(_deferred);
        return p;
    }

    // ---- expressions -------------------------------------------------------------------------------

    // Exp <- S (Grammar / Seq ('/' S Seq)*). Never fails: it succeeds or throws.
    private Pattern Exp()
    {
        Deep.Check();
        Skip();
        if (TryGrammar(out Pattern? grammar)) return grammar;
        var alternatives = new List<Pattern> { Seq() };
        while (At(_pos, '/'))
        {
            _pos++;
            Skip();
            alternatives.Add(Seq());
        }
        return Choice(alternatives);
    }

    // Seq <- Prefix* (&SeqFollow / error). An empty sequence is P"" (re starts its fold with it).
    private Pattern Seq()
    {
        var items = new List<Pattern>();
        while (TryPrefix(out Pattern? p)) items.Add(p);
        if (!AtSeqFollow(_pos)) throw _diag.SyntaxError(_pos);
        return Sequence(items);
    }

    // Prefix <- '&' S Prefix / '!' S Prefix / Suffix   (read as a loop, so '!!!...' costs no stack)
    private bool TryPrefix([NotNullWhen(true)] out Pattern? p)
    {
        int start = _pos;
        List<byte>? operators = null;
        while (_pos < _src.Length && _src[_pos] is (byte)'&' or (byte)'!')
        {
            (operators ??= new()).Add(_src[_pos]);
            _pos++;
            Skip();
        }
        if (!TrySuffix(out p))
        {
            _pos = start;
            return false;
        }
        for (int i = (operators?.Count ?? 0) - 1; i >= 0; i--) p = operators![i] == '&' ? p.And() : -p;
        return true;
    }

    // Suffix <- Primary S (SuffixOp S)*
    private bool TrySuffix([NotNullWhen(true)] out Pattern? p)
    {
        if (!TryPrimary(out p)) return false;
        Skip();
        for (;;)
        {
            int save = _pos;
            if (!TrySuffixOp(ref p))
            {
                _pos = save;
                return true;
            }
            Skip();
        }
    }

    // SuffixOp <- '+' / '*' / '?' / '^' (num / [+-] [0-9]+) / '->' S (string / num / '{}' / name)
    //           / '=>' S name / '>>' S name / '~>' S name
    private bool TrySuffixOp(ref Pattern p)
    {
        int at = _pos;
        if (at >= _src.Length) return false;
        switch (_src[at])
        {
            case (byte)'+': _pos++; p = Repeat(p, 1); return true;
            case (byte)'*': _pos++; p = Repeat(p, 0); return true;
            case (byte)'?': _pos++; p = Repeat(p, -1); return true;
            case (byte)'^': _pos++; return TryPower(ref p, at);
            case (byte)'-' when At(at + 1, '>'): _pos += 2; Skip(); return TryReplacement(ref p);
            case (byte)'=' when At(at + 1, '>'): _pos += 2; Skip(); return TryDefinedFunction(ref p, '=');
            case (byte)'>' when At(at + 1, '>'): _pos += 2; Skip(); return TryDefinedFunction(ref p, '>');
            case (byte)'~' when At(at + 1, '>'): _pos += 2; Skip(); return TryDefinedFunction(ref p, '~');
            default: return false;
        }
    }

    // '^' num (exactly n, then S) / '^' [+-] [0-9]+ (at least n / at most n)
    private bool TryPower(ref Pattern p, int at)
    {
        if (IsDigit(_pos))
        {
            long n = Number();
            p = Exactly(p, n, at);
            return true;
        }
        if (_pos < _src.Length && _src[_pos] is (byte)'+' or (byte)'-' && IsDigit(_pos + 1))
        {
            bool atMost = _src[_pos] == '-';
            _pos++;
            long n = Digits();
            if (n > MaxRepetition) DeferLimit(at);
            else p = Repeat(p, atMost ? -(int)n : (int)n);
            return true;
        }
        return false;
    }

    // After '->' S: a string (string capture), a number (number capture), '{}' (table capture) or a name.
    private bool TryReplacement(ref Pattern p)
    {
        int at = _pos;
        if (TryString(out byte[]? format))
        {
            p = Pattern.StringCapture(p, format);   // the literal's bytes, exactly
            return true;
        }
        if (IsDigit(_pos))
        {
            long n = Number();
            if (n > short.MaxValue) Defer(_diag.Error($"invalid capture number (it must be 0..{short.MaxValue})", at));
            else p = p / (int)n;
            return true;
        }
        if (At(_pos, '{') && At(_pos + 1, '}'))
        {
            _pos += 2;
            p = Ct(p);
            return true;
        }
        return TryDefinedFunction(ref p, '-');
    }

    // The name after '->', '=>', '>>' or '~>', looked up in defs and applied to p.
    private bool TryDefinedFunction(ref Pattern p, char op)
    {
        int at = _pos;
        if (!TryName(out string? name)) return false;
        if (_deferred is not null) return true;
        object? value = _defs is not null && _defs.TryGetValue(name, out var v) ? v : null;
        if (value is null or false)
        {
            Defer(_diag.Error($"undefined name: {name}", at));
            return true;
        }
        var (result, problem) = ReNames.ApplySuffix(p, op, name, value);
        if (result is not null) p = result;
        else Defer(_diag.Error(problem!, at));
        return true;
    }

    // ---- primaries ---------------------------------------------------------------------------------

    // Primary <- '(' Exp ')' / string / class / defined / '{:' (name ':')? Exp ':}' / '=' name / '{}'
    //          / '{~' Exp '~}' / '{|' Exp '|}' / '{' Exp '}' / '.' / name !arrow / '<' name '>'
    private bool TryPrimary([NotNullWhen(true)] out Pattern? p)
    {
        Deep.Check();
        p = null;
        if (_pos >= _src.Length) return false;
        int start = _pos;
        switch (_src[start])
        {
            case (byte)'(':
                _pos++;
                Pattern inner = Exp();
                if (At(_pos, ')'))
                {
                    _pos++;
                    p = inner;
                    return true;
                }
                _pos = start;
                return false;
            case (byte)'\'' or (byte)'"':
                if (!TryString(out byte[]? literal)) return false;
                p = P(literal);
                return true;
            case (byte)'[':
                return TryClass(out p);
            case (byte)'%':
                return TryDefined(out p);
            case (byte)'{':
                return TryBraces(out p);
            case (byte)'=':
                _pos++;
                if (TryName(out string? group))
                {
                    p = ReNames.BackReference(group);
                    return true;
                }
                _pos = start;
                return false;
            case (byte)'.':
                _pos++;
                p = P(1);
                return true;
            case (byte)'<':
                _pos++;
                if (TryName(out string? rule) && At(_pos, '>'))
                {
                    _pos++;
                    p = RuleReference(rule, start + 1);
                    return true;
                }
                _pos = start;
                return false;
            default:
                int end = NameEnd(start);
                if (end < 0 || IsArrowAt(end)) return false;
                _pos = end;
                p = RuleReference(Name(start, end), start);
                return true;
        }
    }

    // The five forms that open with '{', tried in re's order; a failed form restores the position.
    private bool TryBraces([NotNullWhen(true)] out Pattern? p)
    {
        int start = _pos;
        if (At(start + 1, ':'))
        {
            _pos = start + 2;
            int nameStart = _pos;
            string? groupName = null;
            if (TryName(out string? n) && At(_pos, ':')) { groupName = n; _pos++; }
            else _pos = nameStart;
            Pattern inner = Exp();
            if (At(_pos, ':') && At(_pos + 1, '}'))
            {
                _pos += 2;
                p = groupName is null ? Cg(inner) : Cg(inner, groupName);
                return true;
            }
            _pos = start;
        }
        if (At(start + 1, '}'))
        {
            _pos = start + 2;
            p = Cp();
            return true;
        }
        if (At(start + 1, '~') && TryEnclosed(start, '~', out p))
        {
            p = Cs(p);
            return true;
        }
        if (At(start + 1, '|') && TryEnclosed(start, '|', out p))
        {
            p = Ct(p);
            return true;
        }
        _pos = start + 1;
        Pattern body = Exp();
        if (At(_pos, '}'))
        {
            _pos++;
            p = C(body);
            return true;
        }
        _pos = start;
        p = null;
        return false;
    }

    // '{' mark Exp mark '}'
    private bool TryEnclosed(int start, char mark, [NotNullWhen(true)] out Pattern? p)
    {
        _pos = start + 2;
        Pattern inner = Exp();
        if (At(_pos, mark) && At(_pos + 1, '}'))
        {
            _pos += 2;
            p = inner;
            return true;
        }
        _pos = start;
        p = null;
        return false;
    }

    // string <- "'" [^']* "'" / '"' [^"]* '"'   (no escapes)
    private bool TryString([NotNullWhen(true)] out byte[]? text)
    {
        text = null;
        if (_pos >= _src.Length || _src[_pos] is not ((byte)'\'' or (byte)'"')) return false;
        byte quote = _src[_pos];
        int close = Array.IndexOf(_src, quote, _pos + 1);
        if (close < 0) return false;
        text = _src[(_pos + 1)..close];
        _pos = close + 1;
        return true;
    }

    // defined <- '%' name: defs[name], else a predefined class.
    private bool TryDefined([NotNullWhen(true)] out Pattern? p)
    {
        int start = _pos;
        _pos++;
        if (!TryName(out string? name))
        {
            _pos = start;
            p = null;
            return false;
        }
        p = Defined(name, start + 1);
        return true;
    }

    private Pattern Defined(string name, int at)
    {
        if (_deferred is not null) return Placeholder;
        object? value = _defs is not null && _defs.TryGetValue(name, out var v) ? v : null;
        if (value is null or false)
        {
            if (ReNames.Predefined.TryGetValue(name, out Pattern? predefined)) return predefined;
            Defer(_diag.Error($"name '{name}' undefined", at));
            return Placeholder;
        }
        Pattern? p = ReNames.ToPattern(value);
        if (p is null) Defer(_diag.Error($"'{name}' is not a pattern (got {ReNames.Describe(value)})", at));
        return p ?? Placeholder;
    }

    private Pattern RuleReference(string name, int at)
    {
        if (_inGrammar) return V(name);
        if (_deferred is null) Defer(_diag.Error($"rule '{name}' used outside a grammar", at));
        return Placeholder;
    }

    // ---- grammars ----------------------------------------------------------------------------------

    // Grammar <- (name arrow Exp)+ ; the first rule is the initial one.
    private bool TryGrammar([NotNullWhen(true)] out Pattern? grammar)
    {
        grammar = null;
        if (!TryDefinitionHead(out string? name, out int nameAt)) return false;
        bool outer = _inGrammar;
        _inGrammar = true;
        var rules = new List<(string Name, Pattern Rule)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            Pattern body = Exp();
            if (!names.Add(name) && _deferred is null) Defer(_diag.Error($"'{name}' already defined as a rule", nameAt));
            rules.Add((name, body));
        } while (TryDefinitionHead(out name, out nameAt));
        _inGrammar = outer;
        var all = rules.ToArray();
        grammar = Make(() => Grammar(all));
        return true;
    }

    // name S '<-'
    private bool TryDefinitionHead([NotNullWhen(true)] out string? name, out int nameAt)
    {
        nameAt = _pos;
        name = null;
        int end = NameEnd(_pos);
        if (end < 0 || !IsArrowAt(end)) return false;
        name = Name(_pos, end);
        _pos = SkipFrom(end) + 2;
        return true;
    }

    // ---- building, with errors deferred ----------------------------------------------------------

    /// <summary>Stands in for parts not built once an error is pending (parsing goes on to find syntax errors).</summary>
    private static readonly Pattern Placeholder = P(true);

    private void Defer(Exception e) => _deferred ??= e;

    // A limit met while building (the tree's size or depth) points at where the reader was: the construct that grew it.
    private PegLimitException Located(PegLimitException e) => new(e.Message, _diag.CharOffset(Math.Min(_pos, _src.Length)));

    private void DeferLimit(int at) =>
        Defer(new PegLimitException($"repetition count too large (the limit is {MaxRepetition})", _diag.CharOffset(at)));

    // Builds with a combinator that may reject its operands (empty loops, grammar checks): the error waits.
    private Pattern Make(Func<Pattern> build)
    {
        if (_deferred is not null) return Placeholder;
        try { return build(); }
        catch (PegException e)
        {
            Defer(e is PegLimitException { Position: < 0 } limit ? Located(limit) : e);
            return Placeholder;
        }
    }

    private Pattern Repeat(Pattern p, int n) => Make(() => p ^ n);

    // p^n exactly: n copies in sequence, built by doubling as re does (a tree of log n distinct nodes).
    private Pattern Exactly(Pattern p, long n, int at)
    {
        if (n > MaxRepetition)
        {
            DeferLimit(at);
            return p;
        }
        Pattern result = P(true);
        for (Pattern power = p; n >= 1; n >>= 1)
        {
            if ((n & 1) != 0) result = result * power;
            if (n > 1) power = power * power;
        }
        return result;
    }

    // p1 p2 ... pn. Built right-nested (as P("abc") is), so analyses walk it in a loop.
    private static Pattern Sequence(List<Pattern> items)
    {
        if (items.Count == 0) return P(true);
        Pattern acc = items[^1];
        for (int i = items.Count - 2; i >= 0; i--) acc = items[i] * acc;
        return acc;
    }

    // p1 / p2 / ... / pn. Adjacent single-byte alternatives are merged into one set first; the rest is
    // folded right-nested, so each step inspects only the new alternative (linear in the number of them).
    private Pattern Choice(List<Pattern> alternatives)
    {
        if (alternatives.Count == 1) return alternatives[0];
        if (_deferred is not null) return Placeholder;
        var merged = MergeCharsets(alternatives);
        return Make(() =>
        {
            Pattern acc = merged[^1];
            for (int i = merged.Count - 2; i >= 0; i--) acc = merged[i] + acc;
            return acc;
        });
    }

    private static List<Pattern> MergeCharsets(List<Pattern> alternatives)
    {
        var merged = new List<Pattern>(alternatives.Count);
        for (int i = 0; i < alternatives.Count; i++)
        {
            if (!Analysis.ToCharset(alternatives[i].Node, out var set))
            {
                merged.Add(alternatives[i]);
                continue;
            }
            int j = i + 1;
            while (j < alternatives.Count && Analysis.ToCharset(alternatives[j].Node, out var next))
            {
                set |= next;
                j++;
            }
            merged.Add(j == i + 1 ? alternatives[i] : new Pattern(new SetNode(set)));
            i = j - 1;
        }
        return merged;
    }
}
