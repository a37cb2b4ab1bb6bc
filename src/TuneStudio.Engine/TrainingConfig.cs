using System.Text.Json.Serialization;
using TuneStudio.Engine.Tasks;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine;

public sealed record TrainingConfig
{
    public string Model { get; init; } = "tiny-transformer";

    // A registered task's name (TaskNames); set by whoever knows the data (the studio from the dataset, a task's
    // typed job for its examples).
    [JsonConverter(typeof(TaskNameJson))]
    public string Task { get; init; } = TaskNames.TextClassification;
    public FineTuneMethod Method { get; init; } = FineTuneMethod.Full;
    public double LearningRate { get; init; } = 1e-3;
    public int BatchSize { get; init; } = 32;
    public int Epochs { get; init; } = 3;
    public int Seed { get; init; } = 42;
    public double ValidationFraction { get; init; } = 0.2;
    public double WeightDecay { get; init; } = 0.01;    // never applied to biases and norm weights (1-D parameters)
    public double GradientClipNorm { get; init; } = 1.0; // <= 0 disables; the norm is logged either way
    public int MaxSequenceLength { get; init; } = 64;   // text models
    public int? ImageSize { get; init; }                 // image models: square input side; null = the model's own (224 for ResNet-18)
    public LoraOptions Lora { get; init; } = new();          // lora and dora
    public Ia3Options Ia3 { get; init; } = new();
    public int TrainableTopLayers { get; init; } = 1;   // Freeze: the head plus this many top encoder blocks train

    // Freeze: when not empty, parameters whose name matches one of these globs ("embeddings.*") or
    // regexes ("re:^encoder\.layer\.0\.") are frozen and everything else trains; TrainableTopLayers is then ignored.
    public IReadOnlyList<string> FrozenParameterPatterns { get; init; } = [];

    // GradualUnfreeze: one more block, top down, every UnfreezeEvery steps or epochs.
    public int UnfreezeEvery { get; init; } = 1;
    public UnfreezeUnit UnfreezeUnit { get; init; } = UnfreezeUnit.Epochs;

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    public double Beta1 { get; init; } = 0.9;
    public double Beta2 { get; init; } = 0.999;
    public double Epsilon { get; init; } = 1e-8;
    public double Momentum { get; init; } = 0.9;        // SGD only
    public bool Nesterov { get; init; }                 // SGD only

    // Discriminative learning rates: the top block trains at LearningRate, each block below at LayerwiseLrDecay
    // times the one above, embeddings below the bottom block; the head at HeadLearningRate (default LearningRate).
    public double LayerwiseLrDecay { get; init; } = 1.0;
    public double? HeadLearningRate { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Linear;
    public int WarmupSteps { get; init; } = 0;
    public double WarmupRatio { get; init; } = 0;      // used instead of WarmupSteps when above 0

    // Effective batch = BatchSize × GradientAccumulationSteps; steps and metrics count optimizer steps.
    public int GradientAccumulationSteps { get; init; } = 1;
    public double LabelSmoothing { get; init; }
    public double? DropoutOverride { get; init; }        // replaces the model's dropout rates when set
    public PrecisionKind Precision { get; init; } = PrecisionKind.Float32;

    // BERT-family models: each encoder layer keeps only its input during the forward and is recomputed in the
    // backward (same losses and gradients, less activation memory, one more forward per step).
    public bool GradientCheckpointing { get; init; }

    // Non-finite loss or gradient norm skips the step; this many skips in a row fail the run.
    public int MaxConsecutiveSkippedSteps { get; init; } = 5;

    public EarlyStoppingOptions EarlyStopping { get; init; } = new();
    public CheckpointOptions Checkpoints { get; init; } = new();
    public Augmentation.AugmentationOptions Augmentation { get; init; } = new();

    public const int MinImageSize = 32;

    // Field names are camelCase as the API spells them ("learningRate", "lora.rank"), so a form can put
    // each message beside its input. LoRA fields are checked whatever the method: a stored config stays valid
    // if someone later switches it to LoRA. models: the catalogue (and through it the task registry) the run will
    // use; task-specific rules are the task's (ITrainingTask.Validate).
    public IReadOnlyList<ConfigError> Validate(ModelCatalog? models = null)
    {
        models ??= ModelCatalog.BuiltIn;
        var errors = new List<ConfigError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok) errors.Add(new ConfigError(field, message));
        }

