using System.Collections.Concurrent;
using TuneStudio.Engine;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;

namespace TuneStudio.Web.Runs;

// What a config will train on a data set, known before the run starts. Builds the model, so callers run it off the
// circuit thread. Building a model draws from TorchSharp's global random generator, which a training run also
// draws from; plans are therefore remembered, so opening dialogs and run pages builds as few models as possible.
// One per studio, over its own catalogue (an imported model's plan needs it); the lock is process-wide, as torch's
// generator is.
public sealed class RunPlans(ModelCatalog catalog)
{
    private const int Remembered = 64;
    private readonly ConcurrentDictionary<string, (FineTunePlan? Plan, string? Problem)> Known = new();
    private static readonly Lock OneAtATime = new();

    public (FineTunePlan? Plan, string? Problem) Describe(TrainingConfig config, DatasetSummary? dataset)
    {
        var invalid = config.Validate(catalog);
        if (invalid.Count > 0) return (null, $"{invalid[0].Field}: {invalid[0].Message}");
        IReadOnlyList<string> labels = dataset is { Labels.Count: >= 2 } ? dataset.Labels : ["a", "b"];
        var trainExamples = dataset is null ? 0 : (int)(dataset.Rows * (1 - config.ValidationFraction));
        var key = $"{labels.Count}|{trainExamples}|{RunConfigJson.Serialize(config)}";
        if (Known.TryGetValue(key, out var known)) return known;

        lock (OneAtATime)
        {
            if (Known.TryGetValue(key, out known)) return known;
            (FineTunePlan?, string?) answer;
            try
            {
                answer = (FineTunePlan.Describe(config, labels, trainExamples, catalog), null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                answer = (null, e.Message);
            }
            if (Known.Count >= Remembered) Known.Clear();
            Known[key] = answer;
            return answer;
        }
    }
}
