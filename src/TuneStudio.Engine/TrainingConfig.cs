using System.Text.Json.Serialization;
using TuneStudio.Engine.Tasks;
using TuneStudio.Engine.Adapters;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Configuration;
using TuneStudio.Engine.Models;

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
    // each message beside its input. Each field's own range comes from TrainingConfigFields; the rules written here
    // relate fields to each other or to the model. One message per field: the first rule it breaks. LoRA fields are
    // checked whatever the method: a stored config stays valid if someone later switches it to LoRA. models: the
    // catalogue (and through it the task registry) the run will use; task-specific rules are the task's
    // (ITrainingTask.Validate).
    public IReadOnlyList<ConfigError> Validate(ModelCatalog? models = null)
    {
        models ??= ModelCatalog.BuiltIn;
        var errors = new List<ConfigError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok && errors.TrueForAll(error => error.Field != field)) errors.Add(new ConfigError(field, message));
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

        var missing = new HashSet<string>();
        void Present(bool present, string parent, string message)
        {
            Require(present, parent, message);
            if (!present) missing.Add(parent);
        }
        Present(EarlyStopping is not null, "earlyStopping", "Early-stopping options are required.");
        Present(Checkpoints is not null, "checkpoints", "Checkpoint options are required.");
        Present(Augmentation is { Text: not null, Image: not null }, "augmentation", "Augmentation options are required.");
        Present(Lora is not null, "lora", "LoRA options are required.");
        Present(Ia3 is not null, "ia3", "IA3 options are required.");

        // Checked before anything is built from the config, so an absurd value never reaches an allocation.
        foreach (var field in TrainingConfigFields.All)
        {
            if (field.Parent is { } parent && missing.Contains(parent)) continue;
            if (field.CheckedOnlyWhereItApplies && !field.AppliesTo(this)) continue;
            if (field.Check(this) is { } error) Require(false, error.Field, error.Message);
        }

        if (model is { ImageSize: > 0 })
        {
            Require(ImageSize is null || (ImageSize >= MinImageSize && ImageSize <= 2 * model.ImageSize), "imageSize",
                $"Image size must be between {MinImageSize} and {2 * model.ImageSize} pixels for '{model.Id}' (empty for its own {model.ImageSize}).");
        }
        else if (model is not null)
        {
            Require(MaxSequenceLength >= 2 && MaxSequenceLength <= model.MaxSequenceLength, "maxSequenceLength",
                $"Max sequence length must be between 2 and {model.MaxSequenceLength} for '{model.Id}'.");
        }

        Require(FrozenParameterPatterns is not null && FrozenParameterPatterns.All(Adapters.Freeze.ParameterPatterns.IsValid),
            "frozenParameterPatterns", "Each pattern must be a non-empty glob, or a valid regex after \"re:\".");
        Require(!Nesterov || Momentum > 0, "nesterov", "Nesterov momentum needs a momentum above 0.");
        Require(WarmupSteps == 0 || WarmupRatio == 0, "warmupRatio", "Set warm-up steps or a warm-up ratio, not both.");
        Require(!GradientCheckpointing || model is null || models.FindDefinition(Model)?.SupportsGradientCheckpointing == true,
            "gradientCheckpointing", $"Model '{Model}' has no gradient checkpointing; it is available for BERT-family text models such as minilm-l6.");

        if (EarlyStopping is not null)
            Require(!string.IsNullOrWhiteSpace(EarlyStopping.Metric), "earlyStopping.metric", "Name the metric to watch, e.g. \"val/loss\".");
        if (Checkpoints is not null)
            Require(!string.IsNullOrWhiteSpace(Checkpoints.BestMetric), "checkpoints.bestMetric", "Name the metric that ranks checkpoints.");

        if (definition is not null && task is not null && task.Fits(definition))
            errors.AddRange(task.Validate(this, definition));

        if (Lora is not null)
        {
            Require(Lora.TargetModules is { Count: > 0 } && Lora.TargetModules.All(name => !string.IsNullOrWhiteSpace(name)),
                "lora.targetModules", "Name at least one layer to adapt, e.g. \"query\".");
            // A rank above the adapted layer's smaller side adds parameters without adding rank.
            if (Method is FineTuneMethod.Lora or FineTuneMethod.Dora && definition is TextClassifierDefinition { NarrowestLinearWidth: { } width })
                Require(Lora.Rank <= width, "lora.rank", $"LoRA rank must be at most {width}, the smaller dimension of the layers '{Model}' adapts.");
        }

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
}
