using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// The studio's own /api endpoints, read from its EndpointDataSource, so a new endpoint is walked by these tests
// without anyone listing it.
internal static class ApiEndpointTable
{
    public static IReadOnlyList<(string Method, string Pattern, bool TakesForm)> Read(StudioServer studio) =>
        studio.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Select(e => (Endpoint: e, Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/')))
            .Where(e => e.Pattern.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, e.Pattern,
                    e.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(t => t.Contains("form")) == true)))
            .ToList();

    public static bool Writes(string method) => method is not ("GET" or "HEAD" or "OPTIONS");

    // Route values: the given dataset for dataset routes (so bodies are read, not answered 404 first), 1 for
    // numbers, and ids that exist nowhere for the rest.
    public static string Fill(string pattern, string datasetId) =>
        Regex.Replace(pattern, @"\{(\w+)(:int)?[^}]*\}", m =>
            m.Groups[2].Success ? "1"
            : (m.Groups[1].Value == "id" && pattern.StartsWith("/api/datasets/", StringComparison.Ordinal)) || m.Groups[1].Value == "datasetId" ? datasetId
            : "x-missing");
}
