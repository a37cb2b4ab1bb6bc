namespace TuneStudio.Web.Tests.Support;

public static class RepoFiles
{
    public static string Root { get; } = FindRoot();

    public static string TestData(string name) => Path.Combine(Root, "tests", "data", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TuneStudio.sln"))) return dir.FullName;
        throw new InvalidOperationException("TuneStudio.sln not found above " + AppContext.BaseDirectory);
    }
}
