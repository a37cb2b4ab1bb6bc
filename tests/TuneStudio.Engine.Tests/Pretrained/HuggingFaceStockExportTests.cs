using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

// What stock transformers / tokenizers need to load an export: architectures, model_type, labels, bert.-prefixed
// names, and tokenizer.json in the tokenizers format. (No Python packages on these machines: structure is checked here.)
public class HuggingFaceStockExportTests(TrainedMiniLmFixture trained) : IClassFixture<TrainedMiniLmFixture>
{
    [Fact]
    public void Sequence_export_has_stock_config_tokenizer_files_and_an_identity_pooler_with_the_pooling_documented()
    {
        var folder = trained.NewFolder("stock");
        PretrainedExport.ExportHuggingFace(trained.FullCheckpoint, folder, merged: false);

        var config = Json(folder, "config.json");
        Assert.Equal("BertForSequenceClassification", config["architectures"]![0]!.GetValue<string>());
        Assert.Equal("bert", config["model_type"]!.GetValue<string>());
        Assert.Equal("female", config["id2label"]!["0"]!.GetValue<string>());
        Assert.Equal(1, config["label2id"]!["male"]!.GetValue<int>());
        Assert.Equal("mean", config[HuggingFaceFiles.PoolingKey]!.GetValue<string>());
        Assert.Contains("mean of the last hidden states", File.ReadAllText(Path.Combine(folder, "README.md")));
        using (var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
        {
            Assert.True(weights.Tensors["bert.pooler.dense.weight"].equal(eye(384)).all().item<bool>());
            Assert.Equal(0, weights.Tensors["bert.pooler.dense.bias"].abs().sum().item<float>());
            Assert.All(weights.Tensors.Keys, name => Assert.True(name.StartsWith("bert.", StringComparison.Ordinal) || name.StartsWith("classifier.", StringComparison.Ordinal), name));
        }
        AssertStockTokenizerFiles(folder);
    }

    [Fact]
    public void Token_classification_export_is_bert_for_token_classification_and_imports_back_with_identical_logits()
    {
        var (sentences, labels) = ConllSample.Read();
        var root = trained.NewFolder("ner-run");
        var observer = new RecordingObserver();
        var config = new TrainingConfig { Model = MiniLmDefinition.Id, LearningRate = 5e-4, BatchSize = 4, Epochs = 2, MaxSequenceLength = 32 };
        var result = TokenClassificationTrainer.Run(new TokenTrainingJob(config, sentences, labels, root) { ValidationExamples = sentences }, observer, CancellationToken.None);
        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        var checkpoint = observer.Checkpoints[^1].Directory;
        var folder = trained.NewFolder("ner-export");

        PretrainedExport.ExportHuggingFace(checkpoint, folder, merged: true);

        var exported = Json(folder, "config.json");
        Assert.Equal("BertForTokenClassification", exported["architectures"]![0]!.GetValue<string>());
        Assert.Null(exported[HuggingFaceFiles.PoolingKey]);
        Assert.Equal(labels, Enumerable.Range(0, labels.Count).Select(i => exported["id2label"]![i.ToString()]!.GetValue<string>()));
        using (var weights = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
        {
            Assert.DoesNotContain(weights.Tensors.Keys, name => name.Contains("pooler", StringComparison.Ordinal));
            Assert.Equal([labels.Count, 384L], weights.Tensors["classifier.weight"].shape);
        }
        AssertStockTokenizerFiles(folder);

        using var original = TrainedTextClassifier.Load(checkpoint);
        using var imported = HuggingFaceImport.Import(folder);
        Assert.IsType<BertTokenClassifier>(imported.Model);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = imported.Tokenizer.Encode(["EU rejects German call", "Peter Blackburn"], 32, CPU);
        Assert.True(original.Model.forward(batch.InputIds, batch.AttentionMask).equal(imported.Model.forward(batch.InputIds, batch.AttentionMask)).all().item<bool>(),
            "re-imported token classifier gives other logits");
    }

    [Fact]
    public void Token_classification_lora_run_exports_a_token_cls_adapter_that_imports_back_as_a_token_classifier_with_identical_logits()
    {
        var (sentences, labels) = ConllSample.Read();
        var root = trained.NewFolder("ner-lora-run");
        var observer = new RecordingObserver();
        var config = new TrainingConfig { Model = MiniLmDefinition.Id, Method = FineTuneMethod.Lora, LearningRate = 3e-3, BatchSize = 4, Epochs = 2, MaxSequenceLength = 32 };
        var result = TokenClassificationTrainer.Run(new TokenTrainingJob(config, sentences, labels, root) { ValidationExamples = sentences }, observer, CancellationToken.None);
        Assert.True(result.Outcome == TrainingOutcome.Completed, result.FailureReason);
        var checkpoint = observer.Checkpoints[^1].Directory;
        var folder = trained.NewFolder("ner-adapter");

        PretrainedExport.ExportHuggingFace(checkpoint, folder, merged: false);

        Assert.Equal("TOKEN_CLS", Json(folder, HuggingFaceFiles.AdapterConfig)["task_type"]!.GetValue<string>());
        using var original = TrainedTextClassifier.Load(checkpoint);
        using var imported = HuggingFaceImport.Import(folder);
        Assert.IsType<BertTokenClassifier>(imported.Model);
        Assert.Equal(labels, imported.Labels);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = imported.Tokenizer.Encode(["EU rejects German call", "Peter Blackburn"], 32, CPU);
        var expected = original.Model.forward(batch.InputIds, batch.AttentionMask);
        Assert.Equal([2L, batch.InputIds.shape[1], labels.Count], expected.shape);
        Assert.True(expected.allclose(imported.Model.forward(batch.InputIds, batch.AttentionMask), rtol: 0, atol: 1e-6),
            "re-imported token-classification adapter gives other logits");
    }

    private static void AssertStockTokenizerFiles(string folder)
    {
        var tokenizer = Json(folder, "tokenizer.json");
        Assert.Equal("WordPiece", tokenizer["model"]!["type"]!.GetValue<string>());
        Assert.Equal("##", tokenizer["model"]!["continuing_subword_prefix"]!.GetValue<string>());
        var vocab = tokenizer["model"]!["vocab"]!.AsObject();
        Assert.Equal(30_522, vocab.Count);
        Assert.Equal("BertNormalizer", tokenizer["normalizer"]!["type"]!.GetValue<string>());
        Assert.True(tokenizer["normalizer"]!["lowercase"]!.GetValue<bool>());
        Assert.Equal("BertPreTokenizer", tokenizer["pre_tokenizer"]!["type"]!.GetValue<string>());
        var template = tokenizer["post_processor"]!;
        Assert.Equal("TemplateProcessing", template["type"]!.GetValue<string>());
        Assert.Equal(["[CLS]", "A", "[SEP]"], template["single"]!.AsArray().Select(piece => (piece!["SpecialToken"] ?? piece["Sequence"])!["id"]!.GetValue<string>()));
        Assert.Equal(vocab["[CLS]"]!.GetValue<int>(), template["special_tokens"]!["[CLS]"]!["ids"]![0]!.GetValue<int>());
        Assert.Equal(5, tokenizer["added_tokens"]!.AsArray().Count);

        // The ids tokenizer.json's vocab gives are the ones our WordPiece tokenizer used in training.
        var ours = new WordPieceTokenizer(File.ReadAllBytes(Path.Combine(folder, "vocab.txt")));
        Assert.Equal([vocab["[CLS]"]!.GetValue<int>(), vocab["hello"]!.GetValue<int>(), vocab["world"]!.GetValue<int>(), vocab["[SEP]"]!.GetValue<int>()],
            ours.EncodeOne("Hello world", 16).Select(id => (int)id));

        Assert.Equal("[CLS]", Json(folder, "special_tokens_map.json")["cls_token"]!.GetValue<string>());
        var tokenizerConfig = Json(folder, "tokenizer_config.json");
        Assert.Equal("BertTokenizer", tokenizerConfig["tokenizer_class"]!.GetValue<string>());
        Assert.True(tokenizerConfig["do_lower_case"]!.GetValue<bool>());
    }

    private static JsonNode Json(string folder, string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, file)))!;
}
