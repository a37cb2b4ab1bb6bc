using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Tests.Support;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Tasks;

// The registry is the only way the engine knows a task: a task that exists only in this test project trains end to
// end through the shared recipe, with metrics the recipe has never heard of.
public sealed class TaskRegistryTests
{
    [Fact]
    public void A_task_defined_only_in_the_tests_registers_and_trains_through_the_recipe()
    {
        var catalog = new ModelCatalog(TaskRegistry.BuiltIn.With(new PointsTask()));
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = new TrainingConfig
        {
            Task = PointsTask.Name, Model = TinyTransformerDefinition.Id, Epochs = 4, BatchSize = 16, LearningRate = 0.05, Seed = 3,
            Schedule = ScheduleKind.Constant,
        };
        var job = new TaskJob(config, PointsTask.Rows(count: 240, seed: 11), PointsTask.Labels, directory.Path);

        var result = catalog.Tasks.Get(PointsTask.Name).Train(job, catalog, observer, CancellationToken.None);

        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        var losses = observer.Values("train/loss");
        Assert.True(losses.TakeLast(5).Average() < losses.Take(5).Average() / 2, $"losses {losses[0]:F3} … {losses[^1]:F3}");
        // One evaluation per epoch, under the task's own key; a line through the origin separates the classes.
        var hitRates = observer.Values(PointsTask.HitRate);
        Assert.Equal(config.Epochs, hitRates.Count);
        Assert.True(hitRates[^1] > 0.9, $"hit rate {hitRates[^1]:F3}");
        Assert.Contains(observer.Messages, message => message.StartsWith("Epoch 4/4:", StringComparison.Ordinal) && message.Contains(PointsTask.HitRate, StringComparison.Ordinal));
        Assert.NotEmpty(observer.Checkpoints);
        // The examples reported before the first step are the ones that trained: every row on one side, and one loss
        // per batch of 16 training examples each epoch.
        var (train, validation) = observer.Examples!.Value;
        Assert.Equal(240, train + validation);
        Assert.Equal(config.Epochs * ((train + 15) / 16), losses.Count);
        Assert.Null(TaskRegistry.BuiltIn.Find(PointsTask.Name));
    }

    [Fact]
    public void A_config_naming_a_task_no_registry_has_is_refused_on_its_task_field()
    {
        var errors = new TrainingConfig { Task = PointsTask.Name }.Validate();

        var error = Assert.Single(errors);
        Assert.Equal("task", error.Field);
        Assert.Contains(TaskNames.TextClassification, error.Message);
    }

    [Fact]
    public void A_task_name_is_registered_once()
    {
        Assert.Throws<InvalidOperationException>(() => TaskRegistry.BuiltIn.With(new PointsTask()).With(new PointsTask()));
    }

    // Points in the plane, "above" or "below" the line x + y = 0; a linear layer learns it.
    private sealed class PointsTask : ITrainingTask
    {
        public const string Name = "test-points";
        public const string HitRate = "val/hit_rate";
        public static readonly IReadOnlyList<string> Labels = ["above", "below"];

        public TaskDescription Description { get; } = new()
        {
            Name = PointsTask.Name,
            Title = "Points",
            Metrics = [new("val/loss", "Validation loss", MetricMode.Min), new(HitRate, "Hit rate", MetricMode.Max)],
            HeadlineMetric = HitRate,
            Charts = [new TaskChart("Hit rate", [HitRate])],
            ExportFormats = [],
            UnfitReason = "never",
        };

        public static IReadOnlyList<TaskRow> Rows(int count, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(_ =>
            {
                var (x, y) = (random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1);
                return new TaskRow(string.Create(CultureInfo.InvariantCulture, $"{x} {y}"), x + y > 0 ? "above" : "below");
            }).ToList();
        }

        public bool Fits(ModelDefinition model) => true;

        public TrainingResult Train(TaskJob job, ModelCatalog models, ITrainingObserver observer, CancellationToken cancellationToken, string? resumeFrom = null)
        {
            static PointExample Example(TaskRow row)
            {
                var xy = row.Text.Split(' ').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();
                return new PointExample(xy[0], xy[1], row.Label == "above" ? 0 : 1);
            }
            var typed = new PointsJob(job.Config, job.Train.Select(Example).ToList(), job.Labels, job.CheckpointRoot) { Models = models };
            return TrainingRecipe.Run(typed, (j, device, _) => new PointsRecipeTask(device), observer, cancellationToken, TrainingFaults.None);
        }

        public nn.Module CreateModel(TrainingConfig config, int labelCount, ModelCatalog models, Device? device = null, string? initialWeights = null, bool pretrained = true) => new PointsModel();

        public TaskProbe CreateProbe(TrainingConfig config, int labelCount, ModelCatalog models, Device device) =>
            TaskProbe.Of(new PointsRecipeTask(device), i => new PointExample(i, -i, i % 2));

        public void Export(string format, string checkpointDirectory, string folder, ModelCatalog models, bool merged = true) =>
            throw new NotSupportedException("Points export nowhere.");
    }

    private sealed record PointExample(float X, float Y, int Label) : ILabelledExample;

    private sealed record PointsJob(TrainingConfig Config, IReadOnlyList<PointExample> Examples, IReadOnlyList<string> Labels, string CheckpointRoot)
        : TrainingJob<PointExample>(Config, Examples, Labels, CheckpointRoot);

    private sealed class PointsModel : nn.Module<Tensor, Tensor>, IFineTunableModel
    {
        private readonly Linear classifier = nn.Linear(2, 2);

        public PointsModel() : base(nameof(PointsModel)) => RegisterComponents();

        public IReadOnlyList<nn.Module> EncoderBlocks => [];

        public nn.Module ClassifierHead => classifier;

        public override Tensor forward(Tensor input) => classifier.forward(input);
    }

    private sealed class PointsRecipeTask(Device device) : IRecipeTask<PointExample>
    {
        private readonly PointsModel model = new();

        public nn.Module Model => model;

        public IFineTunableModel Layout => model;

        public string Fingerprint(IReadOnlyList<PointExample> examples, IReadOnlyList<string> labels) =>
            Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                string.Join(";", examples.Select(example => string.Create(CultureInfo.InvariantCulture, $"{example.X},{example.Y},{example.Label}"))))));

        public void SetTrainingMode() => model.train();

        public Tensor Loss(TrainingBatch<PointExample> batch)
        {
            var (inputs, labels) = Tensors(batch.Examples);
            return nn.functional.cross_entropy(model.forward(inputs), labels);
        }

        public Dictionary<string, double> Evaluate(IReadOnlyList<PointExample> validation)
        {
            model.eval();
            using var _ = no_grad();
            using var scope = NewDisposeScope();
            var (inputs, labels) = Tensors(validation);
            var logits = model.forward(inputs);
            return new Dictionary<string, double>
            {
                ["val/loss"] = nn.functional.cross_entropy(logits, labels).item<float>(),
                [PointsTask.HitRate] = logits.argmax(1).eq(labels).to(ScalarType.Float32).mean().item<float>(),
            };
        }

        private (Tensor Inputs, Tensor Labels) Tensors(IReadOnlyList<PointExample> examples) =>
            (tensor(examples.SelectMany(example => new[] { example.X, example.Y }).ToArray(), [examples.Count, 2], device: device),
             tensor(examples.Select(example => (long)example.Label).ToArray(), device: device));

        public void Dispose() => model.Dispose();
    }
}