        var model = models.Find(Model);
        var definition = models.Definition(Model);
        var task = models.Tasks.Find(Task);
        Require(model is not null, "model", $"Unknown model '{Model}'.");
        Require(Enum.IsDefined(Method), "method", $"Unknown fine-tuning method '{Method}'.");
        Require(task is not null, "task", $"Unknown task '{Task}'; the studio trains {string.Join(", ", models.Tasks.Names)}.");
        if (definition is not null && task is not null)
            Require(task.Fits(definition), "model", MismatchMessage(models, task));
        if (model is not null && Enum.IsDefined(Method))
            Require(SupportsMethod(model, Method), "method",
                $"Model '{Model}' does not support {ApiName(Method)} fine-tuning; it supports {string.Join(", ", Enum.GetValues<FineTuneMethod>().Where(m => SupportsMethod(model, m)).Select(ApiName))}.");

        Require(double.IsFinite(LearningRate) && LearningRate > 0, "learningRate", "Learning rate must be a positive number.");
        Require(BatchSize >= 1, "batchSize", "Batch size must be at least 1.");
        Require(Epochs >= 1, "epochs", "Epochs must be at least 1.");
        Require(ValidationFraction > 0 && ValidationFraction < 1, "validationFraction", "Validation fraction must be between 0 and 1 (exclusive).");
        Require(double.IsFinite(WeightDecay) && WeightDecay >= 0, "weightDecay", "Weight decay must be zero or positive.");
        Require(!double.IsNaN(GradientClipNorm), "gradientClipNorm", "Gradient clip norm must be a number (0 or less disables clipping).");

        if (model is { ImageSize: > 0 })
        {
            Require(ImageSize is null || (ImageSize >= MinImageSize && ImageSize <= 2 * model.ImageSize), "imageSize",
                $"Image size must be between {MinImageSize} and {2 * model.ImageSize} pixels for '{model.Id}' (empty for its own {model.ImageSize}).");
        }
        else
        {
            var longestSequence = model?.MaxSequenceLength ?? int.MaxValue;
            Require(MaxSequenceLength >= 2 && MaxSequenceLength <= longestSequence, "maxSequenceLength",
                model is null
                    ? "Max sequence length must be at least 2."
                    : $"Max sequence length must be between 2 and {model.MaxSequenceLength} for '{model.Id}'.");
        }

        Require(TrainableTopLayers >= 0, "trainableTopLayers", "Trainable top layers cannot be negative.");
        Require(FrozenParameterPatterns is not null && FrozenParameterPatterns.All(Adapters.Freeze.ParameterPatterns.IsValid),
            "frozenParameterPatterns", "Each pattern must be a non-empty glob, or a valid regex after \"re:\".");
        Require(UnfreezeEvery >= 1, "unfreezeEvery", "Unfreeze interval must be at least 1.");
        Require(Enum.IsDefined(UnfreezeUnit), "unfreezeUnit", $"Unknown unfreeze unit '{UnfreezeUnit}'.");

        Require(Enum.IsDefined(Optimizer), "optimizer", $"Unknown optimizer '{Optimizer}'.");
        Require(Beta1 >= 0 && Beta1 < 1, "beta1", "Beta1 must be at least 0 and below 1.");
        Require(Beta2 >= 0 && Beta2 < 1, "beta2", "Beta2 must be at least 0 and below 1.");
        Require(double.IsFinite(Epsilon) && Epsilon > 0, "epsilon", "Epsilon must be a positive number.");
        Require(Momentum >= 0 && Momentum < 1, "momentum", "Momentum must be at least 0 and below 1.");
        Require(!Nesterov || Momentum > 0, "nesterov", "Nesterov momentum needs a momentum above 0.");
        Require(LayerwiseLrDecay > 0 && LayerwiseLrDecay <= 1, "layerwiseLrDecay", "Layer-wise decay must be above 0 and at most 1.");
        Require(HeadLearningRate is null || (double.IsFinite(HeadLearningRate.Value) && HeadLearningRate > 0),
            "headLearningRate", "Head learning rate must be a positive number (or empty for the main rate).");

