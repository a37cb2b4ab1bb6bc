using System.Net;
using System.Text;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// Every API endpoint, sent what a broken or hostile client sends, answers a 4xx as application/problem+json: never
// a 500, never an HTML page, never an empty body.
public sealed class ProblemResponseTests : StudioWithNamesTest
{
    private static readonly (string Name, Func<HttpContent> Body)[] MalformedJson =
    [
        ("truncated JSON", () => new StringContent("{\"epochs\": ", Encoding.UTF8, "application/json")),
        ("a repeated key", () => new StringContent("""{"name":"a","name":"b","label":"x","label":"y"}""", Encoding.UTF8, "application/json")),
        ("a JSON array", () => new StringContent("[1, 2, 3]", Encoding.UTF8, "application/json")),
        ("wrong types", () => new StringContent("""{"name":1,"datasetId":[],"version":"v","label":{},"basedOn":"x","rows":"all"}""", Encoding.UTF8, "application/json")),
        ("a text/plain body", () => new StringContent("""{"baseVersion":1,"operation":"trim"}""", Encoding.UTF8, "text/plain")),
        ("a form body", () => new FormUrlEncodedContent(new Dictionary<string, string> { ["a"] = "b" })),
    ];

    private static readonly (string Name, Func<HttpContent> Body)[] MalformedForms =
    [
        ("a multipart body with no parts", () => new ByteArrayContent("--x--\r\n"u8.ToArray()) { Headers = { { "Content-Type", "multipart/form-data; boundary=x" } } }),
        ("a multipart body cut short", () => new ByteArrayContent("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\ntext,la"u8.ToArray()) { Headers = { { "Content-Type", "multipart/form-data; boundary=x" } } }),
        ("a multipart body without a boundary", () => new ByteArrayContent("hello"u8.ToArray()) { Headers = { { "Content-Type", "multipart/form-data" } } }),
        ("JSON", () => new StringContent("{}", Encoding.UTF8, "application/json")),
    ];

    [Fact]
    public async Task Every_write_endpoint_answers_malformed_bodies_with_a_4xx_problem()
    {
        var wrong = new List<string>();
        var endpoints = ApiEndpointTable.Read(Studio).Where(e => ApiEndpointTable.Writes(e.Method)).ToList();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} write endpoints were found");
        foreach (var (method, pattern, takesForm) in endpoints)
        {
            var path = ApiEndpointTable.Fill(pattern, DatasetId);
            foreach (var (name, body) in takesForm ? MalformedForms : MalformedJson)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body() };
                using var response = await Studio.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                var type = response.Content.Headers.ContentType?.MediaType;
                if (status is < 400 or >= 500 || type != "application/problem+json")
                    wrong.Add($"{method} {path} with {name}: {status} {type} {Short(await response.Content.ReadAsStringAsync())}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_endpoint_answers_malformed_query_values_and_strangers_with_problems_never_a_500()
    {
        var wrong = new List<string>();
        using var stranger = Studio.ClientWithToken(null);
        foreach (var (method, pattern, _) in ApiEndpointTable.Read(Studio))
        {
            var path = ApiEndpointTable.Fill(pattern, DatasetId);
            using (var request = new HttpRequestMessage(new HttpMethod(method), path + "?skip=x&take=-&from=a&to=b&afterStep=z&includeSuperseded=maybe&merged=perhaps&version=v"))
            using (var response = await Studio.Http.SendAsync(request))
            {
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                    wrong.Add($"{method} {path} with bad query values: {status} {response.Content.Headers.ContentType} {Short(await response.Content.ReadAsStringAsync())}");
            }
            if (pattern == "/api/auth/token") continue; // anonymous by design
            using (var request = new HttpRequestMessage(new HttpMethod(method), path))
            using (var response = await stranger.SendAsync(request))
            {
                if (response.StatusCode != HttpStatusCode.Unauthorized || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                    wrong.Add($"{method} {path} without sign-in: {(int)response.StatusCode} {response.Content.Headers.ContentType}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task An_unknown_api_path_is_a_404_problem_even_for_a_browser_asking_for_html()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/nothing-here");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await Studio.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Short(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
