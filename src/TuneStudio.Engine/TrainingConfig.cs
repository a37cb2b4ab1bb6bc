namespace TuneStudio.Engine;

public sealed record TrainingConfig
{
    public string Model { get; init; } = "tiny-transformer";
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Full;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 32;
    public int Epochs { get; init; } = 3;
    public int Seed { get; init; } = 42;
    public double ValidationFraction { get; init; } = 0.2;
    public int WarmupSteps { get; init; } = 0;          // linear warm-up, then linear decay to 0 at the last step
    public double WeightDecay { get; init; } = 0.01;
    public double GradientClipNorm { get; init; } = 1.0; // <= 0 disables
    public int MaxSequenceLength { get; init; } = 64;
    public LoraOptions Lora { get; init; } = new();
    public int TrainableTopLayers { get; init; } = 1;   // Freeze: the head plus this many top encoder blocks train

    // Field names are camelCase as the API spells them ("learningRate", "lora.rank"), so a form can put
    // each message beside its input. LoRA fields are checked whatever the method: a stored config stays valid
    // if someone later switches it to LoRA.
    public IReadOnlyList<ConfigError> Validate()
    {
        var errors = new List<ConfigError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok) errors.Add(new ConfigError(field, message));
        }

        var model = ModelCatalog.Find(Model);
        Require(model is not null, "model", $"Unknown model '{Model}'.");
        Require(Enum.IsDefined(Method), "method", $"Unknown fine-tuning method '{Method}'.");
        if (model is not null && Enum.IsDefined(Method))
            Require(model.Methods.Contains(Method), "method", $"Model '{Model}' does not support {Method} fine-tuning.");

        Require(double.IsFinite(LearningRate) && LearningRate > 0, "learningRate", "Learning rate must be a positive number.");
        Require(BatchSize >= 1, "batchSize", "Batch size must be at least 1.");
        Require(Epochs >= 1, "epochs", "Epochs must be at least 1.");
        Require(ValidationFraction > 0 && ValidationFraction < 1, "validationFraction", "Validation fraction must be between 0 and 1 (exclusive).");
        Require(WarmupSteps >= 0, "warmupSteps", "Warm-up steps cannot be negative.");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, "weightDecay", "Weight decay must be zero or positive.");
        Require(!double.IsNaN(GradientClipNorm), "gradientClipNorm", "Gradient clip norm must be a number (0 or less disables clipping).");

        var longestSequence = model?.MaxSequenceLength ?? int.MaxValue;
        Require(MaxSequenceLength >= 2 && MaxSequenceLength <= longestSequence, "maxSequenceLength",
            model is null
                ? "Max sequence length must be at least 2."
                : $"Max sequence length must be between 2 and {model.MaxSequenceLength} for '{model.Id}'.");

        Require(TrainableTopLayers >= 0, "trainableTopLayers", "Trainable top layers cannot be negative.");

        Require(Lora is not null, "lora", "LoRA options are required.");
        if (Lora is not null)
        {
            Require(Lora.Rank >= 1, "lora.rank", "LoRA rank must be at least 1.");
            Require(double.IsFinite(Lora.Alpha) && Lora.Alpha > 0, "lora.alpha", "LoRA alpha must be a positive number.");
            Require(Lora.Dropout >= 0 && Lora.Dropout < 1, "lora.dropout", "LoRA dropout must be at least 0 and below 1.");
            Require(Lora.TargetModules is { Count: > 0 } && Lora.TargetModules.All(name => !string.IsNullOrWhiteSpace(name)),
                "lora.targetModules", "Name at least one layer to adapt, e.g. \"query\".");
        }

        return errors;
    }
}
