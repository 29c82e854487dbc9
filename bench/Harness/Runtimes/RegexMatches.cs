// The regex side of a search's output, shared by the harness and the BenchmarkDotNet project.
using System.Text.RegularExpressions;

namespace PegJit.Bench.Runtimes;

/// <summary>The same output as the PEG's <c>{| {URL} ... |}</c>: every match as a string, in a list.</summary>
public static class RegexMatches
{
    /// <summary>Collects every match of <paramref name="regex"/> in <paramref name="text"/> as a string; returns how many.</summary>
    public static int Strings(Regex regex, string text)
    {
        var found = new List<string>();
        foreach (var m in regex.EnumerateMatches(text)) found.Add(text.Substring(m.Index, m.Length));
        return found.Count;
    }

    /// <summary>The output of the PEG's <c>{| ( {| ITEM |} / . )* |}</c>: per match, an array of its groups' strings;
    /// returns how many matches.</summary>
    public static int Groups(Regex regex, string text)
    {
        var found = new List<string[]>();
        for (var m = regex.Match(text); m.Success; m = m.NextMatch())
        {
            var values = new string[m.Groups.Count - 1];
            for (int g = 1; g < m.Groups.Count; g++) values[g - 1] = m.Groups[g].Value;
            found.Add(values);
        }
        return found.Count;
    }
}
