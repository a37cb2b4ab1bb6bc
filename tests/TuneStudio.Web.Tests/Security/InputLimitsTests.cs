using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Security;

// The findings of issue 12's attack on inputs, re-tried: each gets a 400 (or 413) naming what was wrong, as
// problem+json, and nothing is stored.
public sealed class InputLimitsTests : StudioWithNamesTest
{
    [Fact]
    public async Task A_run_name_over_200_characters_is_refused_naming_the_field_and_no_run_is_stored()
    {
        var response = await Studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = DatasetId, name = new string('r', 201), epochs = 1 });

        await AssertRefused(response, HttpStatusCode.BadRequest, "name");
        Assert.Empty(await Runs());
    }

    [Theory]
    [InlineData("""{"datasetId":"DATASET","epochs":1,"epochs":1000000}""", "epochs")]
    [InlineData("""{"datasetId":"DATASET","method":"lora","lora":{"rank":4,"rank":8}}""", "lora.rank")]
    public async Task A_key_repeated_in_a_run_request_is_refused_naming_it(string body, string field)
    {
        var response = await Studio.Http.PostAsync("/api/runs", new StringContent(body.Replace("DATASET", DatasetId), Encoding.UTF8, "application/json"));

        await AssertRefused(response, HttpStatusCode.BadRequest, field);
        Assert.Empty(await Runs());
    }

    [Fact]
    public async Task A_repeated_key_in_a_dataset_operation_is_refused_and_no_version_is_made()
    {
        var response = await Studio.Http.PostAsync($"/api/datasets/{DatasetId}/versions",
            new StringContent("""{"baseVersion":1,"operation":"trim","operation":"drop-duplicates"}""", Encoding.UTF8, "application/json"));

        await AssertRefused(response, HttpStatusCode.BadRequest, "operation");
        Assert.Single((await Studio.Http.GetFromJsonAsync<JsonElement>($"/api/datasets/{DatasetId}/versions")).EnumerateArray());
    }

    [Fact]
    public async Task A_token_name_over_200_characters_or_with_a_bidi_override_is_refused_and_no_token_is_issued()
    {
        var user = "tokens-" + Guid.NewGuid().ToString("N")[..6];
        Studio.CreateUserWithToken(Roles.Engineer, user, "password-for-tests");
        var tokens = Studio.Services.GetRequiredService<ApiTokens>();
        var before = tokens.ListFor(user).Count;
        using var anonymous = Studio.ClientWithToken(null);

        foreach (var name in new[] { new string('t', 201), "ci\u202Etxt.exe" })
        {
            var response = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = user, password = "password-for-tests", name });
            await AssertRefused(response, HttpStatusCode.BadRequest, "name");
        }
        Assert.Equal(before, tokens.ListFor(user).Count);
    }

    [Theory]
    [InlineData("invoice\u202Efdp.exe")]   // right-to-left override: shown as "invoiceexe.pdf"
    [InlineData("names\u2066v2")]          // left-to-right isolate
    [InlineData("na\u200Bmes")]            // zero-width space: looks like "names"
    [InlineData("\uFEFFnames")]            // zero-width no-break space
    public async Task Names_with_bidi_controls_or_zero_width_characters_are_refused_for_datasets_runs_and_models(string name)
    {
        var datasetsBefore = (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength();
        var upload = await Studio.UploadAsync("names.csv", "text,label\nAnna,female\nBob,male\n"u8.ToArray(), name);
        await AssertRefused(upload, HttpStatusCode.BadRequest, "name");
        Assert.Equal(datasetsBefore, (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).GetArrayLength());

        var run = await Studio.Http.PostAsJsonAsync("/api/runs", new { datasetId = DatasetId, name, epochs = 1 });
        await AssertRefused(run, HttpStatusCode.BadRequest, "name");
        Assert.Empty(await Runs());

        var modelsBefore = (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/models")).GetArrayLength();
        var model = await UploadModel(TinyBertZip(), name);
        await AssertRefused(model, HttpStatusCode.BadRequest, "name");
        Assert.Equal(modelsBefore, (await Studio.Http.GetFromJsonAsync<JsonElement>("/api/models")).GetArrayLength());
    }

    [Fact]
    public async Task A_label_with_a_bidi_override_is_refused_naming_the_label_column()
    {
        var response = await Studio.UploadAsync("spoof.csv", "text,label\nAnna,female\nBob,ma\u202Ele\n"u8.ToArray(), "spoof");

        await AssertRefused(response, HttpStatusCode.BadRequest, "label");
        Assert.Single((await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).EnumerateArray());
    }

    [Fact]
    public async Task A_label_definition_over_10000_characters_is_refused_and_the_definitions_stay_as_they_were()
    {
        var path = $"/api/datasets/{DatasetId}/versions/1/label-definitions";
        var response = await Studio.Http.PutAsJsonAsync(path, new Dictionary<string, object>
        {
            ["female"] = new { description = new string('d', 10_001), examples = "" },
        });

        await AssertRefused(response, HttpStatusCode.BadRequest, "female.description");
        Assert.Empty((await Studio.Http.GetFromJsonAsync<JsonElement>(path)).EnumerateObject());
        // 10,000 is allowed: the limit is the number the docs give.
        var exact = await Studio.Http.PutAsJsonAsync(path, new Dictionary<string, object> { ["female"] = new { description = new string('d', 10_000), examples = "" } });
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Theory]
    [InlineData("")]                        // an empty header
    [InlineData("not json!")]               // garbage
    [InlineData("[]")]                      // JSON, but not an object
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{}}""")] // a tensor named twice
    [InlineData("""{"a":{"dtype":"F32","shape":"one","data_offsets":[0,4]}}""")]     // a shape that is not a list
    public async Task A_model_zip_whose_safetensors_header_is_empty_or_garbage_is_a_400(string header)
    {
        var weights = new byte[8 + header.Length + 4];
        BitConverter.TryWriteBytes(weights.AsSpan(0, 8), (ulong)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(weights, 8);

        var response = await UploadModel(Zip(TinyConfig.ToJson().ToJsonString(), weights), "garbage");

        await AssertRefused(response, HttpStatusCode.BadRequest, "file");
        Assert.Contains("model.safetensors", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_config_asking_for_a_network_above_the_size_limits_is_refused_before_anything_is_built()
    {
        // hidden_size 8192 with the default vocabulary would be 30522 × 8192 floats of embeddings alone (1 GB) and
        // some 9.7 billion parameters in all: the import names the size instead of trying to allocate it.
        var config = """{"vocab_size":30522,"hidden_size":8192,"num_hidden_layers":12,"num_attention_heads":16,"intermediate_size":3072,"max_position_embeddings":512,"type_vocab_size":2}""";

        var response = await UploadModel(Zip(config, EmptyHeader()), "too big");

        await AssertRefused(response, HttpStatusCode.BadRequest, "file");
        Assert.Contains("hidden_size", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tiny_zip_whose_config_describes_bert_large_is_refused_from_the_header_without_building_it()
    {
        // The finding: 501 bytes whose config.json says BERT-large made the import build 335M parameters first.
        var config = """{"vocab_size":30522,"hidden_size":1024,"num_hidden_layers":24,"num_attention_heads":16,"intermediate_size":4096,"max_position_embeddings":512,"type_vocab_size":2}""";

        var response = await UploadModel(Zip(config, EmptyHeader()), "bert-large in 500 bytes");

        await AssertRefused(response, HttpStatusCode.BadRequest, "file");
        Assert.Contains("embeddings.word_embeddings.weight", await response.Content.ReadAsStringAsync());
        Assert.Contains("config.json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Uploading_a_dataset_with_more_form_fields_than_allowed_is_a_400_naming_the_limit()
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent("text,label\nAnna,female\nBob,male\n"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "names.csv");
        for (int i = 0; i < 2_000; i++) form.Add(new StringContent("x"), $"field{i}");

        var response = await Studio.Http.PostAsync("/api/datasets", form);

        await AssertRefused(response, HttpStatusCode.BadRequest, "form");
        Assert.Contains("MaxFormFields", await response.Content.ReadAsStringAsync());
        Assert.Single((await Studio.Http.GetFromJsonAsync<JsonElement>("/api/datasets")).EnumerateArray());
    }

    [Fact]
    public async Task Upload_files_are_spooled_in_the_data_folder_and_gone_once_the_request_ends()
    {
        var response = await Studio.UploadAsync("more-names.csv", "text,label\nAnna,female\nBob,male\n"u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var temp = Path.Combine(Studio.DataPath, "temp");
        Assert.True(!Directory.Exists(temp) || Directory.GetFileSystemEntries(temp).Length == 0,
            $"left in {temp}: {string.Join(", ", Directory.Exists(temp) ? Directory.GetFileSystemEntries(temp) : [])}");
    }

    [Fact]
    public async Task What_a_killed_studio_left_in_its_temp_area_is_removed_at_the_next_start()
    {
        var data = Path.Combine(Path.GetTempPath(), "tunestudio-leftovers-" + Guid.NewGuid().ToString("N"));
        var temp = Path.Combine(data, "temp");
        Directory.CreateDirectory(Path.Combine(temp, "a-folder"));
        var leftover = Path.Combine(temp, "upload-0123456789abcdef.csv");
        await File.WriteAllBytesAsync(leftover, new byte[1024 * 1024]);
        try
        {
            await using var studio = await StudioServer.StartAsync(data);
            Assert.False(File.Exists(leftover));
            Assert.Empty(Directory.GetFileSystemEntries(temp));
        }
        finally
        {
            StudioServer.TryDelete(data);
        }
    }

    private async Task<JsonElement[]> Runs() => (await Studio.Http.GetFromJsonAsync<JsonElement[]>("/api/runs"))!;

    internal static async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.True(errors.Contains(field), $"expected an error on '{field}', got [{string.Join(", ", errors)}]: {body}");
    }

    private Task<HttpResponseMessage> UploadModel(byte[] zip, string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(zip);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/zip");
        form.Add(file, "file", "model.zip");
        form.Add(new StringContent(name), "name");
        return Studio.Http.PostAsync("/api/models", form);
    }

    // A real, valid, very small BERT: the name is what is refused, never the model.
    internal static readonly BertConfig TinyConfig = new()
    {
        VocabSize = 32, HiddenSize = 8, NumHiddenLayers = 1, NumAttentionHeads = 2, IntermediateSize = 16, MaxPositionEmbeddings = 16,
    };

    internal static byte[] TinyBertZip()
    {
        using var model = new BertModel(TinyConfig, withPooler: false);
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-tiny-bert-{Guid.NewGuid():N}.safetensors");
        try
        {
            Safetensors.Write(path, model.state_dict());
            return Zip(TinyConfig.ToJson().ToJsonString(), File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] EmptyHeader()
    {
        var weights = new byte[8 + 8];
        BitConverter.TryWriteBytes(weights.AsSpan(0, 8), 8UL);
        Encoding.ASCII.GetBytes("{}      ").CopyTo(weights, 8);
        return weights;
    }

    internal static byte[] Zip(string config, byte[] weights)
    {
        var vocabulary = string.Join("\n", new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" }.Concat(Enumerable.Range(0, 27).Select(i => $"w{i}")));
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in new[] { (HuggingFaceFiles.Config, Encoding.UTF8.GetBytes(config)), (HuggingFaceFiles.Weights, weights), (HuggingFaceFiles.Vocabulary, Encoding.UTF8.GetBytes(vocabulary)) })
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
