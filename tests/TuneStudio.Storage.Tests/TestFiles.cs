using System.Text;
using System.Text.Json;

namespace TuneStudio.Storage.Tests;

internal static class TestFiles
{
    /// <summary>tests/data/first-names.csv: 800 real first names, 400 female and 400 male.</summary>
    public static string FirstNamesCsvPath()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TuneStudio.sln")))
                return Path.Combine(directory.FullName, "tests", "data", "first-names.csv");
        }
        throw new FileNotFoundException("TuneStudio.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A CSV/TSV line with RFC 4180 quoting wherever a value needs it.</summary>
    public static string DelimitedLine(char delimiter, params string[] values) =>
        string.Join(delimiter, values.Select(v => NeedsQuotes(v, delimiter) ? "\"" + v.Replace("\"", "\"\"") + "\"" : v));

    public static string JsonLine(string text, string label) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text, ["label"] = label });

    /// <summary>Records compare their label list by reference, so compare the list apart.</summary>
    public static void AssertSameSummary(DatasetSummary expected, DatasetSummary? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Labels, actual.Labels);
        Assert.Equal(expected, actual with { Labels = expected.Labels });
    }

    public static byte[] Utf8(string content) => Encoding.UTF8.GetBytes(content);

    private static bool NeedsQuotes(string value, char delimiter) =>
        value.Contains(delimiter) || value.Contains('"') || value.Contains('\n') || value.Contains('\r');
}
