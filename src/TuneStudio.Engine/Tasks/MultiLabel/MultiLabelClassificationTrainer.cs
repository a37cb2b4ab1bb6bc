using System.Text.Json.Nodes;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tasks.MultiLabel;

// A multi-label job: texts with any number of classes each; Labels are the class names.
public sealed record MultiLabelTrainingJob(TrainingConfig Config, IReadOnlyList<MultiLabelExample> Examples, IReadOnlyList<string> Labels, string CheckpointRoot)
    : TrainingJob<MultiLabelExample>(Config with { Task = TaskNames.MultiLabelClassification }, Examples, Labels, CheckpointRoot);

// Multi-label text classification: the shared TrainingRecipe with MultiLabelClassificationTask. Same promises as
// TextClassificationTrainer (synchronous, never throws for training problems, exact resume); in addition every
// checkpoint folder gets thresholds.json with the per-label thresholds tuned at the latest evaluation
// (MultiLabelThresholds). The file is written as the checkpoint is reported, beside the recipe's atomic files rather
// than among them, so the shared recipe needs nothing task-specific; a keep-best checkpoint gets the best
// evaluation's file.
public static class MultiLabelClassificationTrainer
{
    public const string ProblemType = "multi_label_classification";
    public const string ThresholdsKey = "tunestudio_thresholds";

    public static TrainingResult Run(MultiLabelTrainingJob job, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var thresholds = new ThresholdRecorder(observer, job.CheckpointRoot, job.Labels, MultiLabelThresholds.Defaults(job.Labels));
        return TrainingRecipe.Run(job, thresholds.CreateTask, thresholds, cancellationToken, TrainingFaults.None);
    }

    // Continues the run that wrote checkpointDirectory; its thresholds carry on until the next evaluation.
    public static TrainingResult Resume(MultiLabelTrainingJob job, string checkpointDirectory, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        var thresholds = new ThresholdRecorder(observer, job.CheckpointRoot, job.Labels, MultiLabelThresholds.Read(checkpointDirectory, job.Labels));
        return TrainingRecipe.Resume(job, checkpointDirectory, thresholds.CreateTask, thresholds, cancellationToken, TrainingFaults.None);
    }

    // A Hugging Face BertForSequenceClassification folder (PretrainedExport: LoRA merged in, tokenizer files, the
    // mean-pooling note) with "problem_type": "multi_label_classification" and the checkpoint's tuned thresholds under
    // "tunestudio_thresholds" in config.json. Always the full model: PEFT's adapter config has no place for either.
    public static void ExportHuggingFace(string checkpointDirectory, string targetDirectory, ModelCatalog? models = null)
    {
        var state = CheckpointReader.ReadState(checkpointDirectory);
        if (state.Config.Task != TaskNames.MultiLabelClassification)
            throw new ArgumentException($"{Path.GetFileName(checkpointDirectory)} is a {state.Config.Task} checkpoint, not a multi-label one.");
        var thresholds = MultiLabelThresholds.Read(checkpointDirectory, state.Labels);
        PretrainedExport.ExportHuggingFace(checkpointDirectory, targetDirectory, merged: true, models, (config, _) =>
        {
            config["problem_type"] = ProblemType;
            config[ThresholdsKey] = thresholds.ToJson();
        });
    }

    // Passes everything on; snapshots the task's thresholds at each evaluation (its val/ points) and writes them into
    // each checkpoint before reporting it.
    private sealed class ThresholdRecorder(ITrainingObserver inner, string checkpointRoot, IReadOnlyList<string> labels, MultiLabelThresholds initial) : ITrainingObserver
    {
        private MultiLabelClassificationTask? task;
        private MultiLabelThresholds current = initial;

        public IRecipeTask<MultiLabelExample> CreateTask(TrainingJob<MultiLabelExample> job, TorchSharp.torch.Device device, string? initialWeights) =>
            task = new MultiLabelClassificationTask(job, device, initialWeights);

        public void OnMetrics(IReadOnlyList<MetricPoint> points)
        {
            if (task?.TunedThresholds is { } tuned && points.FirstOrDefault(point => point.Key == "val/loss") is { } evaluation)
                current = new MultiLabelThresholds(
                    labels.Select((label, index) => (label, index)).ToDictionary(pair => pair.label, pair => tuned[pair.index], StringComparer.Ordinal),
                    evaluation.Step);
            inner.OnMetrics(points);
        }

        public void OnExamples(int train, int validation) => inner.OnExamples(train, validation);

        public void OnValidationRows(IReadOnlyList<int> heldOutTrainRows) => inner.OnValidationRows(heldOutTrainRows);

        public void OnCheckpoint(CheckpointInfo checkpoint)
        {
            var state = CheckpointReader.ReadState(checkpoint.Directory);
            var bestSource = !state.Resumable && state.BestCheckpoint is { } best && best != checkpoint.Name
                ? Path.Combine(checkpointRoot, best, MultiLabelThresholds.FileName)
                : null;
            if (bestSource is not null && File.Exists(bestSource)) File.Copy(bestSource, Path.Combine(checkpoint.Directory, MultiLabelThresholds.FileName));
            else current.Write(checkpoint.Directory);
            inner.OnCheckpoint(checkpoint);
        }

        public void OnMessage(string message) => inner.OnMessage(message);
    }
}
