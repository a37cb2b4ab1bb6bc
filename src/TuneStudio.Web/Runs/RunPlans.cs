using TuneStudio.Engine;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

// What a config will train on a data set, known before the run starts. Builds the model, so callers run it
// off the circuit thread.
public static class RunPlans
{
    public static (FineTunePlan? Plan, string? Problem) Describe(TrainingConfig config, DatasetSummary? dataset)
    {
        var invalid = config.Validate();
        if (invalid.Count > 0) return (null, $"{invalid[0].Field}: {invalid[0].Message}");
        IReadOnlyList<string> labels = dataset is { Labels.Count: >= 2 } ? dataset.Labels : ["a", "b"];
        var trainExamples = dataset is null ? 0 : (int)(dataset.Rows * (1 - config.ValidationFraction));
        try
        {
            return (FineTunePlan.Describe(config, labels, trainExamples), null);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, e.Message);
        }
    }
}
