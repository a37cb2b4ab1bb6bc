using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// Fine-tunes a catalogue text classifier on labelled examples, torchtune-recipe style: the constructor sets up
// the model (Full, LoRA or Freeze), the optimizer, the schedule and the data; Train() runs the loop.
//
// Supports: AdamW over the trainable parameters only (no weight decay on biases and norms), linear warm-up
// and decay, gradient-norm clipping, a seeded stratified train/validation split, per-step metrics,
// validation and an atomic checkpoint at the end of every epoch, cancellation before every step.
// Deterministic for a seed: the same job gives bit-identical losses, as long as one run uses torch at a time
// (torch's random generator is process-wide).
// Does not support (yet): resuming from a checkpoint (optimizer state is not saved), gradient accumulation,
// mixed precision, early stopping.
internal sealed class TextClassificationRecipe : IDisposable
{
    private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;

    private readonly TrainingJob job;
    private readonly TrainingConfig config;
    private readonly ITrainingObserver observer;
    private readonly TrainingFaults faults;
    private readonly Device device;
    private readonly ITextTokenizer tokenizer;
    private readonly TextClassifierModel model;
    private readonly IReadOnlyList<Parameter> trainableParameters;
    private readonly AdamW optimizer;
    private readonly TrainValidationSplit data;
    private readonly Random shuffle;
    private readonly int stepsPerEpoch;
    private readonly LearningRateSchedule schedule;

