using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using TuneStudio.Storage.Accounts;
using TuneStudio.Storage.Audit;

namespace TuneStudio.Web.Security;

// Browsers sign in with a cookie, scripts with a bearer token; a policy scheme picks one per request,
// so every page, endpoint and hub accepts either.
public static class StudioAuthentication
{
    public const string Scheme = "Studio";
    public const string LoginPath = "/account/login";

    public static IServiceCollection AddStudioAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccountOptions>(configuration.GetSection(AccountOptions.Section));
        var accounts = configuration.GetSection(AccountOptions.Section).Get<AccountOptions>() ?? new AccountOptions();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<UserStore>();
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<UserAccounts>();
        services.AddSingleton<ApiTokens>();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<SessionCheck>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            .AddPolicyScheme(Scheme, "Cookie or bearer token", o => o.ForwardDefaultSelector = context =>
                BearerTokenHandler.PresentedToken(context.Request) is null ? CookieAuthenticationDefaults.AuthenticationScheme : BearerTokenHandler.SchemeName)
            .AddCookie(o =>
            {
                o.Cookie.Name = "TuneStudio.Session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.ExpireTimeSpan = TimeSpan.FromHours(accounts.SessionHours);
                o.SlidingExpiration = true;
                o.LoginPath = LoginPath;
                o.AccessDeniedPath = "/account/denied";
                o.ReturnUrlParameter = "returnUrl";
                o.Events.OnValidatePrincipal = context =>
                {
                    if (context.Principal is null || !context.HttpContext.RequestServices.GetRequiredService<SessionCheck>().IsCurrent(context.Principal))
                        context.RejectPrincipal();
                    return Task.CompletedTask;
                };
                // APIs and the hub answer 401/403; only pages are sent to the sign-in form.
                o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);

        services.AddAuthorization(o => o.AddStudioPolicies());
        services.AddSingleton<DatasetAccess>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ReadableDatasetHandler>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, StudioAuthenticationStateProvider>();
        return services;
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs");

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (IsApi(context.Request.Path)) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A return address the sign-in may send the browser to: only paths on this studio.</summary>
    public static string LocalPath(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && !url.StartsWith("//") && !url.StartsWith("/\\") ? url : "/";
}
