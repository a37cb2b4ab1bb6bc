using Microsoft.AspNetCore.Authorization;
using ComponentRouteData = Microsoft.AspNetCore.Components.RouteData;

namespace TuneStudio.Web.Security;

// Policies.ReadDataset's check beyond roles: the caller may read the dataset the route names ({id} or {datasetId}).
public sealed class ReadableDatasetRequirement : IAuthorizationRequirement;

// The resource is the request (API endpoints, and pages rendered on the server) or the route data (pages that the
// interactive router opens); both carry the dataset id as a route value.
public sealed class ReadableDatasetHandler(DatasetAccess access) : AuthorizationHandler<ReadableDatasetRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReadableDatasetRequirement requirement)
    {
        if (access.MayRead(context.User, DatasetId(context.Resource))) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    private static string? DatasetId(object? resource) => resource switch
    {
        HttpContext http => (http.GetRouteValue("datasetId") ?? http.GetRouteValue("id"))?.ToString(),
        ComponentRouteData route => route.RouteValues.FirstOrDefault(v => v.Key.Equals("datasetId", StringComparison.OrdinalIgnoreCase) || v.Key.Equals("id", StringComparison.OrdinalIgnoreCase)).Value?.ToString(),
        _ => null,
    };
}
