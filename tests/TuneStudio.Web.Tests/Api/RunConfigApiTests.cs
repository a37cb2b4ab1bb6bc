using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TuneStudio.Engine;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class RunConfigApiTests : StudioWithNamesTest
{
    // Every TrainingConfig field, none at its default.
    private const string EveryField = """
    {
      "model": "tiny-transformer", "method": "gradualUnfreeze", "learningRate": 0.002, "batchSize": 16, "epochs": 2, "seed": 7,
      "validationFraction": 0.25, "weightDecay": 0.05, "gradientClipNorm": 2.5, "maxSequenceLength": 32,
      "lora": { "rank": 4, "alpha": 8, "dropout": 0.1, "targetModules": ["query", "key", "value"], "bias": "loraOnly", "useRsLora": true,
                "loraPlusLrRatio": 16 },
      "ia3": { "targetModules": ["key"], "feedforwardModules": ["intermediate"] },
      "trainableTopLayers": 2, "frozenParameterPatterns": ["embeddings.*"], "unfreezeEvery": 10, "unfreezeUnit": "steps",
      "optimizer": "sgd", "beta1": 0.8, "beta2": 0.99, "epsilon": 1e-6, "momentum": 0.8, "nesterov": true,
      "layerwiseLrDecay": 0.9, "headLearningRate": 0.004, "schedule": "cosine", "warmupSteps": 0, "warmupRatio": 0.1,
      "gradientAccumulationSteps": 2, "labelSmoothing": 0.1, "dropoutOverride": 0.2, "maxConsecutiveSkippedSteps": 3,
      "precision": "bfloat16",
      "earlyStopping": { "enabled": true, "metric": "val/accuracy", "mode": "max", "patience": 3, "minDelta": 0.01, "keepBest": false },
      "checkpoints": { "everySteps": 10, "eachEpoch": false, "keepLast": 2, "keepBest": 1, "bestMetric": "val/accuracy", "bestMode": "max" }
    }
    """;

    [Fact]
    public async Task Every_config_field_posted_comes_back_in_the_runs_resolved_config()
    {
        var body = JsonNode.Parse(EveryField)!.AsObject();
        body["datasetId"] = DatasetId;
        body["name"] = "every field";

        var runId = await Studio.StartRunAsync(body);

        var run = await Studio.GetRunAsync(runId);
        var returned = run.GetProperty("config");
        var posted = JsonSerializer.Deserialize<TrainingConfig>(EveryField, RunConfigJson.Strict)!;
        Assert.Equal(RunConfigJson.Serialize(posted), returned.GetRawText());
        foreach (var field in JsonNode.Parse(EveryField)!.AsObject())
            Assert.True(returned.TryGetProperty(field.Key, out _), $"config lacks {field.Key}");
        Assert.Equal("every field", run.GetProperty("name").GetString());
        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
    }

    [Fact]
    // Except keep-all checkpoints, which the studio caps at its default Quotas:CheckpointsPerRun (20).
    public async Task Missing_config_fields_keep_the_engine_defaults()
    {
        var runId = await Studio.StartRunAsync(new { datasetId = DatasetId, epochs = 1 });

        var config = (await Studio.GetRunAsync(runId)).GetProperty("config");

        var expected = new TrainingConfig { Epochs = 1 };
        Assert.Equal(RunConfigJson.Serialize(expected with { Checkpoints = expected.Checkpoints with { KeepLast = 20 } }), config.GetRawText());
        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);
    }

    [Theory]
    [InlineData("learningRat", "{\"datasetId\":\"DS\",\"learningRat\":0.1}")]
    [InlineData("lora.rnk", "{\"datasetId\":\"DS\",\"lora\":{\"rnk\":4}}")]
    [InlineData("ia3.targets", "{\"datasetId\":\"DS\",\"method\":\"ia3\",\"ia3\":{\"targets\":[\"key\"]}}")]
    [InlineData("method", "{\"datasetId\":\"DS\",\"method\":\"vera\"}")]
    [InlineData("batchSize", "{\"datasetId\":\"DS\",\"batchSize\":\"lots\"}")]
    [InlineData("learningRate", "{\"datasetId\":\"DS\",\"learningRate\":true}")]
    [InlineData("lora.rank", "{\"datasetId\":\"DS\",\"lora\":{\"rank\":2.5}}")]
    [InlineData("optimizer", "{\"datasetId\":\"DS\",\"optimizer\":\"adagrad\"}")]
    [InlineData("method", "{\"datasetId\":\"DS\",\"method\":2}")]
    [InlineData("precision", "{\"datasetId\":\"DS\",\"precision\":\"float16\"}")]
    [InlineData("checkpoints.everySteps", "{\"datasetId\":\"DS\",\"checkpoints\":{\"everySteps\":\"often\"}}")]
    [InlineData("datasetVersion", "{\"datasetId\":\"DS\",\"datasetVersion\":\"latest\"}")]
    [InlineData("forkFrom.checkpointId", "{\"datasetId\":\"DS\",\"forkFrom\":{\"checkpointId\":\"cp-nope\"}}")]
    [InlineData("forkFrom.id", "{\"datasetId\":\"DS\",\"forkFrom\":{\"id\":\"cp-nope\"}}")]
    public async Task Unknown_or_mistyped_fields_are_400_naming_the_field(string field, string json) =>
        await AssertRejectedNaming(field, json);

    [Theory]
    [InlineData("beta2", "{\"datasetId\":\"DS\",\"beta2\":1}")]
    [InlineData("warmupRatio", "{\"datasetId\":\"DS\",\"warmupSteps\":5,\"warmupRatio\":0.1}")]
    [InlineData("nesterov", "{\"datasetId\":\"DS\",\"optimizer\":\"sgd\",\"momentum\":0,\"nesterov\":true}")]
    [InlineData("layerwiseLrDecay", "{\"datasetId\":\"DS\",\"layerwiseLrDecay\":0}")]
    [InlineData("gradientAccumulationSteps", "{\"datasetId\":\"DS\",\"gradientAccumulationSteps\":0}")]
    [InlineData("earlyStopping.patience", "{\"datasetId\":\"DS\",\"earlyStopping\":{\"enabled\":true,\"patience\":0}}")]
    [InlineData("checkpoints.keepLast", "{\"datasetId\":\"DS\",\"checkpoints\":{\"keepLast\":-1}}")]
    [InlineData("frozenParameterPatterns", "{\"datasetId\":\"DS\",\"method\":\"freeze\",\"frozenParameterPatterns\":[\"re:(\"]}")]
    [InlineData("dropoutOverride", "{\"datasetId\":\"DS\",\"dropoutOverride\":1.5}")]
    [InlineData("lora.loraPlusLrRatio", "{\"datasetId\":\"DS\",\"method\":\"dora\",\"lora\":{\"loraPlusLrRatio\":0}}")]
    [InlineData("ia3.targetModules", "{\"datasetId\":\"DS\",\"method\":\"ia3\",\"ia3\":{\"targetModules\":[],\"feedforwardModules\":[]}}")]
    [InlineData("ia3.feedforwardModules", "{\"datasetId\":\"DS\",\"method\":\"ia3\",\"ia3\":{\"feedforwardModules\":[\" \"]}}")]
    public async Task Bad_values_are_400_naming_the_field(string field, string json) =>
        await AssertRejectedNaming(field, json);

    // TrainingConfig.Validate runs before RunService stores or builds anything, so these never reach a tensor.
    [Theory]
    [InlineData("lora.rank", "{\"datasetId\":\"DS\",\"method\":\"lora\",\"lora\":{\"rank\":1000000}}")]
    [InlineData("lora.rank", "{\"datasetId\":\"DS\",\"lora\":{\"rank\":1000000}}")]
    [InlineData("epochs", "{\"datasetId\":\"DS\",\"epochs\":1000000}")]
    [InlineData("batchSize", "{\"datasetId\":\"DS\",\"batchSize\":1000000}")]
    [InlineData("gradientAccumulationSteps", "{\"datasetId\":\"DS\",\"gradientAccumulationSteps\":1000000}")]
    [InlineData("maxSequenceLength", "{\"datasetId\":\"DS\",\"maxSequenceLength\":1000000}")]
    public async Task Values_past_a_documented_limit_are_400_naming_the_field(string field, string json) =>
        await AssertRejectedNaming(field, json);

    [Fact]
    public async Task A_list_of_more_than_256_names_is_400_naming_the_field()
    {
        var names = string.Join(",", Enumerable.Repeat("\"query\"", 257));
        await AssertRejectedNaming("lora.targetModules", $"{{\"datasetId\":\"DS\",\"method\":\"lora\",\"lora\":{{\"targetModules\":[{names}]}}}}");
    }

    [Fact]
    public async Task Text_augmentation_posted_comes_back_resolved_with_every_augmentation_field()
    {
        var runId = await Studio.StartRunAsync(new
        {
            datasetId = DatasetId, epochs = 1,
            augmentation = new { text = new { deletionProbability = 0.1, typoProbability = 0.05 } },
        });

        var augmentation = (await Studio.GetRunAsync(runId)).GetProperty("config").GetProperty("augmentation");

        var text = augmentation.GetProperty("text");
        Assert.Equal(0.1, text.GetProperty("deletionProbability").GetDouble());
        Assert.Equal(0, text.GetProperty("swapProbability").GetDouble());
        Assert.Equal(0.05, text.GetProperty("typoProbability").GetDouble());
        Assert.True(text.GetProperty("enabled").GetBoolean());
        // Unsent image options are resolved to their defaults (off), so the record says exactly what the run saw.
        Assert.Equal(1.0, augmentation.GetProperty("image").GetProperty("cropScale").GetDouble());
        Assert.False(augmentation.GetProperty("image").GetProperty("horizontalFlip").GetBoolean());
        await Studio.Http.PostAsync($"/api/runs/{runId}/cancel", null);

        // A config read back (with its computed "enabled" flags) can be posted again as is.
        var again = JsonNode.Parse((await Studio.GetRunAsync(runId)).GetProperty("config").GetRawText())!.AsObject();
        again["datasetId"] = DatasetId;
        var copyId = await Studio.StartRunAsync(again);
        Assert.Equal(augmentation.GetRawText(), (await Studio.GetRunAsync(copyId)).GetProperty("config").GetProperty("augmentation").GetRawText());
        await Studio.Http.PostAsync($"/api/runs/{copyId}/cancel", null);
    }

    [Theory]
    [InlineData("augmentation.text.deletionProbability", "{\"datasetId\":\"DS\",\"augmentation\":{\"text\":{\"deletionProbability\":1}}}")]
    [InlineData("augmentation.text.typoProbability", "{\"datasetId\":\"DS\",\"augmentation\":{\"text\":{\"typoProbability\":-0.1}}}")]
    [InlineData("augmentation.text.swap", "{\"datasetId\":\"DS\",\"augmentation\":{\"text\":{\"swap\":0.1}}}")]
    [InlineData("augmentation.text.swapProbability", "{\"datasetId\":\"DS\",\"augmentation\":{\"text\":{\"swapProbability\":\"some\"}}}")]
    public async Task Bad_augmentation_values_are_400_naming_the_field(string field, string json) =>
        await AssertRejectedNaming(field, json);

    private async Task AssertRejectedNaming(string field, string json)
    {
        var content = new StringContent(json.Replace("DS", DatasetId), Encoding.UTF8, "application/json");

        var response = await Studio.Http.PostAsync("/api/runs", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var fields = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains(field, fields);
        Assert.Empty(await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs") ?? []);
    }
}
