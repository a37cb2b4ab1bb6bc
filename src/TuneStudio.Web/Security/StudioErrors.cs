using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace TuneStudio.Web.Security;

// Every error an API client sees is application/problem+json, whatever went wrong and whatever it accepts; pages get
// the HTML error page. Unhandled exceptions are logged with their stack here, once, and never shown to the caller.
public static class StudioErrors
{
    public static IServiceCollection AddStudioErrors(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Minimal APIs' binding failures (unreadable JSON, a number that is not one) become exceptions in every
        // environment, so the handler can name what was wrong instead of answering an empty 400.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    public static WebApplication UseStudioErrors(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandlingPath = "/Error", CreateScopeForErrors = true });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (IsApi(http.Request.Path)) await WriteAsync(http, http.Response.StatusCode, null);
            else
            {
                // Pages keep what UseStatusCodePages() wrote before: a short plain-text line.
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync($"Status Code: {http.Response.StatusCode}; {Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(http.Response.StatusCode)}");
            }
        });
        return app;
    }

    public static bool IsApi(PathString path) => StudioAuthentication.IsApi(path) || path.StartsWithSegments("/openapi");

    // Written by hand rather than through IProblemDetailsService, which picks HTML or nothing by the Accept header.
    public static Task WriteAsync(HttpContext http, int status, string? detail, string? title = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Type = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}",
        };
        foreach (var (key, value) in extensions ?? new Dictionary<string, object?>()) problem.Extensions[key] = value;
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }

    private sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
        {
            // The middleware has already pointed Request.Path at the error page; the feature keeps the path asked for.
            var path = http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path.Value ?? "";
            if (exception is BadHttpRequestException bad)
            {
                // The caller's mistake: what the framework could not read, with the parser's own words when it has them.
                logger.LogInformation("{Method} {Path}: {Message}", http.Request.Method, path, bad.Message);
                if (!IsApi(path) || http.Response.HasStarted) return false;
                var detail = bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
                await WriteAsync(http, bad.StatusCode, detail);
                return true;
            }
            logger.LogError(exception, "{Method} {Path} failed", http.Request.Method, path);
            if (!IsApi(path) || http.Response.HasStarted) return false;
            await WriteAsync(http, StatusCodes.Status500InternalServerError, "The studio failed to answer this request; the error is in its log.");
            return true;
        }
    }
}
