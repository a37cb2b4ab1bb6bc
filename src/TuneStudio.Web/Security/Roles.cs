namespace TuneStudio.Web.Security;

public static class Roles
{
    public const string Admin = "admin";
    public const string Engineer = "engineer";
    public const string Annotator = "annotator";
    public const string Viewer = "viewer";

    public static IReadOnlyList<string> All { get; } = [Admin, Engineer, Annotator, Viewer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}
