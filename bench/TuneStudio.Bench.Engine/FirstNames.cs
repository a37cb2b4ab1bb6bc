using TuneStudio.Engine;

namespace TuneStudio.Bench;

internal static class FirstNames
{
    public static (IReadOnlyList<TextExample> Examples, IReadOnlyList<string> Labels) Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TuneStudio.sln"))) directory = directory.Parent;
        var rows = File.ReadAllLines(Path.Combine(directory!.FullName, "tests", "data", "first-names.csv")).Skip(1)
            .Where(line => line.Length > 0).Select(line => line.Split(',')).ToList();
        var labels = rows.Select(row => row[1]).Distinct().Order(StringComparer.Ordinal).ToList();
        return (rows.Select(row => new TextExample(row[0], labels.IndexOf(row[1]))).ToList(), labels);
    }
}
