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

    /// <summary>The rows an epoch trains on: the stored split's train part, else what the validation fraction leaves
    /// (of the train part, for a split without validation rows).</summary>
    public static long TrainingRows(TrainingConfig config, DatasetVersionInfo? version, long rows) =>
        version?.Split is { } split
            ? split.Validation > 0 ? split.Train : (long)(split.Train * (1 - config.ValidationFraction))
            : (long)(rows * (1 - config.ValidationFraction));

    // trainingRows: when the caller knows the version's split; otherwise the validation fraction of all rows.
    public (FineTunePlan? Plan, string? Problem) Describe(TrainingConfig config, DatasetSummary? dataset, long? trainingRows = null)
    {
        var invalid = config.Validate(catalog);
        if (invalid.Count > 0) return (null, $"{invalid[0].Field}: {invalid[0].Message}");
        IReadOnlyList<string> labels = dataset is { Labels.Count: >= 2 } ? dataset.Labels : ["a", "b"];
        var trainExamples = (int)(trainingRows ?? (dataset is null ? 0 : TrainingRows(config, null, dataset.Rows)));
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

    // Measures two small batches and fits the memory line against half this machine's memory. The suggestion never
    // exceeds the training rows: a bigger batch only repeats the epoch's last batch.
    public BatchSizeAdvice FindBatchSize(TrainingConfig config, int labelCount, long trainingRows)
    {
        long budget = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
        var probe = BatchSizeFinder.Find(config, Math.Max(2, labelCount), budget, models: catalog);
        var suggestion = trainingRows > 0 ? (int)Math.Min(probe.BatchSize, trainingRows) : probe.BatchSize;
        // One unit for the three sizes, so they compare at a glance.
        static string Mib(long bytes) => ByteSize.Format(bytes, ByteUnit.MiB);
        var memory = $"half this machine's memory ({Mib(budget)}): about {Mib(probe.BytesPerExample)} per example on top of {Mib(probe.FixedBytes)}";
        var message = suggestion < probe.BatchSize
            ? $"Batch {suggestion:N0} takes every training row; {probe.BatchSize:N0} would fit in {memory}."
            : $"Batch {suggestion:N0} fits in {memory}.";
        return new BatchSizeAdvice(suggestion, probe.BatchSize, trainingRows, budget, probe.FixedBytes, probe.BytesPerExample, message);
    }
}

/// <summary>The batch size to use (capped at the training rows), the largest that fits, and the measured memory line.</summary>
public sealed record BatchSizeAdvice(int BatchSize, int FitsInMemory, long TrainingRows, long BudgetBytes, long FixedBytes, long BytesPerExample, string Message);
