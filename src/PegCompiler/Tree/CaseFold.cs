// A pattern tree -> the same tree matching ASCII letters in either case (literals, sets, ranges, back-references).
using PegJit.Compiler;
using PegJit.Vm;

namespace PegJit.Compiler
{
    /// <summary>
    /// Case folding done on the tree, before any analysis or codegen, so that the interpreter, the JIT and the search
    /// facts all see the folded pattern: a literal <c>'ab'</c> becomes the sets <c>[aA][bB]</c> at fixed distances, a
    /// set or range holds both cases of each ASCII letter or neither (see <see cref="FoldSet"/>), and re's back-reference <c>=name</c> compares
    /// ASCII letters without regard to case. Only ASCII letters fold: every byte of a multi-byte UTF-8 character, and a
    /// <c>utfR</c> range's code points above U+007F, match exactly as written. Lengths do not change (one byte for one
    /// byte), so lookbehind and every length analysis stay valid.
    /// </summary>
    internal sealed class CaseFold : TreeRewrite
    {
        private CaseFold() { }

        /// <summary>The folded tree of <paramref name="root"/>.</summary>
        public static Node Apply(Node root) => Deep.Run(root.Depth, () => new CaseFold().Rewrite(root));

        protected override bool Keeps(Node n) => n is AnyNode or TrueNode or FalseNode or OpenCallNode;

        /// <summary>
        /// <paramref name="set"/> with both cases of a letter or neither. The tree no longer says whether a set was written
        /// as a complement, so its size decides: a set of fewer than 128 bytes gains the other case of each letter it
        /// holds (<c>[a-c]</c> is <c>[a-cA-C]</c>); a larger one is taken as a complement and loses a letter whose other
        /// case it lacks (<c>[^a]</c> matches neither <c>a</c> nor <c>A</c>, as with grep -i).
        /// </summary>
        public static Charset FoldSet(Charset set)
        {
            bool complement = set.Count >= 128;
            var folded = set;
            for (int upper = 'A'; upper <= 'Z'; upper++)
            {
                var pair = Charset.Of((byte)upper) | Charset.Of((byte)(upper + 32));
                if (set.Contains(upper) == set.Contains(upper + 32)) continue;
                folded = complement ? folded - pair : folded | pair;
            }
            return folded;
        }

        protected override Node RewriteNode(Node n) => n switch
        {
            CharNode c => Letter(c.Byte) ? new SetNode(FoldSet(Charset.Of(c.Byte))) : c,
            SetNode s => FoldSet(s.Set) == s.Set ? s : new SetNode(FoldSet(s.Set)),
            UtfRangeNode u => FoldUtfRange(u),
            RunTimeNode rt => new RunTimeNode(Rewrite(rt.Body), FoldFunction(rt.Function)),
            CallNode call => new CallNode((GrammarNode)Rewrite(call.Grammar), call.Rule),
            GrammarNode g => FoldGrammar(g),
            // Open calls are bound later, to folded rules.
            _ => Rebuilt(n),
        };

        // The rules refer back to the grammar: the new grammar is registered before its rules are folded.
        private GrammarNode FoldGrammar(GrammarNode g)
        {
            var rules = new Node[g.Rules.Length];
            var copy = new GrammarNode(g.Names, rules, g.Depth - 1, g.Size - 1);
            Remember(g, copy);
            for (int i = 0; i < rules.Length; i++) rules[i] = Rewrite(g.Rules[i]);
            return copy;
        }

        // utfR(from, to) with from ≤ U+007F: its ASCII part is a set, which folds; the rest stays a code point range.
        private static Node FoldUtfRange(UtfRangeNode u)
        {
            if (u.From > 0x7F) return u;
            var ascii = new SetNode(FoldSet(Charset.Range(u.From, 0x7F)));
            return new ChoiceNode(ascii, new UtfRangeNode(0x80, u.To));
        }

        // re's =name compares the group's text byte for byte; folded, it compares ASCII letters in either case.
        private static Delegate FoldFunction(Delegate function) =>
            function is RawMatchTimeFunction raw && raw.Method == EqualCaptureMethod ? EqualCaptureIgnoringCase : function;

        private static readonly System.Reflection.MethodInfo EqualCaptureMethod = ((RawMatchTimeFunction)ReNames.EqualCapture).Method;

        private static readonly RawMatchTimeFunction EqualCaptureIgnoringCase = (subject, pos, captures) =>
        {
            byte[]? text = ReNames.CaptureText(captures);
            if (text is null || text.Length > subject.Length - pos) return -1;
            return EqualsIgnoringAsciiCase(subject.Slice(pos, text.Length), text) ? pos + text.Length : -1;
        };

        // Not Ascii.EqualsIgnoreCase: that is false for any non-ASCII byte, which must still compare equal to itself.
        private static bool EqualsIgnoringAsciiCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            for (int i = 0; i < a.Length; i++)
                if (a[i] != b[i] && !(Letter(a[i]) && (a[i] | 0x20) == (b[i] | 0x20))) return false;
            return true;
        }

        private static bool Letter(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';
    }
}

namespace PegJit
{
    public sealed partial class Pattern
    {
        /// <summary>
        /// This pattern matching ASCII letters in either case: literals, sets, ranges and re's <c>=name</c>
        /// back-references fold, so <c>Re.Compile("'beta'").IgnoreCase()</c> matches <c>Beta</c> and <c>BETA</c>. Bytes
        /// outside ASCII match exactly (no Unicode case mapping: <c>'é'</c> does not match <c>É</c>). Search facts are
        /// derived from the folded tree (a literal becomes sets at fixed distances), so searches stay fast.
        /// </summary>
        /// <returns>A new pattern; this one is unchanged.</returns>
        public Pattern IgnoreCase() => new(CaseFold.Apply(Node));
    }
}
