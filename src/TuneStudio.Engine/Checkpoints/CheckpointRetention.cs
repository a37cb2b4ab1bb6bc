namespace TuneStudio.Engine.Checkpoints;

// Keeps the last KeepLast checkpoints plus the KeepBest best by a metric (and any the caller protects, such as the
// keep-best checkpoint), deleting the rest rename-first. KeepLast 0 keeps everything. Returns the disk use left.
public static class CheckpointRetention
{
    public static long Apply(string root, CheckpointOptions options, IReadOnlyCollection<string> protectedNames)
    {
        var all = CheckpointFiles.List(root);
        if (options.KeepLast > 0)
        {
            var states = all.ToDictionary(directory => directory, CheckpointReader.ReadState);
            var keep = all.TakeLast(options.KeepLast).ToHashSet();
            var ranked = all
                .Where(directory => states[directory].Metrics.TryGetValue(options.BestMetric, out var value) && double.IsFinite(value))
                .OrderBy(directory => Score(states[directory].Metrics[options.BestMetric], options.BestMode))
                .Take(options.KeepBest);
            keep.UnionWith(ranked);
            foreach (var directory in all.Where(directory => !keep.Contains(directory) && !protectedNames.Contains(Path.GetFileName(directory))))
                CheckpointWriter.Delete(directory);
        }
        return DiskUse(root);
    }

    public static long DiskUse(string root) =>
        CheckpointFiles.List(root).Sum(directory => new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length));

    private static double Score(double value, MetricMode mode) => mode == MetricMode.Min ? value : -value;
}
