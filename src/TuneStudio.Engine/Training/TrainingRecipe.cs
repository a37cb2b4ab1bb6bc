using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Checkpoints;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// The task-independent training loop, torchtune-recipe style: the constructor sets up the model (through the task),
// the optimizer, the schedule and the data (or restores them from a checkpoint); Train() runs the loop. A task
// (IRecipeTask: text classification, image classification) only turns examples into a loss and validation metrics.
//
// Supports: the methods Full, Freeze (top N blocks or name patterns), BitFit, HeadOnly and GradualUnfreeze for any
// task, LoRA where the task's model has it (text); AdamW, Adam or SGD (momentum, Nesterov) with weight decay that
// skips biases and norm weights; discriminative learning rates (layer-wise decay, head rate) as parameter groups;
// constant, linear, cosine and one-cycle schedules with linear warm-up, as pure functions of the step; gradient
// accumulation; clipping by global norm (the norm is logged every step); label smoothing (the task's loss); a guard
// that skips steps with a non-finite loss or gradient and fails the run after too many in a row; early stopping
// with keep-best; checkpoints every N steps and/or each epoch with keep-last/keep-best retention; a fork from any
// checkpoint's weights; and exact resume: weights, optimizer state, torch's RNG, the data position, the guard's and
// early stopping's state are all in the checkpoint, and anything random a task draws per example must be a pure
// function of (seed, epoch, index), so a resumed run's losses and weights are bit-identical to an uninterrupted
// one's on the CPU (one run uses torch at a time: its generator is process-wide).
// bfloat16 forward and backward with float32 master weights where the task supports it (the task's MixedPrecision).
// Does not support: float16, multiple devices, evaluation more often than once per epoch.
internal sealed partial class TrainingRecipe<TExample> : IDisposable
    where TExample : ILabelledExample
{
    private readonly TrainingJob<TExample> job;
    private readonly TrainingConfig config;
    private readonly ITrainingObserver observer;
    private readonly TrainingFaults faults;
    private readonly Device device;
    private readonly IRecipeTask<TExample> task;
    private readonly IReadOnlyList<ParameterGroup> groups;
    private readonly OptimizerHelper optimizer;
    private readonly TrainValidationSplit<TExample> data;
    private readonly int stepsPerEpoch;
    private readonly LearningRateSchedule schedule;
    private readonly GradualUnfreezeTimeline? unfreezing;
    private readonly EarlyStopping earlyStopping;
    private readonly MixedPrecision precision;
    private readonly string datasetHash;
    private TrainingProgress progress = new();
    private long lastCheckpointStep = -1;
    private bool frozenWeightsOmitted;

    public TrainingRecipe(TrainingJob<TExample> job, RecipeTaskFactory<TExample> createTask,
        ITrainingObserver observer, TrainingFaults faults, string? resumeFrom = null)
    {
        this.job = job;
        this.observer = observer;
        this.faults = faults;
        config = job.Config;
        TorchRuntime.Configure();
        device = TorchRuntime.TorchDevice;

        // Model first, right after seeding, so its initial weights depend on the seed alone.
        lock (TorchRuntime.RandomGenerator)
        {
            torch.manual_seed(config.Seed);
            task = createTask(job, device, resumeFrom is null ? job.InitialWeights : null);
        }
        TorchRuntime.ReturnFreeMemory();
        groups = OptimizerSetup.Groups(task.Layout, config, WillTrain);
        optimizer = OptimizerSetup.Create(groups, config);
        data = job.ValidationExamples is { Count: > 0 } validation
            ? new TrainValidationSplit<TExample>(job.Examples, validation)
            : TrainValidationSplit.Create(job.Examples, config.ValidationFraction, config.Seed);
        stepsPerEpoch = TrainingRecipe.StepsPerEpoch(config, data.Train.Count);
        schedule = LearningRateSchedule.For(config, (long)stepsPerEpoch * config.Epochs);
        unfreezing = config.Method == FineTuneMethod.GradualUnfreeze
            ? new GradualUnfreezeTimeline(task.Layout.EncoderBlocks.Count, config.UnfreezeEvery, config.UnfreezeUnit, stepsPerEpoch)
            : null;
        datasetHash = task.Fingerprint([.. job.Examples, .. job.ValidationExamples ?? []], job.Labels);
        frozenWeightsOmitted = CheckpointModel.OmitsFrozenWeights(config, job.InitialWeights);
        earlyStopping = resumeFrom is null ? new EarlyStopping(config.EarlyStopping) : Restore(resumeFrom);
        precision = task.Precision;
        if (precision.Kind != config.Precision)
            throw new InvalidOperationException($"This task trains in {precision.Kind.ToString().ToLowerInvariant()} only; choose precision float32.");
        if (precision.Kind == PrecisionKind.Bfloat16) observer.OnMessage(PrecisionSupport.Bfloat16Notice(device));

        var total = task.Model.parameters().Sum(parameter => parameter.numel());
        var trainable = groups.Sum(group => group.Parameters.Sum(parameter => parameter.numel()));
        observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"Training on {TorchRuntime.DeviceName}: {trainable:N0} of {total:N0} parameters trainable ({config.Method}, {config.Model})"));
        if (FineTuneSetup.CheckpointedLayers(task.Model) is > 0 and var layers)
            observer.OnMessage($"Gradient checkpointing: {layers} encoder layers keep only their input and are recomputed in the backward.");
        observer.OnExamples(data.Train.Count, data.Validation.Count);
        if (data.HeldOut is { } heldOut) observer.OnValidationRows(heldOut);
        observer.OnMessage(string.Create(CultureInfo.InvariantCulture,
            $"{data.Train.Count:N0} training and {data.Validation.Count:N0} validation examples; {schedule.TotalSteps:N0} steps over {config.Epochs} epochs{(resumeFrom is null ? "" : $"; resuming after step {progress.Step}")}"));
    }

    public long CompletedSteps => progress.Step;

    public IReadOnlyDictionary<string, double> LatestMetrics { get; private set; } = new Dictionary<string, double>();

    public TrainingResult Train(CancellationToken cancellationToken)
    {
        task.SetTrainingMode();
        for (var epoch = progress.Epoch; epoch <= config.Epochs; epoch++)
        {
            var steps = EpochSteps(epoch);
            for (var index = progress.StepInEpoch; index < steps.Count; index++)
            {
                if (cancellationToken.IsCancellationRequested) return Finish(TrainingOutcome.Cancelled);

                var step = progress.Step + 1;
                if (unfreezing is not null) LayerFreezer.UnfreezeTopBlocks(task.Layout, unfreezing.TrainableBlocksAt(step, epoch));
                var learningRate = schedule.At(step);
                var clock = Stopwatch.StartNew();
                var result = TrainStep(steps[index], step, learningRate);
                progress = progress with
                {
                    Step = step, Epoch = epoch, StepInEpoch = index + 1,
                    SkippedSteps = progress.SkippedSteps + (result.Skipped ? 1 : 0),
                    ConsecutiveSkippedSteps = result.Skipped ? progress.ConsecutiveSkippedSteps + 1 : 0,
                };
                if (result.Skipped)
                {
                    Emit(step, ("train/skipped_steps", progress.SkippedSteps), ("train/lr", learningRate));
                    observer.OnMessage($"Skipped step {step}: {(double.IsFinite(result.Loss) ? "gradient norm" : "loss")} was not finite");
                    if (progress.ConsecutiveSkippedSteps >= config.MaxConsecutiveSkippedSteps)
                        return Finish(TrainingOutcome.Failed,
                            $"{progress.ConsecutiveSkippedSteps} steps in a row had a non-finite loss or gradient (last at step {step})");
                }
                else
                {
                    Emit(step, ("train/loss", result.Loss), ("train/lr", learningRate), ("train/grad_norm", result.GradientNorm),
                        ("train/samples_per_sec", result.Examples / clock.Elapsed.TotalSeconds));
                }

                var endOfEpoch = index + 1 == steps.Count;
                if (!endOfEpoch && config.Checkpoints.EverySteps > 0 && step % config.Checkpoints.EverySteps == 0)
                    SaveCheckpoint(epochCompleted: false);
            }

            if (cancellationToken.IsCancellationRequested) return Finish(TrainingOutcome.Cancelled);
            EndEpoch(epoch);
            if (earlyStopping.ShouldStop)
            {
                observer.OnMessage($"Early stopping after epoch {epoch}: {config.EarlyStopping.Metric} has not improved for {config.EarlyStopping.Patience} evaluations");
                break;
            }
        }

        // A finished run always ends with a checkpoint of its final weights, whatever the policy, so it can be exported.
        if (lastCheckpointStep != progress.Step) SaveCheckpoint(epochCompleted: true);
        RestoreBestIfAsked();
        return Finish(TrainingOutcome.Completed);
    }

    // One optimizer step over its micro-batches; every tensor it makes is freed when it returns. Each micro-batch's
    // mean loss is weighted by its share of the step's examples, so the update equals one big batch's.
    private StepResult TrainStep(IReadOnlyList<TrainingBatch<TExample>> microBatches, long step, double learningRate)
    {
        // Dropout draws from torch's shared generator: nothing else may draw in the middle of a step.
        lock (TorchRuntime.RandomGenerator) return TrainStepHoldingGenerator(microBatches, step, learningRate);
    }

    // The one place an optimizer step happens: forward and backward per micro-batch, the guard, clipping, the update.
    private StepResult TrainStepHoldingGenerator(IReadOnlyList<TrainingBatch<TExample>> microBatches, long step, double learningRate)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        precision.BeginStep();
        var examples = microBatches.Sum(batch => batch.Examples.Count);
        var lossSum = 0.0;
        foreach (var batch in microBatches)
        {
            var loss = task.Loss(batch);
            if (faults.NanLossAt(step)) loss = loss * double.NaN;

            var value = loss.item<float>();
            if (!float.IsFinite(value)) return Skip(value, double.NaN, examples);
            (loss * ((double)batch.Examples.Count / examples)).backward();
            lossSum += (double)value * batch.Examples.Count;
        }

        precision.GradientsToMasters();
        var gradientNorm = ClipGradients();
        if (!double.IsFinite(gradientNorm)) return Skip(lossSum / examples, gradientNorm, examples);
        OptimizerSetup.SetLearningRate(optimizer, groups, learningRate);
        optimizer.step();
        precision.WeightsFromMasters();
        return new StepResult(lossSum / examples, gradientNorm, examples, Skipped: false);
    }

    private StepResult Skip(double loss, double gradientNorm, int examples)
    {
        optimizer.zero_grad();
        return new StepResult(loss, gradientNorm, examples, Skipped: true);
    }

    // The global norm before clipping. Without clipping, a max norm of +inf only measures (the factor is exactly 1).
    private double ClipGradients()
    {
        var withGradients = groups.SelectMany(group => group.Parameters).Where(parameter => parameter.requires_grad && parameter.grad is not null).ToList();
        if (withGradients.Count == 0) return 0;
        return nn.utils.clip_grad_norm_(withGradients, config.GradientClipNorm > 0 ? config.GradientClipNorm : double.PositiveInfinity);
    }

    private void EndEpoch(int epoch)
    {
        var metrics = Evaluate();
        Emit(progress.Step, metrics.Select(metric => (metric.Key, metric.Value)).ToArray());
        LatestMetrics = metrics;
        // Whatever the task reports, in its order: the loop knows no metric by name.
        var listed = metrics.Select(metric => string.Create(CultureInfo.InvariantCulture, $"{metric.Key} {metric.Value:F4}"));
        observer.OnMessage($"Epoch {epoch}/{config.Epochs}: {string.Join(", ", listed)}");

        var watched = metrics.GetValueOrDefault(config.EarlyStopping.Metric, double.NaN);
        var improved = earlyStopping.Observe(watched);
        var keepBest = config.EarlyStopping.Enabled && config.EarlyStopping.KeepBest;
        progress = progress with { Epoch = epoch + 1, StepInEpoch = 0 };
        var name = CheckpointFiles.Name(epoch, progress.Step);
        if (keepBest && improved) progress = progress with { BestCheckpoint = name, BestMetrics = metrics };
        // Keep-best needs every evaluation's weights on disk until a better one comes.
        if (config.Checkpoints.EachEpoch || keepBest ||
            (config.Checkpoints.EverySteps > 0 && progress.Step % config.Checkpoints.EverySteps == 0))
            SaveCheckpoint(epochCompleted: true);
    }

    private Dictionary<string, double> Evaluate()
    {
        try
        {
            return task.Evaluate(data.Validation);
        }
        finally
        {
            task.SetTrainingMode();
        }
    }

    // The epoch's optimizer steps, each a list of micro-batches, in the order DataOrder fixes for (seed, epoch).
    private List<IReadOnlyList<TrainingBatch<TExample>>> EpochSteps(int epoch) =>
        DataOrder.ForEpoch(config.Seed, epoch, data.Train.Count)
            .Chunk(config.BatchSize)
            .Select(indices => new TrainingBatch<TExample>(indices.Select(index => data.Train[index]).ToList(), indices, epoch))
            .Chunk(config.GradientAccumulationSteps)
            .Select(step => (IReadOnlyList<TrainingBatch<TExample>>)step)
            .ToList();

    // Parameters that train at some point: all trainable now, plus the blocks gradual unfreezing will add.
    private bool WillTrain(string name, Parameter parameter) =>
        parameter.requires_grad ||
        (config.Method == FineTuneMethod.GradualUnfreeze && task.Layout.EncoderBlocks.Any(block => block.parameters().Any(p => p.Handle == parameter.Handle)));

    private void Emit(long step, params (string Key, double Value)[] values)
    {
        var now = DateTimeOffset.UtcNow;
        observer.OnMetrics(values.Select(value => new MetricPoint(step, value.Key, value.Value, now)).ToList());
    }

    private TrainingResult Finish(TrainingOutcome outcome, string? failureReason = null)
    {
        if (failureReason is not null) observer.OnMessage(failureReason);
        var metrics = new Dictionary<string, double>(LatestMetrics) { ["train/skipped_steps"] = progress.SkippedSteps };
        return new TrainingResult(outcome, failureReason, progress.Step, metrics);
    }

    public void Dispose()
    {
        optimizer.Dispose();
        task.Dispose();
    }
}
