using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

// The run dialog's plan preview and batch finder, asked by a script.
public sealed class RunPlanApiTests : StudioWithNamesTest
{
    [Fact]
    public async Task The_plan_counts_steps_from_the_training_rows_and_follows_the_warm_up()
    {
        // first-names.csv has 800 rows; a 0.2 validation fraction leaves 640 to train on: 20 batches of 32 an epoch.
        var response = await Studio.Http.PostAsJsonAsync("/api/runs/plan",
            new { datasetId = DatasetId, method = "lora", epochs = 3, batchSize = 32, validationFraction = 0.2, learningRate = 1e-3, warmupSteps = 5 });
        var plan = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(640, plan.GetProperty("trainingRows").GetInt64());
        Assert.Equal(20, plan.GetProperty("stepsPerEpoch").GetInt32());
        Assert.Equal(60, plan.GetProperty("totalSteps").GetInt64());
        Assert.True(plan.GetProperty("trainableParameters").GetInt64() < plan.GetProperty("totalParameters").GetInt64());
        var rates = plan.GetProperty("learningRate").EnumerateArray().ToDictionary(p => p.GetProperty("step").GetInt64(), p => p.GetProperty("value").GetDouble());
        Assert.Equal(60, rates.Keys.Max());
        // Linear warm-up to the peak at step 5, then linear decay towards 0 at the last step.
        Assert.Equal(1e-3, rates[5], 9);
        Assert.True(rates[1] < rates[5] && rates[60] < rates[20]);
    }

    [Fact]
    public async Task The_plan_and_the_finder_refuse_what_a_run_would_refuse_and_readers_may_not_ask()
    {
        var bad = await Studio.Http.PostAsJsonAsync("/api/runs/plan", new { datasetId = DatasetId, epochs = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("epochs", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        var missing = await Studio.Http.PostAsJsonAsync("/api/runs/batch-size", new { datasetId = "ds-missing" });
        Assert.Equal("datasetId", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        using var viewer = Studio.ClientAs(Roles.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync("/api/runs/plan", new { datasetId = DatasetId })).StatusCode);
    }

    [Fact]
    public async Task The_batch_finder_never_suggests_more_than_the_training_rows()
    {
        var response = await Studio.Http.PostAsJsonAsync("/api/runs/batch-size", new { datasetId = DatasetId, method = "lora", validationFraction = 0.2 });
        var advice = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(640, advice.GetProperty("trainingRows").GetInt64());
        var batch = advice.GetProperty("batchSize").GetInt32();
        Assert.Equal(Math.Min(640, advice.GetProperty("fitsInMemory").GetInt32()), batch);
        Assert.Contains($"Batch {batch:N0}", advice.GetProperty("message").GetString());
    }
}
