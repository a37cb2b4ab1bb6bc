using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// A page on another port of the same host (or a sibling subdomain) is "same-site", so SameSite=Lax still sends it
// the session cookie. Every write endpoint must refuse such requests; the studio's own pages and bearer-token
// scripts keep working.
public sealed class CrossSiteWriteTests : StudioWithNamesTest
{
    private const string Password = "password-for-tests";

    private async Task<BrowserSession> SignedInEngineer()
    {
        var user = "csrf-" + Guid.NewGuid().ToString("N")[..6];
        Studio.CreateUserWithToken(Roles.Engineer, user, Password);
        var browser = new BrowserSession(Studio.BaseAddress);
        var signIn = await browser.SignInAsync(user, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("TuneStudio.Session", browser.CookieHeader());
        return browser;
    }

    private string OtherOrigin => $"http://127.0.0.1:{Studio.BaseAddress.Port + 1}";

    private string OwnOrigin => Studio.BaseAddress.GetLeftPart(UriPartial.Authority);

    [Fact]
    public async Task Every_write_endpoint_refuses_the_session_cookie_from_another_origin()
    {
        var browser = await SignedInEngineer();
        var wrong = new List<string>();
        var writes = ApiEndpointTable.Read(Studio).Where(e => ApiEndpointTable.Writes(e.Method)).ToList();
        Assert.True(writes.Count >= 10, $"only {writes.Count} write endpoints were found");
        foreach (var (method, pattern, takesForm) in writes)
        foreach (var (header, value) in new[] { ("Origin", OtherOrigin), ("Origin", "null"), ("Sec-Fetch-Site", "same-site"), ("Sec-Fetch-Site", "cross-site") })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), ApiEndpointTable.Fill(pattern, DatasetId)) { Content = Body(takesForm) };
            request.Headers.Add(header, value);
            using var response = await browser.Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                wrong.Add($"{method} {pattern} with {header}: {value}: {(int)response.StatusCode}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_page_on_another_port_cannot_rename_a_label_or_upload_a_dataset_in_the_victims_name()
    {
        var browser = await SignedInEngineer();
        var datasets = (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength();

        using var rename = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets/{DatasetId}/versions")
        {
            // The finding: read as JSON whatever its content type, so a plain HTML form could send it.
            Content = new StringContent("""{"baseVersion":1,"operation":"rename-label","from":"male","to":"pwned"}""", Encoding.UTF8, "text/plain"),
        };
        rename.Headers.Add("Origin", OtherOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.SendAsync(rename)).StatusCode);

        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = CsvForm("planted") };
        upload.Headers.Add("Origin", OtherOrigin);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.Http.SendAsync(upload)).StatusCode);

        Assert.Single((await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{DatasetId}/versions")).EnumerateArray());
        Assert.Equal(datasets, (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());
    }

    [Fact]
    public async Task The_studios_own_origin_and_bearer_token_scripts_still_write()
    {
        var browser = await SignedInEngineer();

        using var sameOrigin = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets/{DatasetId}/versions")
        {
            Content = JsonContent.Create(new { baseVersion = 1, operation = "trim" }),
        };
        sameOrigin.Headers.Add("Origin", OwnOrigin);
        sameOrigin.Headers.Add("Sec-Fetch-Site", "same-origin");
        var own = await browser.Http.SendAsync(sameOrigin);
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        // With the studio's Referrer-Policy no-referrer, Chromium sends its own forms with "Origin: null" and
        // Sec-Fetch-Site: same-origin; the browser-set Sec-Fetch-Site decides.
        using var ownForm = new HttpRequestMessage(HttpMethod.Post, $"/api/datasets/{DatasetId}/versions")
        {
            Content = JsonContent.Create(new { baseVersion = 1, operation = "drop-empty" }),
        };
        ownForm.Headers.Add("Origin", "null");
        ownForm.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.Created, (await browser.Http.SendAsync(ownForm)).StatusCode);

        // A script with a token is not riding on a cookie: where it says it comes from does not matter.
        using var scripted = new HttpRequestMessage(HttpMethod.Post, "/api/datasets") { Content = CsvForm("scripted") };
        scripted.Headers.Add("Origin", OtherOrigin);
        Assert.Equal(HttpStatusCode.Created, (await Studio.Http.SendAsync(scripted)).StatusCode);

        // Blazor's own endpoints: the circuit's negotiation from the page's origin goes through.
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", OwnOrigin);
        negotiate.Headers.Add("Sec-Fetch-Site", "same-origin");
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.SendAsync(negotiate)).StatusCode);
    }

    [Fact]
    public async Task Json_endpoints_refuse_other_content_types_with_415_and_change_nothing()
    {
        var response = await Studio.Http.PostAsync($"/api/datasets/{DatasetId}/versions",
            new StringContent("""{"baseVersion":1,"operation":"trim"}""", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Single((await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{DatasetId}/versions")).EnumerateArray());

        var form = await Studio.Http.PostAsync("/api/datasets", new StringContent("text,label\na,b\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    private static HttpContent Body(bool takesForm) =>
        takesForm ? CsvForm("cross-site") : new StringContent("{}", Encoding.UTF8, "application/json");

    private static MultipartFormDataContent CsvForm(string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("text,label\nAnna,female\nBob,male\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "names.csv");
        form.Add(new StringContent(name), "name");
        return form;
    }
}
