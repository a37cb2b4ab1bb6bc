using TuneStudio.Engine.Tasks;

namespace TuneStudio.Engine.Configuration;

// Every TrainingConfig field once: its API path, group, label, help, range and where it applies. The run dialog
// renders from it, TrainingConfig.Validate enforces its ranges, and docs/api.md's run-config table is generated
// from it (a test compares them), so a new field is described here and nowhere else.
public static class TrainingConfigFields
{
    public const string Basics = "Basics";
    public const string Data = "Data";
    public const string Optimisation = "Optimisation";
    public const string Method = "Method";
    public const string Regularisation = "Regularisation";
    public const string MemoryAndPrecision = "Memory and precision";
    public const string EarlyStopping = "Early stopping";
    public const string Checkpoints = "Checkpoints";
    public const string Augmentation = "Augmentation";

    public static readonly IReadOnlyList<string> Groups =
        [Basics, Data, Optimisation, Method, Regularisation, MemoryAndPrecision, EarlyStopping, Checkpoints, Augmentation];

    private static readonly string[] TextTasks =
        [TaskNames.TextClassification, TaskNames.MultiLabelClassification, TaskNames.TokenClassification, TaskNames.SentenceEmbedding];

    private static readonly FineTuneMethod[] LoraMethods = [FineTuneMethod.Lora, FineTuneMethod.Dora];

    private static ConfigRange Probability => new(0, 1, MaxInclusive: false);

