using TorchSharp;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Models.Bert;

// Gradient checkpointing recomputes each encoder layer in the backward; the recompute replays the forward's dropout
// masks, so a training step must give the same loss, the same gradients and leave torch's generator where it would.
public class GradientCheckpointingTests
{
    // Dropout on everywhere (hidden, attention probabilities, LoRA's), so a recompute with other masks would show.
    private static readonly BertConfig Small = new()
    {
        VocabSize = 100, HiddenSize = 32, NumHiddenLayers = 3, NumAttentionHeads = 4, IntermediateSize = 64, MaxPositionEmbeddings = 40,
        HiddenDropoutProb = 0.2, AttentionProbsDropoutProb = 0.2,
    };

    [Fact]
    public void Full_fine_tuning_gets_the_same_loss_and_gradients_with_checkpointing()
    {
        var plain = Step(checkpointing: false, lora: false);
        var checkpointed = Step(checkpointing: true, lora: false);

        AssertSameStep(plain, checkpointed);
        Assert.All(plain.Gradients, entry => Assert.NotNull(entry.Value));
    }

    [Fact]
    public void Lora_adapters_in_the_bottom_layer_get_their_gradients_and_frozen_weights_none()
    {
        var plain = Step(checkpointing: false, lora: true);
        var checkpointed = Step(checkpointing: true, lora: true);

        AssertSameStep(plain, checkpointed);
        // The embeddings are frozen, so the bottom layer's input needs no gradient: the adapters there still get one.
        Assert.NotNull(checkpointed.Gradients["bert.encoder.layer.0.attention.self.query.lora_B"]);
        Assert.NotNull(checkpointed.Gradients["bert.encoder.layer.0.attention.self.value.lora_A"]);
        Assert.Null(checkpointed.Gradients["bert.encoder.layer.0.attention.self.query.base_layer.weight"]);
        Assert.Null(checkpointed.Gradients["bert.embeddings.word_embeddings.weight"]);
        Assert.Null(checkpointed.Gradients["bert.encoder.layer.2.intermediate.dense.weight"]);
    }

    [Fact]
    public void Evaluation_under_no_grad_is_unchanged_by_checkpointing()
    {
        using var model = NewModel(checkpointing: true, lora: false);
        using var reference = NewModel(checkpointing: false, lora: false);
        model.eval();
        reference.eval();
        var (ids, mask) = Inputs();
        using var _ = no_grad();

        Assert.Equal(reference.forward(ids, mask).data<float>().ToArray(), model.forward(ids, mask).data<float>().ToArray());
    }

    private sealed record StepResult(float Loss, Dictionary<string, float[]?> Gradients, float[] NextDraw);

    private static StepResult Step(bool checkpointing, bool lora)
    {
        using var scope = NewDisposeScope();
        using var model = NewModel(checkpointing, lora);
        model.train();
        var (ids, mask) = Inputs();
        random.manual_seed(7);
        var loss = nn.functional.cross_entropy(model.forward(ids, mask), tensor(new long[] { 0, 1, 2 }));
        loss.backward();
        var gradients = model.named_parameters().ToDictionary(
            entry => entry.name, entry => entry.parameter.grad is { } gradient ? gradient.data<float>().ToArray() : null);
        return new StepResult(loss.item<float>(), gradients, rand(4).data<float>().ToArray());
    }

    private static BertTextClassifier NewModel(bool checkpointing, bool lora)
    {
        random.manual_seed(3);
        var model = new BertTextClassifier(Small, BertPooling.Mean, labelCount: 3);
        if (lora) LoraInjector.Inject(model, new TuneStudio.Engine.Adapters.Lora.LoraOptions { Rank = 4, Dropout = 0.2 });
        model.Bert.GradientCheckpointing = checkpointing;
        return model;
    }

    private static (Tensor Ids, Tensor Mask) Inputs()
    {
        var ids = tensor(new long[,] { { 2, 15, 40, 7, 3, 0 }, { 2, 60, 61, 62, 63, 3 }, { 2, 9, 3, 0, 0, 0 } });
        return (ids, ids.ne(0));
    }

    private static void AssertSameStep(StepResult expected, StepResult actual)
    {
        Assert.Equal(expected.Loss, actual.Loss);
        Assert.Equal(expected.Gradients.Keys, actual.Gradients.Keys);
        foreach (var (name, gradient) in expected.Gradients)
        {
            if (gradient is null)
            {
                Assert.Null(actual.Gradients[name]);
                continue;
            }
            var other = actual.Gradients[name] ?? throw new Xunit.Sdk.XunitException($"{name} has no gradient with checkpointing");
            var largest = gradient.Zip(other, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(largest <= 1e-6, $"{name}: gradients differ by {largest}");
        }
        // The recompute rewinds the generator and puts it back: later draws (the next step's dropout) are unchanged.
        Assert.Equal(expected.NextDraw, actual.NextDraw);
    }
}
