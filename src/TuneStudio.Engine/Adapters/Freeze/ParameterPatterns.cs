using System.Text.RegularExpressions;

namespace TuneStudio.Engine.Adapters.Freeze;

// Name patterns for parameters and modules: a glob ('*' any run of characters, '?' one) over the whole dotted
// name, or a regex after "re:" that may match anywhere in it.
public static class ParameterPatterns
{
    public const string RegexPrefix = "re:";

    public static bool IsValid(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) return false;
        if (!pattern.StartsWith(RegexPrefix, StringComparison.Ordinal)) return true;
        try
        {
            _ = new Regex(pattern[RegexPrefix.Length..]);
            return pattern.Length > RegexPrefix.Length;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static Regex ToRegex(string pattern) =>
        pattern.StartsWith(RegexPrefix, StringComparison.Ordinal)
            ? new Regex(pattern[RegexPrefix.Length..], RegexOptions.CultureInvariant)
            : new Regex("^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$", RegexOptions.CultureInvariant);

    public static Func<string, bool> AnyOf(IEnumerable<string> patterns)
    {
        var regexes = patterns.Select(ToRegex).ToList();
        return name => regexes.Any(regex => regex.IsMatch(name));
    }
}
