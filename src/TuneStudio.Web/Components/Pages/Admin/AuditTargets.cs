namespace TuneStudio.Web.Components.Pages.Admin;

// Where an audit entry's target lives in the studio, read from the target's id prefix or, for users and models
// (which have no page of their own), from the action's domain. Null when the studio has no page for it.
public static class AuditTargets
{
    public static string? Href(string action, string target)
    {
        if (string.IsNullOrEmpty(target)) return null;
        var id = Uri.EscapeDataString(target);
        if (target.StartsWith("run-", StringComparison.Ordinal)) return $"/runs/{id}";
        if (target.StartsWith("ds-", StringComparison.Ordinal)) return $"/datasets/{id}";
        if (target.StartsWith("rv-", StringComparison.Ordinal)) return $"/review/{id}";
        var domain = action.Split('.')[0];
        return domain switch
        {
            "model" => "/models",
            "user" or "token" or "signin" => "/admin/users",
            _ => null,
        };
    }
}
