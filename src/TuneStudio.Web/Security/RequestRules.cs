using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace TuneStudio.Web.Security;

// Rules every state-changing request meets before an endpoint sees it:
// - Cross-site writes: a request that does not carry a bearer token rides on the browser's session cookie, and
//   SameSite=Lax still sends that cookie from a sibling origin (another port of the host, a sibling subdomain). Such
//   writes must come from this studio's own origin: a browser's Sec-Fetch-Site must say same-origin and its Origin
//   must be this host; a client that sends neither is not a browser and cannot be made to send the cookie. Bearer
//   clients are not affected: no other page can make a browser send their header.
// - API bodies are what the endpoint reads: multipart/form-data where it takes a form, JSON everywhere else (415
//   otherwise; a body where the endpoint reads none is a 400), JSON within MaxJsonBodyBytes (413) and without a repeated key in any object (400 naming it, since
//   which copy a parser keeps differs between parsers).
public static class RequestRules
{
    public static IApplicationBuilder UseRequestRules(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            await next();
            return;
        }
        if (BearerTokenHandler.PresentedToken(request) is null && CrossSiteProblem(request) is { } crossSite)
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Cross-site request refused", crossSite);
            return;
        }
        if (StudioErrors.IsApi(request.Path) && !request.Path.StartsWithSegments("/hubs") && HasBody(request))
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<StudioLimits>>().Value;
            var accepts = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>();
            var takesForm = accepts?.ContentTypes.Any(t => t.Contains("form", StringComparison.OrdinalIgnoreCase)) == true;
            // A body sent where none is read is a client's mistake (a field it thinks counts): say so rather than
            // act as if it had been read. Endpoints that read a body declare it (Accepts), bound or by hand.
            if (accepts is null && context.GetEndpoint() is RouteEndpoint)
            {
                await Refuse(context, StatusCodes.Status400BadRequest, "The request is invalid",
                    $"{request.Method} {request.Path} takes no body; send the request without one.", "body");
                return;
            }
            if (takesForm)
            {
                if (!request.HasFormContentType)
                {
                    await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                        $"{request.Method} {request.Path} takes multipart/form-data, not '{request.ContentType}'.", "body");
                    return;
                }
            }
            else
            {
                if (!IsJson(request.ContentType))
                {
                    await Refuse(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                        $"{request.Method} {request.Path} takes application/json, not '{request.ContentType ?? "no content type"}'.", "body");
                    return;
                }
                if (await ReadJsonAsync(context, limits.MaxJsonBodyBytes) is not { } body) return;
                if (DuplicateKey(body) is { } duplicate)
                {
                    await Refuse(context, StatusCodes.Status400BadRequest, "The request is invalid",
                        $"{duplicate}: the key appears more than once in the same object; send each field once.", duplicate);
                    return;
                }
                request.Body = new MemoryStream(body, writable: false);
            }
        }
        await next();
    });

    // Null when the request may write: same origin, or not from a browser at all.
    private static string? CrossSiteProblem(HttpRequest request)
    {
        // Sec-Fetch-Site, set by the browser alone, decides when it is sent: the studio's Referrer-Policy no-referrer
        // makes Chromium send "Origin: null" for its own sign-in form. Browsers without it are judged by Origin.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
            return site is "same-origin" or "none"
                ? null
                : $"This request came from another site (Sec-Fetch-Site: {site}); writes with the session cookie must come from the studio's own pages.";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !SameOrigin(origin, request))
            return $"This request came from {origin}; writes with the session cookie must come from {request.Scheme}://{request.Host}.";
        return null;
    }

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);

    // Kestrel knows whether a body follows (a length above 0, chunked, or an HTTP/2 stream left open).
    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
        ?? (request.ContentLength is > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0));

    private static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    // The whole body, or null once a 413 has been written.
    private static async Task<byte[]?> ReadJsonAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(context, limit);
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await TooLarge(context, limit);
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static Task TooLarge(HttpContext context, long limit) =>
        Refuse(context, StatusCodes.Status413PayloadTooLarge, "The request body is too large",
            $"JSON bodies are limited to {StudioLimits.Format(limit)} (TuneStudio:Limits:MaxJsonBodyBytes).", "body");

    // The path of the first key repeated within one object ("lora.rank"), or null. Malformed JSON is left to the
    // endpoint, whose message says where it broke.
    public static string? DuplicateKey(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        // Each open object or array with its path; an array's items share its path ("lora.targetModules").
        var open = new Stack<(HashSet<string>? Keys, string Path)>();
        string? key = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var path = open.Count == 0 ? "" : open.Peek().Keys is null || key is null ? open.Peek().Path : Join(open.Peek().Path, key);
                        open.Push((reader.TokenType == JsonTokenType.StartObject ? new HashSet<string>(StringComparer.Ordinal) : null, path));
                        key = null;
                        break;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        open.Pop();
                        key = null;
                        break;
                    case JsonTokenType.PropertyName:
                        key = reader.GetString()!;
                        if (!open.Peek().Keys!.Add(key)) return Join(open.Peek().Path, key);
                        break;
                    default:
                        key = null;
                        break;
                }
            }
        }
        catch (JsonException)
        {
        }
        return null;

        static string Join(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";
    }

    private static Task Refuse(HttpContext context, int status, string title, string detail, string? field = null)
    {
        var extensions = field is null ? null : new Dictionary<string, object?> { ["errors"] = new[] { new { field, message = detail } } };
        if (!StudioErrors.IsApi(context.Request.Path) && status == StatusCodes.Status403Forbidden)
        {
            context.Response.StatusCode = status;
            return context.Response.WriteAsync(detail);
        }
        return StudioErrors.WriteAsync(context, status, detail, title, extensions);
    }
}
