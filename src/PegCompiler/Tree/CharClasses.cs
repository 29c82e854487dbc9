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

    /// <summary>A class's name and its bytes.</summary>
    public sealed record Named(string Name, Charset Set);

    /// <summary>The classes, as C's ctype.h in the "C" locale, in name order. An array rather than a dictionary keyed
    /// by name: a Dictionary of another assembly's struct is generic code that a ReadyToRun image cannot hold, and a
    /// fresh process compiled its methods for the first pattern that used re.</summary>
    public static readonly Named[] Locale =
    [
        new("alnum", Charset.Where(c => IsAlpha(c) || IsDigit(c))),
        new("alpha", Charset.Where(IsAlpha)),
        new("cntrl", Charset.Where(IsCntrl)),
        new("digit", Charset.Where(IsDigit)),
        new("graph", Charset.Where(IsGraph)),
        new("lower", Charset.Where(IsLower)),
        new("print", Charset.Where(c => IsGraph(c) || c == ' ')),
        new("punct", Charset.Where(c => IsGraph(c) && !IsAlpha(c) && !IsDigit(c))),
        new("space", Charset.Where(IsSpace)),
        new("upper", Charset.Where(IsUpper)),
        new("xdigit", Charset.Where(c => IsDigit(c) || c is >= 'a' and <= 'f' or >= 'A' and <= 'F')),
    ];

    /// <summary>The class named <paramref name="name"/> (one of <see cref="Locale"/>).</summary>
    public static Charset Of(string name)
    {
        foreach (var c in Locale)
            if (c.Name == name) return c.Set;
        throw new ArgumentException($"no character class '{name}'", nameof(name));
    }
}
