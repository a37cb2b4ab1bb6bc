using System.Security.Cryptography;
using System.Text;

namespace TuneStudio.Engine.Training;

// A SHA-256 over labels and examples in order, so a resume can tell it was given the same data.
public static class DatasetFingerprint
{
    public static string Of(IReadOnlyList<TextExample> examples, IReadOnlyList<string> labels)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var label in labels) Append(hash, "L" + label);
        foreach (var example in examples) Append(hash, example.Label.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + example.Text);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static void Append(IncrementalHash hash, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        hash.AppendData(BitConverter.GetBytes(bytes.Length));
        hash.AppendData(bytes);
    }
}
