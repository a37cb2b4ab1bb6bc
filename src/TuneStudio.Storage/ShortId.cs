using System.Security.Cryptography;

namespace TuneStudio.Storage;

/// <summary>Short ids people can read and type, such as "ds-3f9a0c1e": a prefix and 32 random bits.</summary>
internal static class ShortId
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    /// <summary>32 bits collide rarely but not never, so ask the collection before taking one.</summary>
    public static string NewUnused(string prefix, Func<string, bool> isTaken)
    {
        while (true)
        {
            var id = New(prefix);
            if (!isTaken(id)) return id;
        }
    }
}
