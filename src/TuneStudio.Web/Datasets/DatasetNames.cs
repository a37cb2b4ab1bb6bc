namespace TuneStudio.Web.Datasets;

/// <summary>The name a dataset gets when the uploader gives none.</summary>
public static class DatasetNames
{
    private const int MinSharedPrefix = 3;
    private static readonly char[] Separators = ['-', '_', '.', ' '];

    /// <summary>
    /// One file: its name without the extension. Several (an image set): the start their names share, when it is a
    /// word of at least three characters ("pets-train.zip", "pets-test.zip" → "pets"), else "images-yyyy-MM-dd".
    /// Never the first file's name alone: Fashion-MNIST's four files would name the set "t10k-images-idx3-ubyte".
    /// </summary>
    public static string Suggest(IReadOnlyList<string> fileNames, DateTime today)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        var stems = fileNames.Select(StemOf).Where(s => s.Length > 0).ToList();
        if (stems.Count == 0) return $"dataset-{today:yyyy-MM-dd}";
        if (stems.Count == 1) return stems[0];
        var shared = stems.Aggregate((a, b) => a[..CommonPrefixLength(a, b)]);
        // Cut back to a whole word unless every name is that word: "pets-train" and "pets-test" share "pets-t".
        if (!stems.All(s => s.Length == shared.Length || Separators.Contains(s[shared.Length])))
            shared = shared[..Math.Max(0, shared.LastIndexOfAny(Separators))];
        shared = shared.TrimEnd(Separators);
        return shared.Length >= MinSharedPrefix ? shared : $"images-{today:yyyy-MM-dd}";
    }

    // "train-images-idx3-ubyte.gz" → "train-images-idx3-ubyte"; a browser's folder pick may send "pets/cat/a.png".
    private static string StemOf(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return Path.GetFileNameWithoutExtension(name).Trim();
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && char.ToLowerInvariant(a[n]) == char.ToLowerInvariant(b[n])) n++;
        return n;
    }
}
