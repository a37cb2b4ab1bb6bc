using System.Net;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// Every page, API endpoint and hub against every role and against no sign-in. Endpoints come from the app's own
// EndpointDataSource, so a new endpoint without an explicit policy fails here rather than shipping open.
public sealed class AccessMatrixTests : IAsyncLifetime
{
    // Open on purpose: the sign-in form and its post, the script sign-in, the health probe, the error page.
    private static readonly string[] AnonymousByDesign = ["/account/signin", "/api/auth/token", "/healthz", "/account/login", "/account/denied", "/Error"];

    private static readonly string?[] Callers = [null, .. Roles.All];

    // Who may call each endpoint, stated here rather than read from the policies under test. The routes are filled
    // with ids that exist nowhere and datasets nobody is assigned, so an annotator is refused even where they may read
    // their own (AnnotatorDatasetAccessTests covers that side).
    private static readonly string[] Everyone = [Roles.Admin, Roles.Engineer, Roles.Viewer, Roles.Annotator];
    private static readonly string[] NotAnnotators = [Roles.Admin, Roles.Engineer, Roles.Viewer];
    private static readonly string[] Trainers = [Roles.Admin, Roles.Engineer];
    private static readonly string[] Reviewers = [Roles.Admin, Roles.Engineer, Roles.Annotator];
    private static readonly string[] Admins = [Roles.Admin];

    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["GET /openapi/{documentName}.json"] = Everyone,
        ["GET /hubs/runs"] = Everyone,
        ["GET /hubs/runs/negotiate"] = Everyone,
        ["POST /account/signout"] = Everyone,
        ["GET /api/auth/tokens/"] = Everyone,
        ["DELETE /api/auth/tokens/{id}"] = Everyone,
        ["GET /api/users/me"] = Everyone,
        ["POST /api/users/me/failed-sign-ins/seen"] = Everyone,
        ["GET /api/users/"] = Admins,
        ["POST /api/users/"] = Admins,
        ["GET /api/users/{name}"] = Admins,
        ["PATCH /api/users/{name}"] = Admins,
        ["GET /api/audit/"] = Admins,
        ["GET /api/audit/export"] = Admins,

        ["GET /api/datasets/"] = Everyone,
        ["POST /api/datasets/"] = Trainers,
        ["GET /api/datasets/{id}"] = NotAnnotators,
        ["DELETE /api/datasets/{id}"] = Trainers,
        ["GET /api/datasets/{id}/diff"] = NotAnnotators,
        ["GET /api/datasets/{id}/images/{hash}"] = NotAnnotators,
        ["GET /api/datasets/{id}/images/{hash}/augmentation-preview"] = NotAnnotators,
        ["GET /api/datasets/{id}/rejected-rows"] = NotAnnotators,
        ["GET /api/datasets/{id}/versions"] = NotAnnotators,
        ["POST /api/datasets/{id}/versions"] = Trainers,
        ["POST /api/datasets/{id}/versions/preview"] = Trainers,
        ["GET /api/datasets/{id}/versions/{version:int}"] = NotAnnotators,
        ["GET /api/datasets/{id}/versions/{version:int}/augmentation-preview"] = NotAnnotators,
        ["GET /api/datasets/{id}/versions/{version:int}/export"] = NotAnnotators,
        ["GET /api/datasets/{id}/versions/{version:int}/rows"] = NotAnnotators,
        ["GET /api/datasets/{id}/versions/{version:int}/split"] = NotAnnotators,
        ["GET /api/datasets/{datasetId}/versions/{version:int}/label-definitions/"] = NotAnnotators,
        ["PUT /api/datasets/{datasetId}/versions/{version:int}/label-definitions/"] = Trainers,

