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

    // 50 female and 50 male names; per label, a part column gives `train` rows to train, `validation` to validate and
    // the rest to test. Expected counts are worked by hand:
    // - 30/12/8 per label: the split decides, 60 train, 24 validation, 16 test held out.
    // - no split column: validationFraction 0.2 takes round(50 × 0.2) = 10 of each label, 20 validation and 80 train.
    // - 40/0/10 per label: no validation part, so 0.25 of each label's 40 train rows (10) validate: 60, 20, 20 held out.
    [Theory]
    [InlineData(30, 12, 0.2, 60, 24, 16, "split")]
    [InlineData(-1, 0, 0.2, 80, 20, 0, "validationFraction")]
    [InlineData(40, 0, 0.25, 60, 20, 20, "splitTrainAndValidationFraction")]
    public async Task A_run_states_the_examples_it_trained_validated_and_held_out_and_where_they_came_from(
        int trainPerLabel, int validationPerLabel, double validationFraction, long train, long validation, long heldOutTest, string source)
    {
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv")).Skip(1).ToList();
        var rows = lines.Where(l => l.EndsWith(",female")).Take(50).Concat(lines.Where(l => l.EndsWith(",male")).Take(50)).ToList();
        var csv = new StringBuilder(trainPerLabel < 0 ? "text,label\n" : "text,label,split\n");
        foreach (var (row, i) in rows.Select((row, i) => (row, i % 50)))
        {
            csv.Append(row);
            if (trainPerLabel >= 0) csv.Append(i < trainPerLabel ? ",train" : i < trainPerLabel + validationPerLabel ? ",validation" : ",test");
            csv.Append('\n');
        }
        var upload = await _studio.UploadAsync("names-parts.csv", Encoding.UTF8.GetBytes(csv.ToString()));
        upload.EnsureSuccessStatusCode();
        var datasetId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var runId = await _studio.StartRunAsync(new { datasetId, method = "full", epochs = 1, batchSize = 10, validationFraction });
        var run = await _studio.WaitUntilEndedAsync(runId);

        Assert.Equal("completed", run.GetProperty("status").GetString());
        var examples = run.GetProperty("examples");
        Assert.Equal(train, examples.GetProperty("train").GetInt64());
        Assert.Equal(validation, examples.GetProperty("validation").GetInt64());
        Assert.Equal(heldOutTest, examples.GetProperty("heldOutTest").GetInt64());
        Assert.Equal(source, examples.GetProperty("source").GetString());
        Assert.Equal((train + 9) / 10, run.GetProperty("steps").GetInt64()); // batches of 10 over the training rows
    }
}
