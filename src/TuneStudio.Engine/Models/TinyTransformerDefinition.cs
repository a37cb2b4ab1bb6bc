namespace TuneStudio.Engine.Models;

public sealed class TinyTransformerDefinition : TextClassifierDefinition
{
    public const string Id = "tiny-transformer";
    private static readonly TinyTransformerShape Shape = new();

    public override ModelInfo Info { get; } = new(
        Id,
        Name: "Tiny transformer",
        Description: $"A {Shape.Layers}-block transformer encoder (hidden {Shape.Hidden}, {Shape.Heads} heads) over UTF-8 bytes, " +
                     "trained from scratch. Fast on a CPU; suits short texts such as names, titles or labels.",
        Task: Tasks.TaskNames.TextClassification,
        Source: "built-in (random initialisation)",
        ParameterCount: Shape.ParameterCount(labelCount: 2),
        MaxSequenceLength: Shape.MaxPositions,
        Methods: [FineTuneMethod.Full, FineTuneMethod.Lora, FineTuneMethod.Freeze],
        Licence: "MIT (TuneStudio)",
        Input: $"UTF-8 bytes, up to {Shape.MaxPositions} tokens")
    {
        // A head is one linear layer: each class costs the same (its weights and bias).
        HeadParameterCount = 2 * (Shape.ParameterCount(labelCount: 3) - Shape.ParameterCount(labelCount: 2)),
    };

    public override int? NarrowestLinearWidth => Shape.Hidden;

    public override ITextTokenizer CreateTokenizer() => new ByteTokenizer();

    public override TextClassifierModel CreateModel(int labelCount) => new TinyTransformerClassifier(Shape, labelCount);
}
