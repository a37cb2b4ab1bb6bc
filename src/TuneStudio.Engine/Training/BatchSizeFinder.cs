using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// What the probe measured and chose. Bytes are peak resident memory above the level before each probe step.
public sealed record BatchSizeProbe(int BatchSize, long BudgetBytes, long FixedBytes, long BytesPerExample, IReadOnlyList<(int BatchSize, long PeakBytes)> Measurements);

// Finds the largest batch whose training step fits a memory budget, for the config's task (TaskProbe: the run's own
// model, head and input pipeline over worst-case inputs: full-length texts or sentences, full-size images). On the CPU there is no out-of-memory error to
// catch in time (the kernel's OOM killer ends the process), so it measures instead: two real training steps
// (forward, backward, optimizer) at small batches of maximum-length inputs, peak RSS read from /proc after resetting
// the high-water mark, a line fitted through them, and the largest batch (a multiple of 8 when above 8) under the
// budget. An estimate: glibc may serve part of a step from memory it kept, so leave headroom in the budget.
// On CUDA the same line is fitted from torch's allocator would be the better source; not implemented (CPU only).
public static class BatchSizeFinder
{
    private const int SmallBatch = 4, LargerBatch = 16;

    public static BatchSizeProbe Find(TrainingConfig config, int labelCount, long memoryBudgetBytes, int maxBatchSize = 4096, ModelCatalog? models = null)
    {
        TorchRuntime.Configure();
        models ??= ModelCatalog.BuiltIn;
        return TorchRuntime.PreservingRandomState(() => Probe(config, labelCount, memoryBudgetBytes, maxBatchSize, models));
    }

    private static BatchSizeProbe Probe(TrainingConfig config, int labelCount, long memoryBudgetBytes, int maxBatchSize, ModelCatalog models)
    {
        torch.manual_seed(config.Seed);
        using var task = models.Tasks.Get(config.Task).CreateProbe(config, labelCount, models, CPU);
        task.SetTrainingMode();
        var groups = OptimizerSetup.Groups(task.Layout, config, (_, parameter) => parameter.requires_grad);
        using var optimizer = OptimizerSetup.Create(groups, config);

        Step(task, optimizer, SmallBatch); // first step allocates optimizer state: not per batch
        var small = PeakOfStep(task, optimizer, SmallBatch);
        var larger = PeakOfStep(task, optimizer, LargerBatch);
        var perExample = Math.Max(1, (larger - small) / (LargerBatch - SmallBatch));
        var fixedBytes = Math.Max(0, small - perExample * SmallBatch);

        var fits = (int)Math.Clamp((memoryBudgetBytes - fixedBytes) / perExample, 1, maxBatchSize);
        if (fits > 8) fits -= fits % 8;
        return new BatchSizeProbe(fits, memoryBudgetBytes, fixedBytes, perExample, [(SmallBatch, small), (LargerBatch, larger)]);
    }

    private static long PeakOfStep(TaskProbe task, optim.Optimizer optimizer, int batch)
    {
        GC.Collect();
        ResetPeak();
        var before = ReadStatus("VmRSS:");
        Step(task, optimizer, batch);
        return Math.Max(0, ReadStatus("VmHWM:") - before);
    }

    private static void Step(TaskProbe task, optim.Optimizer optimizer, int batch)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        task.Loss(batch).backward();
        optimizer.step();
    }

    // Writing 5 to clear_refs resets the peak (VmHWM) to the current RSS (Linux 4.0+).
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static long ReadStatus(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null) return 0;
        var kilobytes = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