        Require(Enum.IsDefined(Schedule), "schedule", $"Unknown schedule '{Schedule}'.");
        Require(WarmupSteps >= 0, "warmupSteps", "Warm-up steps cannot be negative.");
        Require(WarmupRatio >= 0 && WarmupRatio < 1, "warmupRatio", "Warm-up ratio must be at least 0 and below 1.");
        Require(WarmupSteps == 0 || WarmupRatio == 0, "warmupRatio", "Set warm-up steps or a warm-up ratio, not both.");

        Require(GradientAccumulationSteps >= 1, "gradientAccumulationSteps", "Gradient accumulation steps must be at least 1.");
        Require(LabelSmoothing >= 0 && LabelSmoothing < 1, "labelSmoothing", "Label smoothing must be at least 0 and below 1.");
        Require(DropoutOverride is null || (DropoutOverride >= 0 && DropoutOverride < 1), "dropoutOverride", "Dropout must be at least 0 and below 1.");
        Require(Enum.IsDefined(Precision), "precision", $"Unknown precision '{Precision}': use float32 or bfloat16.");
        Require(!GradientCheckpointing || model is null || models.FindDefinition(Model)?.SupportsGradientCheckpointing == true,
            "gradientCheckpointing", $"Model '{Model}' has no gradient checkpointing; it is available for BERT-family text models such as minilm-l6.");
        Require(MaxConsecutiveSkippedSteps >= 1, "maxConsecutiveSkippedSteps", "Allow at least one skipped step in a row.");

        Require(EarlyStopping is not null, "earlyStopping", "Early-stopping options are required.");
        if (EarlyStopping is not null)
        {
            Require(!string.IsNullOrWhiteSpace(EarlyStopping.Metric), "earlyStopping.metric", "Name the metric to watch, e.g. \"val/loss\".");
            Require(Enum.IsDefined(EarlyStopping.Mode), "earlyStopping.mode", "Mode must be min or max.");
            Require(EarlyStopping.Patience >= 1, "earlyStopping.patience", "Patience must be at least 1.");
            Require(double.IsFinite(EarlyStopping.MinDelta) && EarlyStopping.MinDelta >= 0, "earlyStopping.minDelta", "Min delta must be zero or positive.");
        }

        Require(Checkpoints is not null, "checkpoints", "Checkpoint options are required.");
        if (Checkpoints is not null)
        {
            Require(Checkpoints.EverySteps >= 0, "checkpoints.everySteps", "Checkpoint interval cannot be negative (0 disables).");
            Require(Checkpoints.KeepLast >= 0, "checkpoints.keepLast", "Keep-last cannot be negative (0 keeps all).");
            Require(Checkpoints.KeepBest >= 0, "checkpoints.keepBest", "Keep-best cannot be negative.");
            Require(!string.IsNullOrWhiteSpace(Checkpoints.BestMetric), "checkpoints.bestMetric", "Name the metric that ranks checkpoints.");
            Require(Enum.IsDefined(Checkpoints.BestMode), "checkpoints.bestMode", "Mode must be min or max.");
        }

        ValidateAugmentation(Require);
        if (definition is not null && task is not null && task.Fits(definition))
            errors.AddRange(task.Validate(this, definition));

