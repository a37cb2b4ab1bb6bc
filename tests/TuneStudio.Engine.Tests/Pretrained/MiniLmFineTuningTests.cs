using System.Diagnostics;
using TorchSharp;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tests.Support;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

public class MiniLmFineTuningTests(ITestOutputHelper output)
{
    private const int MaxLength = 16, BatchSize = 32, Epochs = 2;
    private static readonly LoraOptions Lora = new() { Rank = 8, Alpha = 16, TargetModules = ["query", "value"] };

    [Fact]
    public void LoRA_on_pretrained_MiniLM_beats_a_random_encoder_with_the_same_head_and_budget()
    {
        var (train, validation) = Split();
        var definition = new MiniLmDefinition();
        var tokenizer = definition.CreateTokenizer();

        var clock = Stopwatch.StartNew();
        double pretrained, random;
        using (var model = definition.CreateModel(labelCount: 2))
            pretrained = TrainAndValidate(model, tokenizer, train, validation);
        var pretrainedSeconds = clock.Elapsed.TotalSeconds;
        torch.manual_seed(7);
        using (var model = new BertTextClassifier(MiniLmDefinition.Config, BertPooling.Mean, labelCount: 2))
            random = TrainAndValidate(model, tokenizer, train, validation);

        output.WriteLine($"validation accuracy: pre-trained + LoRA {pretrained:F3} ({pretrainedSeconds:F1} s), random encoder + LoRA {random:F3}; total {clock.Elapsed.TotalSeconds:F1} s");
        Assert.True(pretrained > random + 0.05, $"pre-trained {pretrained:F3} vs random {random:F3}");
        Assert.True(pretrained > 0.7, $"pre-trained {pretrained:F3}");
    }

    [Fact]
    public void The_trainer_fine_tunes_minilm_l6_with_LoRA_unchanged()
    {
        var (examples, labels) = TestData.FirstNames();
        using var directory = new TemporaryDirectory();
        var observer = new RecordingObserver();
        var config = new TrainingConfig
        {
            Model = MiniLmDefinition.Id, Method = FineTuneMethod.Lora, LearningRate = 2e-3, BatchSize = 32, Epochs = 1, MaxSequenceLength = MaxLength,
        };

        var result = TextClassificationTrainer.Run(new TrainingJob(config, examples.Take(160).ToList(), labels, directory.Path), observer, CancellationToken.None);

        observer.Messages.ForEach(output.WriteLine);
        Assert.Equal(TrainingOutcome.Completed, result.Outcome);
        Assert.Single(observer.Checkpoints);
        Assert.Contains(observer.Messages, message => message.Contains("trainable (Lora, minilm-l6)"));
    }

    private static (IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Validation) Split()
    {
        var (examples, _) = TestData.FirstNames();
        var shuffled = examples.ToArray();
        new Random(5).Shuffle(shuffled);
        return (shuffled[..600], shuffled[600..]);
    }

    // The same small loop for both encoders: LoRA on query/value, the head in full, AdamW, fixed steps.
    private static double TrainAndValidate(TextClassifierModel model, ITextTokenizer tokenizer, IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> validation)
    {
        TorchRuntime.Configure();
        torch.manual_seed(3);
        LoraInjector.Inject(model, Lora);
        var parameters = model.parameters().Where(parameter => parameter.requires_grad).ToList();
        using var optimizer = torch.optim.AdamW(parameters, lr: 2e-3);
        var order = new Random(9);
        model.train();
        for (var epoch = 0; epoch < Epochs; epoch++)
        {
            var shuffled = train.ToArray();
            order.Shuffle(shuffled);
            foreach (var batch in shuffled.Chunk(BatchSize))
            {
                using var scope = NewDisposeScope();
                var inputs = tokenizer.Encode(batch.Select(example => example.Text).ToList(), MaxLength, CPU);
                var labels = tensor(batch.Select(example => (long)example.Label).ToArray());
                var loss = nn.functional.cross_entropy(model.forward(inputs.InputIds, inputs.AttentionMask), labels);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
        }

        model.eval();
        using var _ = no_grad();
        using var evaluation = NewDisposeScope();
        var batchInputs = tokenizer.Encode(validation.Select(example => example.Text).ToList(), MaxLength, CPU);
        var predictions = model.forward(batchInputs.InputIds, batchInputs.AttentionMask).argmax(1).data<long>().ToArray();
        return validation.Where((example, index) => predictions[index] == example.Label).Count() / (double)validation.Count;
    }
}