    // The order is validation's order too, so messages come in the order the dialog shows the fields.
    public static readonly IReadOnlyList<ConfigField> All =
    [
        Field(Basics, "model", "Model", "The catalogue model to fine-tune (GET /api/models); it must train the dataset's task.",
            c => c.Model, (c, v) => c with { Model = v }),
        Field(Basics, "method", "Method",
            "How much of the model trains: full, an adapter (lora, dora, ia3), freeze (head and top layers, or all but name patterns), bitFit (biases and head), headOnly, or gradualUnfreeze.",
            c => c.Method, (c, v) => c with { Method = v }),
        Field(Basics, "task", "Task",
            "Set by the studio from the dataset's kind (a registered task's name); a token-classification run needs a WordPiece model such as minilm-l6.",
            c => c.Task, (c, v) => c with { Task = v }),
        Field(Basics, "learningRate", "Learning rate", "Peak step size of the optimizer; pre-trained models want small ones (5e-5 for full fine-tuning of minilm-l6).",
            c => c.LearningRate, (c, v) => c with { LearningRate = v }, new ConfigRange(0, 1e30, MinInclusive: false)), // a diverging rate is a fair experiment: the skip guard stops it
        Field(Basics, "batchSize", "Batch size", "Examples per forward pass; \"Find the largest batch\" measures what fits in memory.",
            c => c.BatchSize, (c, v) => c with { BatchSize = v }, new ConfigRange(1, 4096)),
        Field(Basics, "epochs", "Epochs", "Passes over the training rows.",
            c => c.Epochs, (c, v) => c with { Epochs = v }, new ConfigRange(1, 1000)),

        Field(Data, "seed", "Seed", "Drives initialisation, data order, dropout and augmentation: the same seed trains the same run.",
            c => c.Seed, (c, v) => c with { Seed = v }, new ConfigRange(0, int.MaxValue)),
        Field(Data, "validationFraction", "Validation fraction",
            "Share of rows held out for validation when the dataset version has no stored split (a split's validation part is used instead).",
            c => c.ValidationFraction, (c, v) => c with { ValidationFraction = v }, new ConfigRange(0, 1, false, false)),
        Field(Data, "maxSequenceLength", "Max sequence length",
            "Tokens per text; longer texts are cut. At most the model's own limit (64 for tiny-transformer, 512 for minilm-l6).",
            c => c.MaxSequenceLength, (c, v) => c with { MaxSequenceLength = v }, new ConfigRange(2, 8192))
            with { Tasks = TextTasks, CheckedOnlyWhereItApplies = true, NarrowedBy = "the model's own limit" },
        Field(Data, "imageSize", "Image size (px)",
            "Side of the square input images are resized to; at most twice the model's own; smaller trains faster.",
            c => c.ImageSize, (c, v) => c with { ImageSize = v }, new ConfigRange(TrainingConfig.MinImageSize, 4096), empty: "the model's own, 224 for resnet18")
            with { Tasks = [TaskNames.ImageClassification], CheckedOnlyWhereItApplies = true, NarrowedBy = "twice the model's own size" },

        Field(Optimisation, "optimizer", "Optimizer", "adamW decouples weight decay from the gradient; adam adds it to the gradient; sgd uses momentum.",
            c => c.Optimizer, (c, v) => c with { Optimizer = v }),
        Field(Optimisation, "headLearningRate", "Head learning rate", "Learning rate of the new classifier head, which starts from random weights and may learn faster.",
            c => c.HeadLearningRate, (c, v) => c with { HeadLearningRate = v }, new ConfigRange(0, 10, MinInclusive: false), empty: "the main rate"),
        Field(Optimisation, "layerwiseLrDecay", "Layer-wise LR decay",
            "Each block below the top trains at this times the rate of the block above (embeddings lowest); 1 turns it off.",
            c => c.LayerwiseLrDecay, (c, v) => c with { LayerwiseLrDecay = v }, new ConfigRange(0, 1, MinInclusive: false)),
        Field(Optimisation, "beta1", "Beta1", "Adam's decay of the running mean of gradients (momentum); 0.9 is usual.",
            c => c.Beta1, (c, v) => c with { Beta1 = v }, Probability) with { When = NotSgd, WhenText = "adam, adamW" },
        Field(Optimisation, "beta2", "Beta2", "Adam's decay of the running mean of squared gradients; 0.999 is usual, 0.98 steadier for short runs.",
            c => c.Beta2, (c, v) => c with { Beta2 = v }, Probability) with { When = NotSgd, WhenText = "adam, adamW" },
        Field(Optimisation, "epsilon", "Epsilon", "Added to Adam's denominator so tiny second moments cannot blow a step up.",
            c => c.Epsilon, (c, v) => c with { Epsilon = v }, new ConfigRange(0, 1, MinInclusive: false)) with { When = NotSgd, WhenText = "adam, adamW" },
        Field(Optimisation, "momentum", "Momentum", "SGD's share of the previous update carried into the next.",
            c => c.Momentum, (c, v) => c with { Momentum = v }, Probability) with { When = Sgd, WhenText = "sgd" },
        Field(Optimisation, "nesterov", "Nesterov", "SGD looks ahead along the momentum before taking the gradient; needs a momentum above 0.",
            c => c.Nesterov, (c, v) => c with { Nesterov = v }) with { When = Sgd, WhenText = "sgd" },
        Field(Optimisation, "schedule", "Schedule",
            "After the warm-up: constant keeps the rate, linear and cosine decay it to 0 at the last step, oneCycle rises from peak/25 and anneals to peak/10^4.",
            c => c.Schedule, (c, v) => c with { Schedule = v }),
        Field(Optimisation, "warmupSteps", "Warm-up steps", "Optimizer steps over which the rate rises linearly from 0; set this or a warm-up ratio, not both.",
            c => c.WarmupSteps, (c, v) => c with { WarmupSteps = v }, new ConfigRange(0, 1_000_000)),
        Field(Optimisation, "warmupRatio", "Warm-up ratio", "The warm-up as a share of all optimizer steps (0.06 is common); used instead of warm-up steps when above 0.",
            c => c.WarmupRatio, (c, v) => c with { WarmupRatio = v }, Probability),
        Field(Optimisation, "weightDecay", "Weight decay", "Pulls weights towards 0 at each step; never applied to biases and norm weights.",
            c => c.WeightDecay, (c, v) => c with { WeightDecay = v }, new ConfigRange(0, 10)),
        Field(Optimisation, "gradientAccumulationSteps", "Gradient accumulation steps",
            "Micro-batches summed before each optimizer step: the effective batch is batch size × this; steps and metrics count optimizer steps.",
            c => c.GradientAccumulationSteps, (c, v) => c with { GradientAccumulationSteps = v }, new ConfigRange(1, 1024)),
        Field(Optimisation, "gradientClipNorm", "Gradient clip norm", "Gradients are scaled down to at most this total norm; 0 disables clipping (the norm is logged either way).",
            c => c.GradientClipNorm, (c, v) => c with { GradientClipNorm = v }, new ConfigRange(-1_000_000, 1_000_000)),

        Field(Method, "lora.rank", "LoRA rank", "Inner dimension r of each adapter's A (r × in) and B (out × r) matrices: more rank, more trainable parameters. At most the adapted layer's smaller dimension.",
            c => c.Lora.Rank, (c, v) => c with { Lora = c.Lora with { Rank = v } }, new ConfigRange(1, 256)) with { Parent = "lora", Methods = LoraMethods, NarrowedBy = "the adapted layers' smaller dimension" },
        Field(Method, "lora.alpha", "LoRA alpha", "The adapter's output is scaled by alpha / rank (alpha / √rank with rsLoRA); twice the rank is a common choice.",
            c => c.Lora.Alpha, (c, v) => c with { Lora = c.Lora with { Alpha = v } }, new ConfigRange(0, 4096, MinInclusive: false)) with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "lora.dropout", "LoRA dropout", "Dropout on the adapter's input during training only.",
            c => c.Lora.Dropout, (c, v) => c with { Lora = c.Lora with { Dropout = v } }, Probability) with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "lora.targetModules", "Target layers",
            "Linear layers to adapt: a plain name matches a module path's last segment (query, value), a name with '.', '*' or '?' is a glob over the path; all-linear adapts every linear layer but the head.",
            c => c.Lora.TargetModules, (c, v) => c with { Lora = c.Lora with { TargetModules = v } }) with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "lora.bias", "LoRA bias", "Which biases train besides the adapters: none, all, or those of adapted layers (loraOnly).",
            c => c.Lora.Bias, (c, v) => c with { Lora = c.Lora with { Bias = v } }) with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "lora.useRsLora", "rsLoRA scaling", "Scale by alpha / √rank instead of alpha / rank, so higher ranks do not learn slower.",
            c => c.Lora.UseRsLora, (c, v) => c with { Lora = c.Lora with { UseRsLora = v } }) with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "lora.loraPlusLrRatio", "LoRA+ ratio", "LoRA+: the B matrices learn at this many times their group's rate (e.g. 16).",
            c => c.Lora.LoraPlusLrRatio, (c, v) => c with { Lora = c.Lora with { LoraPlusLrRatio = v } }, new ConfigRange(0, 1000, MinInclusive: false), empty: "off")
            with { Parent = "lora", Methods = LoraMethods },
        Field(Method, "ia3.targetModules", "Rescaled outputs",
            "Layers whose outputs a learned vector (ones at first) scales; names match as PEFT's do (the path or its end after a '.').",
            c => c.Ia3.TargetModules, (c, v) => c with { Ia3 = c.Ia3 with { TargetModules = v } }) with { Parent = "ia3", Methods = [FineTuneMethod.Ia3] },
        Field(Method, "ia3.feedforwardModules", "Rescaled feed-forward inputs",
            "Layers whose inputs a learned vector scales (PEFT: output.dense, which on BERTs also matches attention.output.dense).",
            c => c.Ia3.FeedforwardModules, (c, v) => c with { Ia3 = c.Ia3 with { FeedforwardModules = v } }) with { Parent = "ia3", Methods = [FineTuneMethod.Ia3] },
        Field(Method, "trainableTopLayers", "Trainable top layers", "The head and this many top encoder blocks (or ResNet stages) train; the rest is frozen.",
            c => c.TrainableTopLayers, (c, v) => c with { TrainableTopLayers = v }, new ConfigRange(0, 1000)) with { Methods = [FineTuneMethod.Freeze] },
        Field(Method, "frozenParameterPatterns", "Frozen parameter patterns",
            "Parameters matching a glob (embeddings.*) or a regex after re: are frozen and everything else trains; when set, trainable top layers is ignored.",
            c => c.FrozenParameterPatterns, (c, v) => c with { FrozenParameterPatterns = v }) with { Methods = [FineTuneMethod.Freeze] },
        Field(Method, "unfreezeEvery", "Unfreeze one more block every", "One more block, top down, joins training after this many steps or epochs.",
            c => c.UnfreezeEvery, (c, v) => c with { UnfreezeEvery = v }, new ConfigRange(1, 1_000_000)) with { Methods = [FineTuneMethod.GradualUnfreeze] },
        Field(Method, "unfreezeUnit", "Unfreeze unit", "Whether the unfreeze interval counts optimizer steps or epochs.",
            c => c.UnfreezeUnit, (c, v) => c with { UnfreezeUnit = v }) with { Methods = [FineTuneMethod.GradualUnfreeze] },

        Field(Regularisation, "labelSmoothing", "Label smoothing", "Share of each target spread over the other classes, so the model is less over-confident.",
            c => c.LabelSmoothing, (c, v) => c with { LabelSmoothing = v }, Probability),
        Field(Regularisation, "dropoutOverride", "Dropout override", "Replaces every dropout rate of the model.",
            c => c.DropoutOverride, (c, v) => c with { DropoutOverride = v }, Probability, empty: "the model's own"),
        Field(Regularisation, "maxConsecutiveSkippedSteps", "Skipped steps allowed in a row",
            "A step with a non-finite loss or gradient norm is skipped (logged as train/skipped_steps); this many in a row fail the run.",
            c => c.MaxConsecutiveSkippedSteps, (c, v) => c with { MaxConsecutiveSkippedSteps = v }, new ConfigRange(1, 1000)),

        Field(MemoryAndPrecision, "precision", "Precision",
            "bfloat16 runs forward and backward in bfloat16 with float32 master weights (optimizer, checkpoints), so resume stays exact; losses within 0.02 and accuracy within 0.025 of float32. Text and token classification.",
            c => c.Precision, (c, v) => c with { Precision = v }),
        Field(MemoryAndPrecision, "gradientCheckpointing", "Gradient checkpointing",
            "BERT-family models: each encoder layer keeps only its input in the forward and is recomputed in the backward with the same dropout masks; less memory, about one more forward per step.",
            c => c.GradientCheckpointing, (c, v) => c with { GradientCheckpointing = v }),

        Field(EarlyStopping, "earlyStopping.enabled", "Stop early", "Stop when the watched metric has not improved for patience evaluations in a row.",
            c => c.EarlyStopping.Enabled, (c, v) => c with { EarlyStopping = c.EarlyStopping with { Enabled = v } }) with { Parent = "earlyStopping" },
        Field(EarlyStopping, "earlyStopping.metric", "Watched metric", "A validation metric of the run's task (val/loss, val/accuracy, val/entity_f1, …).",
            c => c.EarlyStopping.Metric, (c, v) => c with { EarlyStopping = c.EarlyStopping with { Metric = v } }, kind: ConfigFieldKind.Metric) with { Parent = "earlyStopping" },
        Field(EarlyStopping, "earlyStopping.mode", "Better when", "min: lower is better (losses); max: higher is better (accuracy, F1).",
            c => c.EarlyStopping.Mode, (c, v) => c with { EarlyStopping = c.EarlyStopping with { Mode = v } }) with { Parent = "earlyStopping" },
        Field(EarlyStopping, "earlyStopping.patience", "Patience (evaluations)", "Evaluations in a row without improvement before training stops.",
            c => c.EarlyStopping.Patience, (c, v) => c with { EarlyStopping = c.EarlyStopping with { Patience = v } }, new ConfigRange(1, 1000)) with { Parent = "earlyStopping" },
        Field(EarlyStopping, "earlyStopping.minDelta", "Min delta", "An evaluation improves only when it beats the best by more than this.",
            c => c.EarlyStopping.MinDelta, (c, v) => c with { EarlyStopping = c.EarlyStopping with { MinDelta = v } }, new ConfigRange(0, 1_000_000)) with { Parent = "earlyStopping" },
        Field(EarlyStopping, "earlyStopping.keepBest", "Keep the best weights", "At the end, restore the best evaluation's weights and write them as the final checkpoint.",
            c => c.EarlyStopping.KeepBest, (c, v) => c with { EarlyStopping = c.EarlyStopping with { KeepBest = v } }) with { Parent = "earlyStopping" },

        Field(Checkpoints, "checkpoints.everySteps", "Checkpoint every N steps", "Write a checkpoint every this many optimizer steps; 0: only at epoch ends and at the end.",
            c => c.Checkpoints.EverySteps, (c, v) => c with { Checkpoints = c.Checkpoints with { EverySteps = v } }, new ConfigRange(0, 10_000_000)) with { Parent = "checkpoints" },
        Field(Checkpoints, "checkpoints.eachEpoch", "Checkpoint at each epoch end", "Write a checkpoint when each epoch ends.",
            c => c.Checkpoints.EachEpoch, (c, v) => c with { Checkpoints = c.Checkpoints with { EachEpoch = v } }) with { Parent = "checkpoints" },
        Field(Checkpoints, "checkpoints.keepLast", "Keep last K", "Only the newest K checkpoints survive (besides the best); 0 keeps as many as the studio allows (TuneStudio:Quotas:CheckpointsPerRun, 20).",
            c => c.Checkpoints.KeepLast, (c, v) => c with { Checkpoints = c.Checkpoints with { KeepLast = v } }, new ConfigRange(0, 1000)) with { Parent = "checkpoints" },
        Field(Checkpoints, "checkpoints.keepBest", "Keep best K", "The K best checkpoints by the ranking metric also survive; keep-best writes one at each evaluation.",
            c => c.Checkpoints.KeepBest, (c, v) => c with { Checkpoints = c.Checkpoints with { KeepBest = v } }, new ConfigRange(0, 1000)) with { Parent = "checkpoints" },
        Field(Checkpoints, "checkpoints.bestMetric", "Ranked by metric", "The validation metric of the run's task that ranks checkpoints.",
            c => c.Checkpoints.BestMetric, (c, v) => c with { Checkpoints = c.Checkpoints with { BestMetric = v } }, kind: ConfigFieldKind.Metric) with { Parent = "checkpoints" },
        Field(Checkpoints, "checkpoints.bestMode", "Best when", "min: lower is better; max: higher is better.",
            c => c.Checkpoints.BestMode, (c, v) => c with { Checkpoints = c.Checkpoints with { BestMode = v } }) with { Parent = "checkpoints" },

        Field(Augmentation, "augmentation.text.deletionProbability", "Word deletion probability", "Each word of a training text is dropped with this probability (never every word).",
            c => c.Augmentation.Text.DeletionProbability, (c, v) => c with { Augmentation = c.Augmentation with { Text = c.Augmentation.Text with { DeletionProbability = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.TextClassification] },
        Field(Augmentation, "augmentation.text.swapProbability", "Word swap probability", "Each word is swapped with its right neighbour with this probability.",
            c => c.Augmentation.Text.SwapProbability, (c, v) => c with { Augmentation = c.Augmentation with { Text = c.Augmentation.Text with { SwapProbability = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.TextClassification] },
        Field(Augmentation, "augmentation.text.typoProbability", "Typo probability", "Each letter is replaced by a keyboard neighbour, dropped or doubled with this probability (digits, punctuation and spaces never).",
            c => c.Augmentation.Text.TypoProbability, (c, v) => c with { Augmentation = c.Augmentation with { Text = c.Augmentation.Text with { TypoProbability = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.TextClassification] },
        Field(Augmentation, "augmentation.image.horizontalFlip", "Horizontal flip", "Mirror each training image left to right with probability 0.5.",
            c => c.Augmentation.Image.HorizontalFlip, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { HorizontalFlip = v } } })
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
        Field(Augmentation, "augmentation.image.verticalFlip", "Vertical flip", "Mirror each training image top to bottom with probability 0.5.",
            c => c.Augmentation.Image.VerticalFlip, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { VerticalFlip = v } } })
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
        Field(Augmentation, "augmentation.image.cropScale", "Crop scale", "Random crop keeping this share of each side, resized back; 1 turns cropping off.",
            c => c.Augmentation.Image.CropScale, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { CropScale = v } } }, new ConfigRange(0, 1, MinInclusive: false))
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification], RangeMessage = "Crop scale must be above 0 and at most 1 (1 turns cropping off)." },
        Field(Augmentation, "augmentation.image.maxRotationDegrees", "Rotation", "Each image turns by an angle drawn uniformly between minus and plus this many degrees.",
            c => c.Augmentation.Image.MaxRotationDegrees, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { MaxRotationDegrees = v } } }, new ConfigRange(0, 45, Unit: "degrees"))
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
        Field(Augmentation, "augmentation.image.brightness", "Brightness jitter", "Brightness is multiplied by a factor drawn uniformly from [1 − x, 1 + x].",
            c => c.Augmentation.Image.Brightness, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { Brightness = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
        Field(Augmentation, "augmentation.image.contrast", "Contrast jitter", "Contrast is multiplied by a factor drawn uniformly from [1 − x, 1 + x].",
            c => c.Augmentation.Image.Contrast, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { Contrast = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
        Field(Augmentation, "augmentation.image.saturation", "Saturation jitter", "Saturation (colour images) is multiplied by a factor drawn uniformly from [1 − x, 1 + x].",
            c => c.Augmentation.Image.Saturation, (c, v) => c with { Augmentation = c.Augmentation with { Image = c.Augmentation.Image with { Saturation = v } } }, Probability)
            with { Parent = "augmentation", Tasks = [TaskNames.ImageClassification] },
    ];

    private static readonly Dictionary<string, ConfigField> ByPath = All.ToDictionary(field => field.Path);

    public static ConfigField Get(string path) => ByPath[path];

    public static ConfigField? Find(string path) => ByPath.GetValueOrDefault(path);

    public static IEnumerable<ConfigField> InGroup(string group) => All.Where(field => field.Group == group);

    private static bool Sgd(TrainingConfig config) => config.Optimizer == OptimizerKind.Sgd;

    private static bool NotSgd(TrainingConfig config) => config.Optimizer != OptimizerKind.Sgd;

    private static ConfigField Field<T>(string group, string path, string label, string help,
        Func<TrainingConfig, T> get, Func<TrainingConfig, T, TrainingConfig> set,
        ConfigRange? range = null, string? empty = null, ConfigFieldKind? kind = null)
    {
        var type = typeof(T);
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return new ConfigField
        {
            Path = path, Group = group, Label = label, Help = help, ValueType = type, Range = range, EmptyMeans = empty,
            Kind = kind ?? (plain == typeof(int) ? ConfigFieldKind.Integer
                : plain == typeof(double) ? ConfigFieldKind.Number
                : plain == typeof(bool) ? ConfigFieldKind.Boolean
                : plain.IsEnum ? ConfigFieldKind.Choice
                : type == typeof(IReadOnlyList<string>) ? ConfigFieldKind.List
                : ConfigFieldKind.Text),
            Get = config => get(config),
            Set = (config, value) => set(config, (T)value!),
        };
    }
}
