using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Security;

// Refuses a run whose estimated memory is above TuneStudio:Limits:MaxRunMemoryBytes before it is queued, so one
// request cannot make the worker try to hold more than the machine has. The estimate starts from the plan preview's
// numbers (the run dialog shows them): every parameter as float32, plus a gradient and two optimizer moments for each
// trainable one, plus one batch's activations, taken as ActivationsPerInput floats for each input value of each
// example (tokens × the model's width for text, pixels × 3 for images). It is rough by design, there to stop absurd
// requests; "Find the largest batch" measures what really fits.
public sealed class RunMemoryLimit(RunPlans plans, ModelCatalog catalog, IOptions<StudioLimits> limits)
{
    public const int ActivationsPerInput = 64;

    public static long Estimate(long totalParameters, long trainableParameters, int batchSize, long inputValuesPerExample) =>
        4 * totalParameters + 12 * trainableParameters + 4L * batchSize * inputValuesPerExample * ActivationsPerInput;

    // Null when the run fits (or when no plan can be made: the run then fails as it would have, with its reason).
    public FieldError? Check(TrainingConfig config, DatasetSummary dataset)
    {
        var (plan, _) = plans.Describe(config, dataset);
        if (plan is null || catalog.Find(config.Model) is not { } model) return null;
        long inputs = model.ImageSize > 0
            ? 3L * (config.ImageSize ?? model.ImageSize) * (config.ImageSize ?? model.ImageSize)
            : (long)config.MaxSequenceLength * (catalog.FindDefinition(config.Model)?.NarrowestLinearWidth ?? 256);
        var bytes = Estimate(plan.TotalParameters, plan.TrainableParameters, config.BatchSize, inputs);
        var limit = limits.Value.RunMemoryBytes;
        return bytes <= limit
            ? null
            : new FieldError("batchSize",
                $"This run needs about {StudioLimits.Format(bytes)} ({plan.TotalParameters:N0} parameters, {plan.TrainableParameters:N0} trained, batches of {config.BatchSize:N0}), " +
                $"above this studio's limit of {StudioLimits.Format(limit)} (TuneStudio:Limits:MaxRunMemoryBytes). Lower the batch size, the sequence length or image size, or train fewer parameters.");
    }
}
