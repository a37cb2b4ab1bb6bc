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
    public async Task Api_endpoints_admit_exactly_the_roles_their_policy_names()
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
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method != "GET") request.Content = AcceptsForms(endpoint) ? new MultipartFormDataContent() : new StringContent("{}", Encoding.UTF8, "application/json");
                var status = (await _clients[caller ?? "none"].SendAsync(request)).StatusCode;
                bool allowed = Admits(policy, caller);
                var expected = allowed ? "admitted" : caller is null ? "401 or sign-in redirect" : "403";
                bool ok = allowed
                    ? status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && status != HttpStatusCode.Redirect
                    : caller is null
                        ? status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.Redirect && !StudioAuthentication.IsApi(path))
                        : status == HttpStatusCode.Forbidden;
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
