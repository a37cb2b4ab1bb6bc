using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tests.Adapters;

// The plan's trainable-parameter count for each new adapter, against the count worked out by hand from the shapes.
public class AdapterParameterCountTests
{
    private static readonly IReadOnlyList<string> Labels = ["female", "male"];

    // The tiny transformer: 2 blocks, hidden 64, feed-forward 128; its head is 64 × 2 + 2.
    private const int TinyHidden = 64, TinyFeedForward = 128, TinyLayers = 2, TinyHead = TinyHidden * 2 + 2;

    [Fact]
    public void The_tiny_model_has_the_shape_the_hand_counts_assume()
    {
        var shape = new TinyTransformerShape();
        Assert.Equal((TinyHidden, TinyFeedForward, TinyLayers), (shape.Hidden, shape.FeedForward, shape.Layers));
    }

    [Fact]
    public void DoRA_trains_LoRA_s_matrices_plus_one_magnitude_per_output_and_the_head()
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Dora, Lora = new LoraOptions { Rank = 4, TargetModules = ["query", "value"] } };

        // Per adapted 64 → 64 layer: A is 4 × 64, B is 64 × 4, the magnitude 64; query and value in each block.
        const long perLayer = 4 * TinyHidden + TinyHidden * 4 + TinyHidden;
        Assert.Equal(TinyLayers * 2 * perLayer + TinyHead, FineTunePlan.Describe(config, Labels).TrainableParameters);
    }

    [Fact]
    public void IA3_trains_one_scale_per_output_of_its_targets_one_per_input_of_its_feedforward_layers_and_the_head()
    {
        var config = new TrainingConfig { Method = FineTuneMethod.Ia3, Ia3 = new Ia3Options { TargetModules = ["key", "value"], FeedforwardModules = ["output"] } };

        // key and value: 64 outputs each; "output" matches the attention output (64 inputs) and the block output
        // (128 inputs), both scaled on their inputs.
        const long perBlock = TinyHidden + TinyHidden + TinyHidden + TinyFeedForward;
        Assert.Equal(TinyLayers * perBlock + TinyHead, FineTunePlan.Describe(config, Labels).TrainableParameters);
    }

    [Fact]
    public void IA3_with_PEFT_s_BERT_defaults_on_MiniLM_counts_as_worked_out_by_hand()
    {
        var config = new TrainingConfig { Model = MiniLmDefinition.Id, Method = FineTuneMethod.Ia3 };

        // MiniLM-L6: 6 layers, hidden 384, intermediate 1536. key and value: 384 outputs each; "output.dense" matches
        // attention.output.dense (384 inputs) and output.dense (1536 inputs), as in PEFT; the head is 384 × 2 + 2.
        const long perLayer = 384 + 384 + 384 + 1536;
        Assert.Equal(6 * perLayer + 384 * 2 + 2, FineTunePlan.Describe(config, Labels).TrainableParameters);
    }
}