        Require(Lora is not null, "lora", "LoRA options are required.");
        if (Lora is not null)
        {
            Require(Lora.Rank >= 1, "lora.rank", "LoRA rank must be at least 1.");
            Require(double.IsFinite(Lora.Alpha) && Lora.Alpha > 0, "lora.alpha", "LoRA alpha must be a positive number.");
            Require(Lora.Dropout >= 0 && Lora.Dropout < 1, "lora.dropout", "LoRA dropout must be at least 0 and below 1.");
            Require(Lora.TargetModules is { Count: > 0 } && Lora.TargetModules.All(name => !string.IsNullOrWhiteSpace(name)),
                "lora.targetModules", "Name at least one layer to adapt, e.g. \"query\".");
            Require(Enum.IsDefined(Lora.Bias), "lora.bias", "LoRA bias must be none, all or loraOnly.");
            Require(Lora.LoraPlusLrRatio is null || (double.IsFinite(Lora.LoraPlusLrRatio.Value) && Lora.LoraPlusLrRatio > 0),
                "lora.loraPlusLrRatio", "The LoRA+ ratio must be a positive number (or empty to turn LoRA+ off).");
        }

        Require(Ia3 is not null, "ia3", "IA3 options are required.");
        if (Ia3 is not null)
        {
            static bool Named(IReadOnlyList<string>? names) => names is not null && names.All(name => !string.IsNullOrWhiteSpace(name));
            Require(Named(Ia3.TargetModules) && (Ia3.TargetModules.Count > 0 || Ia3.FeedforwardModules is { Count: > 0 }),
                "ia3.targetModules", "Name at least one layer to rescale, e.g. \"key\", with no empty names.");
            Require(Named(Ia3.FeedforwardModules), "ia3.feedforwardModules", "Feed-forward layer names cannot be empty, e.g. \"output.dense\".");
        }

        return errors;
    }

    // Names the models that do fit, so the message says what to pick.
    private string MismatchMessage(ModelCatalog models, ITrainingTask task)
    {
        var fitting = string.Join(", ", models.ForTask(task.Name).Select(m => m.Id));
        return $"Model '{Model}' cannot train {task.Name}: {task.Description.UnfitReason}; choose one of {fitting}.";
    }

    // BitFit, HeadOnly and GradualUnfreeze only choose which existing parameters train, as Freeze does,
    // so any model that supports Freeze (or Full) supports them without declaring it.
    // Adapters are supported where the registry says (every model that takes LoRA).
    public static bool SupportsMethod(ModelInfo model, FineTuneMethod method) =>
        model.Methods.Contains(method) || AdapterRegistry.Supports(model, method) ||
        (method is FineTuneMethod.BitFit or FineTuneMethod.HeadOnly or FineTuneMethod.GradualUnfreeze &&
         (model.Methods.Contains(FineTuneMethod.Freeze) || model.Methods.Contains(FineTuneMethod.Full)));

    // Messages name methods as the API and the run dialog spell them ("lora", "bitFit").
    private static string ApiName(FineTuneMethod method) => string.Concat(char.ToLowerInvariant(method.ToString()[0]), method.ToString()[1..]);

    private void ValidateAugmentation(Action<bool, string, string> require)
    {
        require(Augmentation is { Text: not null, Image: not null }, "augmentation", "Augmentation options are required.");
        if (Augmentation is not { Text: { } text, Image: { } image }) return;
        static bool Probability(double p) => p >= 0 && p < 1;
        require(Probability(text.DeletionProbability), "augmentation.text.deletionProbability", "Word deletion probability must be at least 0 and below 1.");
        require(Probability(text.SwapProbability), "augmentation.text.swapProbability", "Word swap probability must be at least 0 and below 1.");
        require(Probability(text.TypoProbability), "augmentation.text.typoProbability", "Typo probability must be at least 0 and below 1.");
        require(image.CropScale > 0 && image.CropScale <= 1, "augmentation.image.cropScale", "Crop scale must be above 0 and at most 1 (1 turns cropping off).");
        require(image.MaxRotationDegrees >= 0 && image.MaxRotationDegrees <= 45, "augmentation.image.maxRotationDegrees", "Rotation must be between 0 and 45 degrees.");
        require(Probability(image.Brightness), "augmentation.image.brightness", "Brightness jitter must be at least 0 and below 1.");
        require(Probability(image.Contrast), "augmentation.image.contrast", "Contrast jitter must be at least 0 and below 1.");
        require(Probability(image.Saturation), "augmentation.image.saturation", "Saturation jitter must be at least 0 and below 1.");
    }
}
