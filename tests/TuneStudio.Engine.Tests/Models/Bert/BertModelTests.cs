using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Models.Bert;

public class BertModelTests
{
    private static readonly BertConfig Small = new()
    {
        VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 64, MaxPositionEmbeddings = 40,
    };

    [Fact]
    public void Parameter_names_are_Hugging_Faces()
    {
        using var model = new BertModel(Small, withPooler: true);

        var names = model.state_dict().Keys.ToHashSet();

        string[] expected =
        [
            "embeddings.word_embeddings.weight", "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
            "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias",
            "encoder.layer.0.attention.self.query.weight", "encoder.layer.0.attention.self.key.bias", "encoder.layer.0.attention.self.value.weight",
            "encoder.layer.0.attention.output.dense.weight", "encoder.layer.0.attention.output.LayerNorm.weight",
            "encoder.layer.1.intermediate.dense.weight", "encoder.layer.1.output.dense.weight", "encoder.layer.1.output.LayerNorm.bias",
            "pooler.dense.weight", "pooler.dense.bias",
        ];
        Assert.All(expected, name => Assert.Contains(name, names));
        Assert.Equal(5 + 2 * 16 + 2, names.Count);
        Assert.Equal(Small.ParameterCount(withPooler: true, labelCount: 0), model.parameters().Sum(parameter => parameter.numel()));
    }

    [Fact]
    public void Config_json_round_trips_with_Hugging_Faces_field_names()
    {
        var json = Small.ToJson().ToJsonString();

        Assert.Contains("\"num_hidden_layers\":2", json);
        Assert.Contains("\"layer_norm_eps\":", json);
        Assert.Equal(Small, BertConfig.Parse(json));
    }

    [Fact]
    public void A_config_with_heads_that_do_not_divide_the_width_is_rejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => BertConfig.Parse("""{"hidden_size": 30, "num_attention_heads": 4}"""));

        Assert.Contains("hidden_size 30", error.Message);
    }

    [Fact]
    public void Freeze_leaves_only_the_top_layer_and_the_head_trainable()
    {
        using var model = new BertTextClassifier(Small, BertPooling.Mean, labelCount: 3);

        LayerFreezer.FreezeAllButTop(model, trainableTopBlocks: 1);

        var trainable = model.named_parameters().Where(entry => entry.parameter.requires_grad).Select(entry => entry.name).ToList();
        Assert.All(trainable, name => Assert.True(name.StartsWith("bert.encoder.layer.1.") || name.StartsWith("classifier."), name));
        Assert.Contains("classifier.weight", trainable);
    }

    [Fact]
    public void Padding_tokens_do_not_change_the_real_tokens_outputs()
    {
        manual_seed(1);
        using var model = new BertModel(Small, withPooler: false);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();

        var alone = model.forward(tensor(new long[] { 2, 5, 7 }).unsqueeze(0), ones(1, 3, dtype: ScalarType.Bool));
        var padded = model.forward(tensor(new long[] { 2, 5, 7, 0, 0 }).unsqueeze(0), tensor(new[] { true, true, true, false, false }).unsqueeze(0));

        Assert.True(alone.allclose(padded[.., ..3], rtol: 0, atol: 1e-5));
    }
}
