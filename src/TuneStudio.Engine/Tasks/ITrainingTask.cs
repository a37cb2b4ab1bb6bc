using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;

namespace TuneStudio.Engine.Tasks;

// A training task as a plug-in: one folder under Tasks/ and one line in TaskRegistry. The recipe loop, the studio's
// worker, validation, the plan preview, the batch finder and the pages ask the task instead of switching on its name.
public interface ITrainingTask
{
    TaskDescription Description { get; }

    string Name => Description.Name;

    // Whether a catalogue model can train this task (it has the encoder, tokenizer and head the task needs).
    bool Fits(ModelDefinition model);

    // Task-specific config rules, each naming its field as the API spells it ("precision", "augmentation").
    IEnumerable<ConfigError> Validate(TrainingConfig config, ModelDefinition model) => [];

    // Problems with the rows before anything is built (a row whose label is not in Labels, a malformed sentence),
    // each naming the row; the studio refuses to queue a run that has any.
    IEnumerable<string> CheckRows(IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels) => [];

    // Trains (or, with resumeFrom, continues) a job through TrainingRecipe. Synchronous; never throws for training
    // problems: returns Failed with the reason.
    TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null);

    // The run's model as a run of this task builds it (its head, a fork's initial weights, the method applied), on
    // device; pretrained: false skips reading pre-trained weights where only shapes matter (the plan preview's
    // counts). Checkpoint loading (export, fork, inference) builds through this, then loads the checkpoint's weights.
    TorchSharp.torch.nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, TorchSharp.torch.Device? device = null,
        string? initialWeights = null, bool pretrained = true);

    // The run's recipe task with made-up worst-case inputs, for the batch-size finder's measured steps.
    TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, TorchSharp.torch.Device device);

    // Writes a checkpoint in one of Description.ExportFormats to folder; NotSupportedException names what is not possible.
    void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true);

    // Whether Evaluate is implemented; the studio queues and accepts evaluations only for tasks that say so.
    bool Evaluates => false;

    // Scores a checkpoint of this task on rows under no_grad: the task's metrics, views and one prediction per row.
    // progress gets the fraction done after each batch; cancellation throws OperationCanceledException.
    Evaluation.EvaluationReport Evaluate(Evaluation.EvaluationJob job, ModelCatalog models, IProgress<double>? progress,
        CancellationToken cancellationToken, TorchSharp.torch.Device? device = null) =>
        throw new NotSupportedException($"The {Name} task cannot evaluate checkpoints yet.");
}
