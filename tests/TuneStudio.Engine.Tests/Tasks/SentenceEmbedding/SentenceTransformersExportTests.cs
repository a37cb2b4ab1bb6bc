using System.Text.Json.Nodes;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks.SentenceEmbedding;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

[Collection(SentenceEmbeddingRunCollection.Name)]
public class SentenceTransformersExportTests(SentenceEmbeddingRunFixture run)
{
    private static readonly string[] Probe = ["guest", "a visitor to whom hospitality is extended", "factory"];

    private static JsonNode ReadJson(string folder, params string[] path) => JsonNode.Parse(File.ReadAllText(Path.Combine([folder, .. path])))!;

    [Fact]
    public void Export_has_the_sentence_transformers_layout()
    {
        Assert.True(run.Result.Outcome == TrainingOutcome.Completed, run.Result.FailureReason);
        var folder = run.NewFolder("layout");

        SentenceTransformersExport.Export(run.Checkpoint, folder);

        var modules = ReadJson(folder, "modules.json").AsArray();
        Assert.Equal(["sentence_transformers.models.Transformer", "sentence_transformers.models.Pooling", "sentence_transformers.models.Normalize"],
            modules.Select(module => module!["type"]!.GetValue<string>()));
        Assert.Equal(["", "1_Pooling", "2_Normalize"], modules.Select(module => module!["path"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2], modules.Select(module => module!["idx"]!.GetValue<int>()));
        Assert.True(Directory.Exists(Path.Combine(folder, "2_Normalize")));

        var pooling = ReadJson(folder, "1_Pooling", "config.json");
        Assert.Equal(384, pooling["word_embedding_dimension"]!.GetValue<int>());
        Assert.True(pooling["pooling_mode_mean_tokens"]!.GetValue<bool>());
        Assert.False(pooling["pooling_mode_cls_token"]!.GetValue<bool>());
        Assert.False(pooling["pooling_mode_max_tokens"]!.GetValue<bool>());
        Assert.Equal(SentenceEmbeddingRunFixture.Config.MaxSequenceLength, ReadJson(folder, "sentence_bert_config.json")["max_seq_length"]!.GetValue<int>());
        Assert.Equal("cosine", ReadJson(folder, "config_sentence_transformers.json")["similarity_fn_name"]!.GetValue<string>());

        var config = ReadJson(folder, "config.json");
        Assert.Equal("BertModel", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("bert", config["model_type"]!.GetValue<string>());
        Assert.Equal(384, config["hidden_size"]!.GetValue<int>());
        Assert.Equal(6, config["num_hidden_layers"]!.GetValue<int>());
        foreach (var file in new[] { "model.safetensors", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);

        using var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights));
        Assert.Contains("embeddings.word_embeddings.weight", weights.Tensors.Keys);
        Assert.Contains("encoder.layer.5.attention.self.query.weight", weights.Tensors.Keys);
        Assert.Contains("pooler.dense.weight", weights.Tensors.Keys);
        Assert.DoesNotContain(weights.Tensors.Keys, name => name.StartsWith("bert.", StringComparison.Ordinal) || name.Contains("lora_", StringComparison.Ordinal));
    }

    [Fact]
    public void Exported_weights_give_a_fresh_encoder_the_checkpoints_embeddings()
    {
        Assert.True(run.Result.Outcome == TrainingOutcome.Completed, run.Result.FailureReason);
        var folder = run.NewFolder("roundtrip");
        SentenceTransformersExport.Export(run.Checkpoint, folder);

        using var trained = TrainedTextClassifier.Load(run.Checkpoint);
        var adapted = Embeddings(trained.Model);
        LoraModel.MergeAll(trained.Model);
        var merged = Embeddings(trained.Model);
        using var fresh = new BertSentenceEncoder(BertConfig.MiniLmL6);
        using (var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
        {
            var dict = weights.Tensors.Where(entry => !entry.Key.StartsWith("pooler.", StringComparison.Ordinal))
                .ToDictionary(entry => BertSentenceEncoder.EncoderPrefix + entry.Key, entry => entry.Value);
            var (missing, unexpected) = fresh.load_state_dict(dict, strict: false);
            Assert.Empty(missing);
            Assert.Empty(unexpected);
        }
        fresh.eval();

        var exported = Embeddings(fresh);
        Assert.Equal(merged, exported);
        Assert.All(adapted.Zip(exported), pair => Assert.Equal(pair.First, pair.Second, 1e-5f));
        Assert.NotEqual(Embeddings(UntunedEncoder()), exported);
    }

    private static BertSentenceEncoder UntunedEncoder()
    {
        var encoder = (BertSentenceEncoder)new MiniLmDefinition().CreateSentenceEncoder();
        encoder.eval();
        return encoder;
    }

    private static float[] Embeddings(TuneStudio.Engine.Models.TextClassifierModel model)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = new MiniLmDefinition().CreateTokenizer().Encode(Probe, SentenceEmbeddingRunFixture.Config.MaxSequenceLength, CPU);
        return model.forward(batch.InputIds, batch.AttentionMask).data<float>().ToArray();
    }
}
