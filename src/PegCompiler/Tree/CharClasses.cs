// The C locale's character classes (lpeg.locale, and re's %a %d %s ...).
using PegJit.Vm;

namespace PegJit.Compiler;

internal static class CharClasses
{
    private static bool IsUpper(int c) => c is >= 'A' and <= 'Z';
    private static bool IsLower(int c) => c is >= 'a' and <= 'z';
    private static bool IsDigit(int c) => c is >= '0' and <= '9';
    private static bool IsAlpha(int c) => IsUpper(c) || IsLower(c);
    private static bool IsSpace(int c) => c is ' ' or (>= '\t' and <= '\r');
    private static bool IsCntrl(int c) => c < 32 || c == 127;
    private static bool IsGraph(int c) => c > 32 && c < 127;

    /// <summary>Class name to charset, as C's ctype.h in the "C" locale.</summary>
    public static readonly IReadOnlyDictionary<string, Charset> Locale = new Dictionary<string, Charset>
    {
        ["alnum"] = Charset.Where(c => IsAlpha(c) || IsDigit(c)),
        ["alpha"] = Charset.Where(IsAlpha),
        ["cntrl"] = Charset.Where(IsCntrl),
        ["digit"] = Charset.Where(IsDigit),
        ["graph"] = Charset.Where(IsGraph),
        ["lower"] = Charset.Where(IsLower),
        ["print"] = Charset.Where(c => IsGraph(c) || c == ' '),
        ["punct"] = Charset.Where(c => IsGraph(c) && !IsAlpha(c) && !IsDigit(c)),
        ["space"] = Charset.Where(IsSpace),
        ["upper"] = Charset.Where(IsUpper),
        ["xdigit"] = Charset.Where(c => IsDigit(c) || c is >= 'a' and <= 'f' or >= 'A' and <= 'F'),
    };
}
