using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// TuneStudio:Limits settings refuse, before anything is built or queued, what would not fit.
public sealed class ResourceLimitsTests
{
    [Fact]
    public async Task A_model_above_MaxModelBytes_is_refused_before_it_joins_the_catalogue()
    {
        // The tiny BERT has 32×8 + 16×8 + 2×8 + 2×8 embedding values, one layer of 4×(8×8+8) + (8×16+16) + (16×8+8)
        // + 4×8: 1,016 parameters, 4,064 bytes as float32. A limit of 4,000 bytes refuses it; 5,000 admits it.
        await using var tight = await StudioServer.StartAsync(null, "--TuneStudio:Limits:MaxModelBytes=4000");
        var refused = await Upload(tight, InputLimitsTests.TinyBertZip());
        await InputLimitsTests.AssertRefused(refused, HttpStatusCode.BadRequest, "file");
        Assert.Contains("limit", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain((await tight.Http.GetFromJsonAsync<JsonElement[]>("/api/models"))!, m => m.GetProperty("name").GetString() == "tiny");

        await using var roomy = await StudioServer.StartAsync(null, "--TuneStudio:Limits:MaxModelBytes=5000");
        Assert.Equal(HttpStatusCode.Created, (await Upload(roomy, InputLimitsTests.TinyBertZip())).StatusCode);
    }

    [Fact]
    public async Task A_run_whose_estimated_memory_is_above_MaxRunMemoryBytes_is_refused_and_not_queued()
    {
        await using var studio = await StudioServer.StartAsync(null, "--TuneStudio:Limits:MaxRunMemoryBytes=100000000");
        var dataset = await studio.UploadNamesAsync();

        // Batches of 4,096 texts of 64 tokens over a 64-wide model: the activations alone are estimated at
        // 4 bytes × 4,096 × 64 × 64 × 64 = 4.3 GB, far above 100 MB.
        var refused = await studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = dataset, batchSize = 4096, maxSequenceLength = 64, epochs = 1 });
        await InputLimitsTests.AssertRefused(refused, HttpStatusCode.BadRequest, "batchSize");
        Assert.Contains("MaxRunMemoryBytes", await refused.Content.ReadAsStringAsync());
        Assert.Empty((await studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs"))!);

        // Batches of 8: 8.4 MB of activations plus the small model's parameters fit.
        var accepted = await studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = dataset, batchSize = 8, maxSequenceLength = 64, epochs = 1 });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public void The_estimate_adds_weights_gradients_optimizer_state_and_one_batch_of_activations()
    {
        // 1,000 parameters of which 100 train: 4,000 bytes of weights + 100 × 12 bytes of gradient and Adam moments;
        // a batch of 2 examples of 10 input values: 2 × 10 × 64 activations × 4 bytes.
        Assert.Equal(4_000 + 1_200 + 5_120, RunMemoryLimit.Estimate(1_000, 100, 2, 10));
    }

    private static Task<HttpResponseMessage> Upload(StudioServer studio, byte[] zip)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "tiny.zip");
        form.Add(new StringContent("tiny"), "name");
        return studio.Http.PostAsync("/api/models", form);
    }
}