    public TextClassificationRecipe(TrainingJob job, ITrainingObserver observer, TrainingFaults faults)
    {
        this.job = job;
        this.observer = observer;
        this.faults = faults;
        config = job.Config;
        TorchRuntime.Configure();
        device = TorchRuntime.TorchDevice;

        // Model first, right after seeding, so its initial weights depend on the seed alone.
        torch.manual_seed(config.Seed);
        (model, tokenizer) = SetupModel();
        trainableParameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        optimizer = SetupOptimizer();
        (data, shuffle) = SetupData();
        stepsPerEpoch = (data.Train.Count + config.BatchSize - 1) / config.BatchSize;
        schedule = new LearningRateSchedule(config.LearningRate, config.WarmupSteps, (long)stepsPerEpoch * config.Epochs);

        var total = model.parameters().Sum(parameter => parameter.numel());
        var trainable = trainableParameters.Sum(parameter => parameter.numel());
        observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Training on {TorchRuntime.DeviceName}: {trainable:N0} of {total:N0} parameters trainable ({config.Method}, {config.Model})"));
        observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"{data.Train.Count:N0} training and {data.Validation.Count:N0} validation examples; {schedule.TotalSteps:N0} steps over {config.Epochs} epochs"));
    }

    public long CompletedSteps { get; private set; }

    public IReadOnlyDictionary<string, double> LatestMetrics { get; private set; } = new Dictionary<string, double>();

    // Problems with the job itself, reported before anything is built.
    public static IReadOnlyList<string> FindProblems(TrainingJob job)
    {
        var problems = job.Config.Validate().Select(error => $"{error.Field}: {error.Message}").ToList();
        if (job.Labels.Count < 2)
            problems.Add("At least two labels are needed.");
        if (job.Examples.Count < 2)
            problems.Add("At least two examples are needed.");
        var outOfRange = job.Examples.Count(example => example.Label < 0 || example.Label >= job.Labels.Count);
        if (outOfRange > 0)
            problems.Add($"{outOfRange} examples have a label outside 0..{job.Labels.Count - 1}.");
        if (string.IsNullOrWhiteSpace(job.CheckpointRoot))
            problems.Add("A checkpoint directory is needed.");
        return problems;
    }

    public TrainingResult Train(CancellationToken cancellationToken)
    {
        model.train();
        for (var epoch = 1; epoch <= config.Epochs; epoch++)
        {
            var losses = new List<double>(stepsPerEpoch);
            foreach (var batch in ShuffledBatches())
            {
                if (cancellationToken.IsCancellationRequested) return Finish(TrainingOutcome.Cancelled);

                var step = CompletedSteps + 1;
                var learningRate = schedule.At(step);
                var clock = Stopwatch.StartNew();
                var loss = TrainStep(batch, step, learningRate);
                if (!double.IsFinite(loss))
                    return Finish(TrainingOutcome.Failed, $"Loss became {(double.IsNaN(loss) ? "NaN" : "infinite")} at step {step}");
                CompletedSteps = step;
                losses.Add(loss);
                Emit(step, ("train/loss", loss), ("train/lr", learningRate), ("train/samples_per_sec", batch.Count / clock.Elapsed.TotalSeconds));
            }

            if (cancellationToken.IsCancellationRequested) return Finish(TrainingOutcome.Cancelled);
            var metrics = Evaluate();
            Emit(CompletedSteps, metrics.Select(metric => (metric.Key, metric.Value)).ToArray());
            LatestMetrics = new Dictionary<string, double>(metrics) { ["train/loss"] = losses.Average() };
            observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
                $"Epoch {epoch}/{config.Epochs}: train loss {losses.Average():F4}, val loss {metrics["val/loss"]:F4}, accuracy {metrics["val/accuracy"]:F3}, macro-F1 {metrics["val/macro_f1"]:F3}"));
            SaveCheckpoint(epoch);
        }
        // The last epoch's checkpoint is the final state: no second, identical one.
        return Finish(TrainingOutcome.Completed);
    }

    // One optimisation step; every tensor it makes is freed when it returns.
    private double TrainStep(IReadOnlyList<TextExample> batch, long step, double learningRate)
    {
        using var scope = NewDisposeScope();
        var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), config.MaxSequenceLength, device);
        var labels = tensor(batch.Select(example => (long)example.Label).ToArray(), device: device);
        var loss = nn.functional.cross_entropy(model.forward(inputs.InputIds, inputs.AttentionMask), labels);
        if (faults.NanLossAtStep == step)
            loss = loss * double.NaN;

        var value = loss.item<float>();
        if (!float.IsFinite(value)) return value;

        optimizer.zero_grad();
        loss.backward();
        if (config.GradientClipNorm > 0)
            nn.utils.clip_grad_norm_(trainableParameters, config.GradientClipNorm);
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate;
        optimizer.step();
        return value;
    }

    private Dictionary<string, double> Evaluate()
    {
        model.eval();
        try
        {
            using var _ = no_grad();
            var truth = new List<int>();
            var predictions = new List<int>();
            var lossSum = 0.0;
            foreach (var batch in data.Validation.Chunk(Math.Max(config.BatchSize, 64)))
            {
                using var scope = NewDisposeScope();
                var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), config.MaxSequenceLength, device);
                var labels = tensor(batch.Select(example => (long)example.Label).ToArray(), device: device);
                var logits = model.forward(inputs.InputIds, inputs.AttentionMask);
                lossSum += nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>();
                predictions.AddRange(logits.argmax(1).cpu().data<long>().ToArray().Select(label => (int)label));
                truth.AddRange(batch.Select(example => example.Label));
            }

            return new Dictionary<string, double>
            {
                ["val/loss"] = lossSum / truth.Count,
                ["val/accuracy"] = ClassificationMetrics.Accuracy(truth, predictions),
                ["val/macro_f1"] = ClassificationMetrics.MacroF1(truth, predictions),
            };
        }
        finally
        {
            model.train();
        }
    }

    private void SaveCheckpoint(int epoch)
    {
        var state = new TrainerState
        {
            Step = CompletedSteps,
            Epoch = epoch,
            TotalSteps = schedule.TotalSteps,
            Seed = config.Seed,
            Labels = job.Labels,
            Config = config,
            Metrics = LatestMetrics,
            Optimizer = new OptimizerSummary("AdamW", config.LearningRate, config.WeightDecay, Beta1, Beta2, Epsilon),
            Schedule = new ScheduleSummary("linear-warmup-linear-decay", config.WarmupSteps, schedule.TotalSteps, schedule.At(CompletedSteps)),
        };
        var checkpoint = CheckpointWriter.Write(job.CheckpointRoot, CheckpointFiles.Name(epoch, CompletedSteps), model, state);
        observer.OnCheckpoint(checkpoint);
        observer.OnMessage($"Saved checkpoint {checkpoint.Name}");
    }

    private IEnumerable<IReadOnlyList<TextExample>> ShuffledBatches()
    {
        var order = data.Train.ToArray();
        shuffle.Shuffle(order);
        return order.Chunk(config.BatchSize);
    }

    private void Emit(long step, params (string Key, double Value)[] values)
    {
        var now = DateTimeOffset.UtcNow;
        observer.OnMetrics(values.Select(value => new MetricPoint(step, value.Key, value.Value, now)).ToList());
    }

    private TrainingResult Finish(TrainingOutcome outcome, string? failureReason = null)
    {
        if (failureReason is not null) observer.OnMessage(failureReason);
        return new TrainingResult(outcome, failureReason, CompletedSteps, LatestMetrics);
    }

    private (TextClassifierModel, ITextTokenizer) SetupModel() =>
        (FineTuneSetup.CreateModel(config, job.Labels.Count, device), FineTuneSetup.Definition(config).CreateTokenizer());

    // Weight decay applies to weight matrices and embeddings only; decaying biases and norm gains only hurts.
    private AdamW SetupOptimizer()
    {
        var decayed = trainableParameters.Where(parameter => parameter.dim() >= 2).ToList();
        var undecayed = trainableParameters.Where(parameter => parameter.dim() < 2).ToList();
        var groups = new List<AdamW.ParamGroup>
        {
            new(decayed, config.LearningRate, Beta1, Beta2, Epsilon, config.WeightDecay),
        };
        if (undecayed.Count > 0)
            groups.Add(new AdamW.ParamGroup(undecayed, config.LearningRate, Beta1, Beta2, Epsilon, weight_decay: 0));
        return torch.optim.AdamW(groups, config.LearningRate, Beta1, Beta2, Epsilon, config.WeightDecay);
    }

    private (TrainValidationSplit, Random) SetupData() =>
        (TrainValidationSplit.Create(job.Examples, config.ValidationFraction, config.Seed), new Random(config.Seed));

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}
