using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace TuneStudio.Web.Security;

// Bound from "TuneStudio:RateLimit". Per caller: a signed-in user by name, anyone else by address.
public sealed class RateLimitOptions
{
    public const string Section = "TuneStudio:RateLimit";

    public int RequestsPerMinute { get; set; } = 1200;
    // How many requests may come at once before the steady rate applies.
    public int Burst { get; set; } = 600;
}

// A token bucket per caller on /api, so one script (or one attacker) cannot starve the studio for everyone else.
// Pages and the hub are not limited here: their traffic is the studio's own.
public static class ApiRateLimit
{
    public static IServiceCollection AddApiRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var o = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        int perSecond = Math.Max(1, o.RequestsPerMinute / 60);
        return services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                !http.Request.Path.StartsWithSegments("/api")
                    ? RateLimitPartition.GetNoLimiter("studio")
                    : RateLimitPartition.GetTokenBucketLimiter(CallerOf(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, o.Burst),
                        TokensPerPeriod = o.RequestsPerMinute < 60 ? Math.Max(1, o.RequestsPerMinute) : perSecond,
                        ReplenishmentPeriod = o.RequestsPerMinute < 60 ? TimeSpan.FromMinutes(1) : TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.OnRejected = async (context, token) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(title: "Too many requests", statusCode: StatusCodes.Status429TooManyRequests,
                    detail: $"More than {o.RequestsPerMinute} API requests a minute (TuneStudio:RateLimit); retry in {seconds} s.").ExecuteAsync(http);
            };
        });
    }

    private static string CallerOf(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "user:" + http.User.UserName() : "ip:" + PasswordSignIn.ClientOf(http);
}
