using TorchSharp;
using TuneStudio.Engine;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Models;

public class TinyTransformerTests
{
    [Fact]
    public void Catalogue_parameter_count_matches_the_built_model()
    {
        var info = ModelCatalog.BuiltIn.Find("tiny-transformer")!;
        using var model = ModelCatalog.BuiltIn.FindDefinition(info.Id)!.CreateModel(labelCount: 2);

        Assert.Equal(info.ParameterCount, model.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void Parameter_names_read_like_Hugging_Face_ones()
    {
        using var model = ModelCatalog.BuiltIn.FindDefinition("tiny-transformer")!.CreateModel(labelCount: 3);
        var names = model.named_parameters().Select(entry => entry.name).ToList();

        Assert.Contains("embeddings.word_embeddings.weight", names);
        Assert.Contains("encoder.layer.0.attention.query.weight", names);
        Assert.Contains("encoder.layer.1.attention.value.bias", names);
        Assert.Contains("encoder.layer.1.intermediate.weight", names);
        Assert.Contains("classifier.weight", names);
    }

    [Fact]
    public void Padding_does_not_change_a_texts_logits()
    {
        torch.manual_seed(1);
        using var model = ModelCatalog.BuiltIn.FindDefinition("tiny-transformer")!.CreateModel(labelCount: 2);
        model.eval();
        var tokenizer = new ByteTokenizer();

        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var alone = tokenizer.Encode(["Eve"], 64, torch.CPU);
        var padded = tokenizer.Encode(["Eve", "Maximilian"], 64, torch.CPU);
        var aloneLogits = model.forward(alone.InputIds, alone.AttentionMask).data<float>().ToArray();
        var paddedLogits = model.forward(padded.InputIds, padded.AttentionMask)[0].data<float>().ToArray();

        Assert.True(ModelOutputs.MaxDifference(aloneLogits, paddedLogits) < 1e-5);
    }
}
