using TuneStudio.Engine;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Api;

public static class ModelsEndpoints
{
    public static void MapModelsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/models", () => ModelCatalog.All).WithTags("Models").RequireAuthorization(Policies.Read);
}
