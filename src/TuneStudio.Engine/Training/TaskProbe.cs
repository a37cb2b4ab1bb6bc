using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// A config's recipe task, built as a run of that task builds it (the task's model, head and preprocessing), fed
// made-up worst-case examples instead of data (each task's CreateProbe says which: inputs of the full
// MaxSequenceLength, full-size RGB images at the run's ImageSize). The batch-size finder measures its training steps.
public sealed class TaskProbe : IDisposable
{
    private readonly IDisposable task;
    private readonly Func<int, Tensor> loss;

    private TaskProbe(IDisposable task, nn.Module model, Models.IFineTunableModel layout, Action setTrainingMode, Func<int, Tensor> loss)
    {
        this.task = task;
        this.loss = loss;
        Model = model;
        Layout = layout;
        SetTrainingMode = setTrainingMode;
    }

    public nn.Module Model { get; }

    public Models.IFineTunableModel Layout { get; }

    public Action SetTrainingMode { get; }

    // The mean training loss of batchSize worst-case examples, with its graph.
    public Tensor Loss(int batchSize) => loss(batchSize);

    // The probe of a recipe task: example(i) makes the i-th worst-case example.
    internal static TaskProbe Of<TExample>(IRecipeTask<TExample> task, Func<int, TExample> example) =>
        new(task, task.Model, task.Layout, task.SetTrainingMode, batchSize =>
        {
            var indices = Enumerable.Range(0, batchSize).ToList();
            return task.Loss(new TrainingBatch<TExample>(indices.Select(example).ToList(), indices, Epoch: 1));
        });

    // Labels for a probe's job: only their number matters.
    internal static IReadOnlyList<string> Labels(int labelCount) => Enumerable.Range(0, labelCount).Select(i => $"label-{i}").ToList();

    public void Dispose() => task.Dispose();
}
