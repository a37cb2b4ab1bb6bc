using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Reads a Hugging Face BERT-family sequence or token classifier folder (config.json, model.safetensors, vocab.txt),
// ours or Hugging Face's, or a PEFT adapter folder of ours (LoRA, DoRA or IA3) (adapter_config.json, adapter_model.safetensors,
// vocab.txt) over the catalogue's MiniLM. Validate lists every problem, each naming the file or tensor;
// Import refuses on any.
public static class HuggingFaceImport
{
    public static IReadOnlyList<string> Validate(string folder)
    {
        try
        {
            using var imported = Import(folder);
            return [];
        }
        catch (ImportRejectedException rejected)
        {
            return rejected.Problems;
        }
    }

    public static ImportedModel Import(string folder)
    {
        if (File.Exists(Path.Combine(folder, HuggingFaceFiles.AdapterConfig)))
            return PeftAdapterImport.Import(folder);

        var problems = new List<string>();
        foreach (var file in new[] { HuggingFaceFiles.Config, HuggingFaceFiles.Weights, HuggingFaceFiles.Vocabulary })
            if (!File.Exists(Path.Combine(folder, file)))
                problems.Add($"{file} is missing.");
        if (problems.Count > 0) throw new ImportRejectedException(problems);

        var (config, pooling, labels, tagsTokens) = ReadConfig(Path.Combine(folder, HuggingFaceFiles.Config));
        TorchRuntime.Configure();
        Models.TextClassifierModel model = tagsTokens ? new BertTokenClassifier(config, labels.Count) : new BertTextClassifier(config, pooling, labels.Count);
        try
        {
            using (var file = Safetensors.Read(Path.Combine(folder, HuggingFaceFiles.Weights)))
            {
                // Older exports keep the position_ids buffer; a mean-pooling model has no use for a pooler.
                bool Ignorable(string name) => name.EndsWith("embeddings.position_ids", StringComparison.Ordinal)
                    || ((tagsTokens || pooling == BertPooling.Mean) && name.StartsWith("bert.pooler.", StringComparison.Ordinal));
                var tensorProblems = PretrainedWeights.Check(model, file.Tensors, Ignorable);
                if (tensorProblems.Count > 0) throw new ImportRejectedException(tensorProblems);
                PretrainedWeights.CopyInto(model, file.Tensors, Ignorable);
            }
            model.eval();
            var tokenizer = new WordPieceTokenizer(File.ReadAllBytes(Path.Combine(folder, HuggingFaceFiles.Vocabulary)));
            return new ImportedModel(model, tokenizer, labels);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // TagsTokens: config.json's architectures name BertForTokenClassification.
    private static (BertConfig Config, BertPooling Pooling, IReadOnlyList<string> Labels, bool TagsTokens) ReadConfig(string path)
    {
        var text = File.ReadAllText(path);
        try
        {
            var config = BertConfig.Parse(text);
            var json = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { AllowDuplicateProperties = false })!.AsObject();
            var pooling = json[HuggingFaceFiles.PoolingKey]?.GetValue<string>() == "mean" ? BertPooling.Mean : BertPooling.Cls;
            var labels = json["id2label"] is JsonObject id2label
                ? id2label.OrderBy(entry => int.Parse(entry.Key)).Select(entry => entry.Value!.GetValue<string>()).ToList()
                : ["LABEL_0", "LABEL_1"];
            var tagsTokens = json["architectures"] is JsonArray architectures
                && architectures.Any(node => node?.GetValue<string>() == "BertForTokenClassification");
            return (config, pooling, labels, tagsTokens);
        }
        catch (Exception exception) when (exception is InvalidDataException or System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            throw new ImportRejectedException([$"{HuggingFaceFiles.Config}: {exception.Message}"]);
        }
    }
}
