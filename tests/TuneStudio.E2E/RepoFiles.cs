namespace TuneStudio.E2E;

public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string TestData(string name) => Path.Combine(Root, "tests", "data", name);

    // Screenshots land here so a person (or CI's artifacts) can look at what the browser showed.
    public static string Screenshots { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("TUNESTUDIO_SCREENSHOTS") ?? Path.Combine(Root, "artifacts", "screenshots")).FullName;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TuneStudio.sln"))) return dir.FullName;
        throw new InvalidOperationException("TuneStudio.sln not found above " + AppContext.BaseDirectory);
    }
}
