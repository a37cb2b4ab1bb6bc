using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class ForkApiTests : StudioWithNamesTest
{
    [Fact]
    public async Task Fork_records_its_parent_and_trains_from_step_1_with_the_new_hyperparameters()
    {
        var parentId = await Studio.StartRunAsync(new { datasetId = DatasetId, method = "full", epochs = 1, batchSize = 32 });
        var parent = await Studio.WaitUntilEndedAsync(parentId);
        var checkpoint = parent.GetProperty("checkpoints").EnumerateArray().Last();
        var checkpointId = checkpoint.GetProperty("id").GetString()!;

        var forkId = await Studio.StartRunAsync(new
        {
            datasetId = DatasetId, forkFrom = new { checkpointId }, method = "full", epochs = 1, batchSize = 16,
            learningRate = 0.0005, schedule = "constant",
        });

        var fork = await Studio.WaitUntilEndedAsync(forkId);
        Assert.Equal("completed", fork.GetProperty("status").GetString());
        Assert.Equal(parentId, fork.GetProperty("parentRunId").GetString());
        Assert.Equal(checkpointId, fork.GetProperty("parentCheckpointId").GetString());
        Assert.Equal(0.0005, fork.GetProperty("config").GetProperty("learningRate").GetDouble());
        Assert.Equal(16, fork.GetProperty("config").GetProperty("batchSize").GetInt32());
        Assert.Equal(1, (await Studio.LossStepsAsync(forkId)).First());
        var lr = await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{forkId}/metrics?key=train/lr");
        Assert.All(lr.GetProperty("points").EnumerateArray(), p => Assert.Equal(0.0005, p.GetProperty("value").GetDouble(), 9));

        // Starting from trained weights, the fork's first loss is already below the parent's first.
        var parentFirst = await FirstLoss(parentId);
        Assert.True(await FirstLoss(forkId) < parentFirst, "the fork should start from the parent's trained weights");
    }

    private async Task<double> FirstLoss(string runId)
    {
        var metrics = await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}/metrics?key=train/loss");
        return metrics.GetProperty("points").EnumerateArray().First().GetProperty("value").GetDouble();
    }
}