        ["GET /api/runs/"] = Everyone,
        ["POST /api/runs/"] = Trainers,
        ["POST /api/runs/plan"] = Trainers,
        ["POST /api/runs/batch-size"] = Trainers,
        ["GET /api/runs/{id}"] = Everyone,
        ["GET /api/runs/{id}/metrics"] = Everyone,
        ["POST /api/runs/{id}/cancel"] = Trainers,
        ["POST /api/runs/{id}/resume"] = Trainers,
        ["GET /api/checkpoints/{id}/download"] = Everyone,
        ["GET /api/checkpoints/{id}/export"] = Everyone,
        ["DELETE /api/checkpoints/{id}"] = Trainers,
        ["POST /api/evaluations/"] = Trainers,
        ["GET /api/evaluations/{id}"] = Everyone,
        ["GET /api/evaluations/{id}/examples"] = Everyone,
        ["POST /api/evaluations/{id}/cancel"] = Trainers,
        ["GET /api/runs/{id}/evaluations"] = Everyone,

        ["GET /api/models"] = Everyone,
        ["POST /api/models"] = Trainers,
        ["GET /api/models/{id}"] = Everyone,
        ["PATCH /api/models/{id}"] = Trainers,
        ["DELETE /api/models/{id}"] = Trainers,

        // Review work is for those who review: a viewer reads runs and data, not the queue.
        ["GET /api/reviews/"] = Reviewers,
        ["POST /api/reviews/"] = Trainers,
        ["GET /api/reviews/annotators"] = Trainers,
        ["GET /api/reviews/{id}"] = Reviewers,
        ["GET /api/reviews/{id}/next"] = Reviewers,
        ["POST /api/reviews/{id}/items/{itemId:int}"] = Reviewers,
        ["POST /api/reviews/{id}/undo"] = Reviewers,
        ["GET /api/reviews/{id}/conflicts"] = Reviewers,
        ["POST /api/reviews/{id}/conflicts/{itemId:int}"] = Trainers,
        ["POST /api/reviews/{id}/close"] = Trainers,
    };

    private StudioServer _studio = default!;
    private readonly Dictionary<string, HttpClient> _clients = new();

    public async Task InitializeAsync()
    {
        _studio = await StudioServer.StartAsync();
        foreach (var caller in Callers) _clients[caller ?? "none"] = caller is null ? _studio.ClientWithToken(null) : _studio.ClientAs(caller);
    }

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    [Fact]
    public void Every_endpoint_names_a_policy_or_is_anonymous_by_design()
    {
        var offenders = new List<string>();
        foreach (var endpoint in ApiEndpoints())
        {
            var pattern = Pattern(endpoint);
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            bool anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            if (anonymous ? !AnonymousByDesign.Contains(pattern) : policies.Count == 0 || policies.Any(p => p is null || !Policies.AllowedRoles.ContainsKey(p)))
                offenders.Add($"{string.Join(",", Methods(endpoint))} {pattern}");
        }
        Assert.Empty(offenders);
        Assert.True(ApiEndpoints().Count() >= 15, "the endpoint enumeration should see the whole API");
    }

    [Fact]
    public void Every_page_names_a_policy_or_is_anonymous_by_design()
    {
        var offenders = Pages()
            .Where(p => p.Type.GetCustomAttribute<AllowAnonymousAttribute>() is not null
                ? !AnonymousByDesign.Contains(p.Route)
                : p.Type.GetCustomAttribute<AuthorizeAttribute>()?.Policy is not { } policy || !Policies.AllowedRoles.ContainsKey(policy))
            .Select(p => p.Route)
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void Every_endpoint_has_a_stated_verdict()
    {
        var stated = ApiEndpoints().SelectMany(e => Methods(e).Select(m => $"{m} {Pattern(e)}")).ToHashSet();
        var missing = stated.Where(k => !Expected.ContainsKey(k) && !AnonymousByDesign.Contains(k.Split(' ')[1])).Order().ToList();
        var stale = Expected.Keys.Where(k => !stated.Contains(k)).Order().ToList();
        Assert.True(missing.Count == 0, "State who may call: " + string.Join("; ", missing));
        Assert.True(stale.Count == 0, "No longer an endpoint: " + string.Join("; ", stale));
    }

    [Fact]
    public async Task Api_endpoints_admit_exactly_the_roles_the_table_states()
    {
        var wrong = new List<string>();
        foreach (var endpoint in ApiEndpoints())
        {
            var policy = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().LastOrDefault()?.Policy;
            if (policy is null) continue; // anonymous by design, checked above
            var path = Fill(Pattern(endpoint));
            foreach (var method in Methods(endpoint))
            foreach (var caller in Callers)
            {
                if (!Expected.TryGetValue($"{method} {Pattern(endpoint)}", out var admitted)) continue; // named by the test above
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = AcceptsForms(endpoint) ? new MultipartFormDataContent() : new StringContent("{}", Encoding.UTF8, "application/json");
                var status = (await _clients[caller ?? "none"].SendAsync(request)).StatusCode;
                bool allowed = caller is not null && admitted.Contains(caller);
                var expected = allowed ? "admitted" : caller is null ? "401 or sign-in redirect" : "403";
                bool ok = status < HttpStatusCode.InternalServerError && (allowed
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && status != HttpStatusCode.Redirect
                    : caller is null
                        ? status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.Redirect && !StudioAuthentication.IsApi(path))
                        : status == HttpStatusCode.Forbidden);
                if (!ok) wrong.Add($"{method} {path} as {caller ?? "nobody"}: {(int)status}, expected {expected}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Pages_admit_exactly_the_roles_their_policy_names_and_send_strangers_to_sign_in()
    {
        var wrong = new List<string>();
        foreach (var (route, type) in Pages())
        {
            var path = Fill(route);
            var policy = type.GetCustomAttribute<AuthorizeAttribute>()?.Policy;
            foreach (var caller in Callers)
            {
                var response = await _clients[caller ?? "none"].GetAsync(path);
                bool allowed = policy is null || Admits(policy, caller);
                bool ok = allowed
                    ? response.StatusCode == HttpStatusCode.OK
                    : caller is null
                        ? response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.ToString().Contains("/account/login?returnUrl=")
                        : response.StatusCode == HttpStatusCode.Forbidden;
                if (!ok) wrong.Add($"GET {path} as {caller ?? "nobody"}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Hub_refuses_a_connection_without_sign_in_and_admits_every_role()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Connect(null));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => Connect("ts_not-a-real-token"));

        foreach (var role in Roles.All)
        {
            await using var connection = await Connect(_studio.CreateUserWithToken(role));
            var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Subscribe", "run-nope", 0L));
            Assert.Contains("does not exist", error.Message);
        }
    }

    // The filled-in routes name datasets nobody is assigned to review, so a role the policy admits only for its own
    // resources (an annotator, for one dataset) is refused there; AnnotatorDatasetAccessTests covers the assigned side.
    private static bool Admits(string policy, string? caller) =>
        caller is not null && Policies.AllowedRoles[policy].Contains(caller)
        && !(Policies.LimitedRoles.TryGetValue(policy, out var limited) && limited.Contains(caller));

    private async Task<HubConnection> Connect(string? token)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_studio.BaseAddress, "/hubs/runs"), o => { if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token); })
            .Build();
        try
        {
            await connection.StartAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    // Everything routable except pages (checked by Pages()), Blazor's own plumbing and static files.
    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        _studio.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
            .Where(e => !Pattern(e).StartsWith("/_"))
            .Where(e => !IsStaticAsset(e));

    // Static files, including the framework's "/{**path:file}" fallback for files: nothing there depends on who asks.
    private static bool IsStaticAsset(RouteEndpoint e) =>
        e.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor")
        || Pattern(e).Contains(":file}");

    private static bool AcceptsForms(Endpoint e) =>
        e.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes.Any(t => t.Contains("form")) == true;

    private static string Pattern(RouteEndpoint e) => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');

    private static IReadOnlyList<string> Methods(Endpoint e) =>
        e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Where(m => m != "CONNECT").ToList() is { Count: > 0 } methods ? methods : ["GET"];

    private static IEnumerable<(string Route, Type Type)> Pages() =>
        typeof(StudioApp).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (r.Template, t)));

    // Route values that exist nowhere: allowed callers get 404 or 400, never a change.
    private static string Fill(string route) =>
        Regex.Replace(route, @"\{(\w+)(:int)?[^}]*\}", m => m.Groups[2].Success ? "1" : m.Groups[1].Value == "documentName" ? "v1" : "x-missing");
}
