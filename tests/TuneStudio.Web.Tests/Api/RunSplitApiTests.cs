using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class RunSplitApiTests : IAsyncLifetime
{
    private StudioServer _studio = default!;

    public async Task InitializeAsync() => _studio = await StudioServer.StartAsync();

    public async Task DisposeAsync() => await _studio.DisposeAsync();

    // 100 names: 80 marked train, 20 test. Validation comes from the train rows (a quarter: 20), so a run sees 60
    // training rows, 6 steps of 10; were the test rows trained on too it would take 75 rows, 8 steps.
    [Fact]
    public async Task Test_rows_of_a_split_without_validation_never_reach_a_run()
    {
        var names = File.ReadAllLines(RepoFiles.TestData("first-names.csv")).Skip(1).Take(100).ToList();
        var csv = new StringBuilder("text,label,split\n");
        for (int i = 0; i < names.Count; i++) csv.Append(names[i]).Append(i < 80 ? ",train\n" : ",test\n");
        var upload = await _studio.UploadAsync("names-with-test.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        upload.EnsureSuccessStatusCode();
        var datasetId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var runId = await _studio.StartRunAsync(new { datasetId, method = "full", epochs = 1, batchSize = 10, validationFraction = 0.25 });
        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        Assert.Equal(6, run.GetProperty("steps").GetInt64());
    }
}
