namespace TuneStudio.Storage;

internal static class CollectionNames
{
    public const string Datasets = "datasets";
    public const string DatasetVersions = "dataset_versions";
    public const string RowPages = "row_pages";
    public const string VersionPages = "version_pages";
    public const string VersionSplits = "version_splits";
    public const string PendingImports = "pending_imports";
    public const string ImportRejections = "import_rejections";
    public const string Runs = "runs";
    public const string Checkpoints = "checkpoints";
    public const string Metrics = "metrics";
    public const string SupersededMetrics = "metrics_superseded";
    public const string RunValidationRows = "run_validation_rows";
    public const string Evaluations = "evaluations";
    // One collection per completed evaluation ("evaluation_examples_ev_3f9a0c1e"): its indexes page 70,000
    // predictions by loss or confidence without reading the others, and dropping it removes them at once.
    public const string EvaluationExamplesPrefix = "evaluation_examples_";
}
