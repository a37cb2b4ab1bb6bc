using TorchSharp;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Training;

// What a config will train, known before a run starts: parameter counts, the optimizer steps, the learning-rate
// curve and, for gradual unfreezing, when each block joins.
public sealed record FineTunePlan(
    long TrainableParameters,
    long TotalParameters,
    long TotalSteps,
    int StepsPerEpoch,
    IReadOnlyList<UnfreezeStage> UnfreezeTimeline,
    LearningRateSchedule Schedule)
{
    // trainExamples: how many examples the training side of the split will hold (the web knows the data set's
    // size; the split gives validation ValidationFraction of each label, so Count × (1 − fraction) is close).
    // Without it the counts are right but steps, the schedule and the unfreeze timeline are empty.
    public static FineTunePlan Describe(TrainingConfig config, IReadOnlyList<string> labels, int trainExamples = 0, ModelCatalog? models = null)
    {
        TorchRuntime.Configure();
        return TorchRuntime.PreservingRandomState(() => Build(config, labels, trainExamples, models ?? ModelCatalog.BuiltIn));
    }

    private static FineTunePlan Build(TrainingConfig config, IReadOnlyList<string> labels, int trainExamples, ModelCatalog models)
    {
        // Counting needs the shapes only: no pre-trained weights are read where the task can skip them.
        using var module = models.Tasks.Get(config.Task).CreateModel(config, Math.Max(1, labels.Count), models, pretrained: false);
        var model = (IFineTunableModel)module;
        var total = model.parameters().Sum(parameter => parameter.numel());
        var stepsPerEpoch = TrainingRecipe.StepsPerEpoch(config, trainExamples);
        var totalSteps = (long)stepsPerEpoch * config.Epochs;
        var schedule = LearningRateSchedule.For(config, totalSteps);

        long Trainable() => model.parameters().Where(parameter => parameter.requires_grad).Sum(parameter => parameter.numel());
        var timeline = new List<UnfreezeStage>();
        if (config.Method == FineTuneMethod.GradualUnfreeze)
        {
            var stages = new GradualUnfreezeTimeline(model.EncoderBlocks.Count, config.UnfreezeEvery, config.UnfreezeUnit, stepsPerEpoch).Stages(totalSteps);
            foreach (var (step, blocks) in stages)
            {
                LayerFreezer.UnfreezeTopBlocks(model, blocks);
                timeline.Add(new UnfreezeStage(step, blocks, Trainable()));
            }
            LayerFreezer.TrainHeadOnly(model);
        }

        return new FineTunePlan(Trainable(), total, totalSteps, stepsPerEpoch, timeline, schedule);
    }
}

// From optimizer step Step on, the head and the top TrainableBlocks blocks train: TrainableParameters in all.
public sealed record UnfreezeStage(long Step, int TrainableBlocks, long TrainableParameters);
