using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// A config's recipe task, built as a run of that task builds it (the task's model, head and preprocessing), with
// made-up worst-case examples instead of data: inputs of the full MaxSequenceLength (text, tokens) or full-size RGB
// images at the run's ImageSize. The batch-size finder measures its training steps. The config's Task picks the
// task (the studio sets it from the dataset).
internal sealed class TaskProbe : IDisposable
{
    private const string ProbeWord = "example";
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

    public static TaskProbe For(TrainingConfig config, int labelCount, Device device)
    {
        IReadOnlyList<string> labels = Enumerable.Range(0, labelCount).Select(i => $"label-{i}").ToList();
        var words = Enumerable.Repeat(ProbeWord, config.MaxSequenceLength).ToList();
        switch (config.Task)
        {
            case TrainingTask.ImageClassification:
                var image = new ImageClassificationTask(new ImageTrainingJob(config, [], labels, ""), device, initialWeights: null);
                var pixels = new byte[image.ImageSize * image.ImageSize * 3];
                return Of(image, i => new ImageExample(pixels, image.ImageSize, image.ImageSize, 3, i % labelCount));
            case TrainingTask.TokenClassification:
                var tags = new int[words.Count];
                return Of(new TokenClassificationTask(new TokenTrainingJob(config, [], labels, ""), device, initialWeights: null),
                    i => new TokenExample(words, tags, i % labelCount));
            default:
                var text = string.Join(' ', words);
                return Of(new TextClassificationTask(new TrainingJob(config, [], labels, ""), device, initialWeights: null),
                    i => new TextExample(text, i % labelCount));
        }
    }

    private static TaskProbe Of<TExample>(IRecipeTask<TExample> task, Func<int, TExample> example) =>
        new(task, task.Model, task.Layout, task.SetTrainingMode, batchSize =>
        {
            var indices = Enumerable.Range(0, batchSize).ToList();
            return task.Loss(new TrainingBatch<TExample>(indices.Select(example).ToList(), indices, Epoch: 1));
        });

    public void Dispose() => task.Dispose();
}
