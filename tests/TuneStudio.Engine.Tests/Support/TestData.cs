using TuneStudio.Engine;

namespace TuneStudio.Engine.Tests.Support;

public static class TestData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    // tests/data/first-names.csv: 800 real first names labelled female/male.
    public static (IReadOnlyList<TextExample> Examples, IReadOnlyList<string> Labels) FirstNames()
    {
        var rows = File.ReadAllLines(Path.Combine(RepositoryRoot, "tests", "data", "first-names.csv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(','))
            .ToList();
        var labels = rows.Select(row => row[1]).Distinct().Order(StringComparer.Ordinal).ToList();
        var examples = rows.Select(row => new TextExample(row[0], labels.IndexOf(row[1]))).ToList();
        return (examples, labels);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "TuneStudio.sln")))
                return directory.FullName;
        throw new InvalidOperationException($"No TuneStudio.sln above {AppContext.BaseDirectory}.");
    }
}
