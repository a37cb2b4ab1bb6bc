using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// Search and sort of rows, operation previews, delete, keeping the valid rows of an upload, and the audit of refusals.
public sealed class DatasetManagementApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync(null);

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    private async Task<string> UploadAsync(string csv, string fileName = "names.csv")
    {
        var response = await _studio.UploadAsync(fileName, Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task The_rows_endpoint_searches_and_sorts_counting_the_matches()
    {
        var id = await UploadAsync("text,label\nAnna,female\nbob,male\nJoanne,female\nZed,annex\n");

        var found = await _studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{id}/versions/1/rows?search=ANN&sort=text&order=desc&take=2");
        var bad = await _studio.Http.GetAsync($"/api/datasets/{id}/versions/1/rows?sort=length");

        // "ann" is in Anna, Joanne and the label annex; by text descending: Zed, Joanne, Anna.
        Assert.Equal(3, found.GetProperty("total").GetInt64());
        Assert.Equal(["Zed", "Joanne"], found.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("text").GetString()));
        Assert.Equal([3L, 2L], found.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("index").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("sort", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_preview_answers_what_an_operation_would_do_and_stores_no_version()
    {
        var id = await UploadAsync("text,label\nAnn,female\nBob,male\nAnn,female\nCy,male\n");

        var response = await _studio.Http.PostAsJsonAsync($"/api/datasets/{id}/versions/preview", new { baseVersion = 1, operation = "drop-duplicates" });
        var split = await (await _studio.Http.PostAsJsonAsync($"/api/datasets/{id}/versions/preview",
            new { baseVersion = 1, operation = "split", method = "random", validationFraction = 0.25, testFraction = 0.25, seed = 1 })).Content.ReadFromJsonAsync<JsonElement>();
        var refused = await _studio.Http.PostAsJsonAsync($"/api/datasets/{id}/versions/preview", new { baseVersion = 1, operation = "rename-label", from = "nope", to = "x" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((4L, 3L, 1L), (preview.GetProperty("rowsBefore").GetInt64(), preview.GetProperty("rowsAfter").GetInt64(), preview.GetProperty("rowsDropped").GetInt64()));
        // Random over 4 rows: round(1) test, round(1) validation, 2 train.
        Assert.Equal((2L, 1L, 1L), (split.GetProperty("split").GetProperty("train").GetInt64(), split.GetProperty("split").GetProperty("validation").GetInt64(), split.GetProperty("split").GetProperty("test").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var versions = await _studio.Http.GetFromJsonAsync<JsonElement[]>($"/api/datasets/{id}/versions");
        Assert.Single(versions!);
    }

    [Fact]
    public async Task Delete_is_refused_naming_the_run_or_review_that_uses_the_dataset_then_removes_it_and_is_audited()
    {
        var id = await UploadAsync("text,label\nAnn,female\nBob,male\n");
        var runs = _studio.Services.GetRequiredService<RunStore>();
        var reviews = _studio.Services.GetRequiredService<ReviewStore>();
        var run = runs.Create(new RunRecord { Name = "queued one", DatasetId = id, DatasetVersion = 1, Model = "tiny", Method = "full", Status = RunStatus.Queued });
        var review = reviews.Create(new NewReviewTask(id, 1, "check labels", new ReviewSelection(ReviewSelection.All), ["annie"]), "erin").Task!;

        var refused = await _studio.Http.DeleteAsync($"/api/datasets/{id}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains($"run {run.Id}", detail);
        Assert.Contains($"review task {review.Id}", detail);

        runs.Update(run.Id, r => r.Status = RunStatus.Cancelled);
        var reviewOnly = (await (await _studio.Http.DeleteAsync($"/api/datasets/{id}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.DoesNotContain(run.Id, reviewOnly);
        Assert.Contains("close the review", reviewOnly);
        Assert.True(reviews.Close(review.Id, "erin", (_, _, _) => throw new InvalidOperationException("no answers, no relabel")).Closed);

        var deleted = await _studio.Http.DeleteAsync($"/api/datasets/{id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.GetAsync($"/api/datasets/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        // The ended run keeps its record.
        Assert.NotNull(runs.Get(run.Id));
        var audit = _studio.Services.GetRequiredService<AuditLog>().Find(new AuditFilter(Action: AuditActions.DatasetDeleted));
        var entry = Assert.Single(audit);
        Assert.Equal((_studio.EngineerName, id), (entry.UserName, entry.Target));
        Assert.Contains("names: 1 version(s), 2 rows", entry.Detail);
    }

    [Fact]
    public async Task A_viewer_cannot_delete_a_dataset()
    {
        var id = await UploadAsync("text,label\nAnn,female\n");
        using var viewer = _studio.ClientAs(TuneStudio.Web.Security.Roles.Viewer);

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync($"/api/datasets/{id}")).StatusCode);
        Assert.NotNull(_studio.Services.GetRequiredService<DatasetStore>().Get(id));
    }

    [Fact]
    public async Task An_upload_may_keep_its_valid_rows_and_serve_the_rejected_ones_as_csv()
    {
        var csv = "text,label\nAnn,female\n,male\nBob,male\n";
        var response = await _studio.UploadAsync("people.csv", Encoding.UTF8.GetBytes(csv), fields: new Dictionary<string, string> { ["keepValidRows"] = "true" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal(2, body.GetProperty("rows").GetInt64());
        Assert.Equal(1, body.GetProperty("rejected").GetProperty("rows").GetInt64());
        var download = body.GetProperty("rejected").GetProperty("download").GetString()!;
        var file = await _studio.Http.GetAsync(download);
        Assert.Equal("text/csv", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("row,field,reason\n2,text,The text ('text') is empty.\n", await file.Content.ReadAsStringAsync());

        var strict = await _studio.UploadAsync("strict.csv", Encoding.UTF8.GetBytes(csv));
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        var clean = await UploadAsync("text,label\nAnn,female\n", "clean.csv");
        Assert.Equal(HttpStatusCode.NotFound, (await _studio.Http.GetAsync($"/api/datasets/{clean}/rejected-rows")).StatusCode);
    }

    [Fact]
    public async Task A_rejected_upload_is_audited_with_the_file_and_its_first_problem()
    {
        var response = await _studio.UploadAsync("broken.csv", Encoding.UTF8.GetBytes("text,label\nAnn,female\n,male\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var entry = Assert.Single(_studio.Services.GetRequiredService<AuditLog>().Find(new AuditFilter(Action: AuditActions.UploadRejected)));
        Assert.Equal((_studio.EngineerName, "broken.csv"), (entry.UserName, entry.Target));
        Assert.Equal("1 problem(s); first: row 2, text: The text ('text') is empty.", entry.Detail);
    }

    [Fact]
    public async Task Image_files_posted_without_a_name_are_named_for_the_day_not_the_first_file()
    {
        string[] files = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"];
        using var form = new MultipartFormDataContent();
        foreach (var fileName in files)
        {
            var part = new ByteArrayContent(File.ReadAllBytes(RepoFiles.TestData(Path.Combine("fashion-mnist-slice", fileName))));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", fileName);
        }
        form.Add(new StringContent("image-classification"), "task");

        var today = DateTime.UtcNow;
        var response = await _studio.Http.PostAsync("/api/datasets", form);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString();
        Assert.True(name == $"images-{today:yyyy-MM-dd}" || name == $"images-{DateTime.UtcNow:yyyy-MM-dd}", name);
    }
}
