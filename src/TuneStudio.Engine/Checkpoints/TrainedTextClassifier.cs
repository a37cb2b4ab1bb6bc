using TorchSharp;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Training;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Checkpoints;

// A checkpoint loaded back for inference: the model rebuilt from the saved config (adapters included),
// its weights restored, in eval mode.
public sealed class TrainedTextClassifier : IDisposable
{
    private readonly TextClassifierModel model;
    private readonly ITextTokenizer tokenizer;
    private readonly Device device;

    private TrainedTextClassifier(TextClassifierModel model, ITextTokenizer tokenizer, TrainerState state, Device device)
    {
        this.model = model;
        this.tokenizer = tokenizer;
        this.device = device;
        State = state;
    }

    public TrainerState State { get; }

    public IReadOnlyList<string> Labels => State.Labels;

    public TextClassifierModel Model => model;

    public static TrainedTextClassifier Load(string checkpointDirectory, ModelCatalog? models = null)
    {
        TorchRuntime.Configure();
        var state = CheckpointReader.ReadState(checkpointDirectory);
        var device = TorchRuntime.TorchDevice;
        models ??= ModelCatalog.BuiltIn;
        var model = CheckpointModel.Load<TextClassifierModel>(checkpointDirectory, state, models, device);
        try
        {
            model.eval();
            return new TrainedTextClassifier(model, FineTuneSetup.Definition(state.Config, models).CreateTokenizer(), state, device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    // Class probabilities per text, [texts][labels].
    public float[][] PredictProbabilities(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0) return [];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = tokenizer.Encode(texts, State.Config.MaxSequenceLength, device);
        var probabilities = nn.functional.softmax(model.forward(batch.InputIds, batch.AttentionMask), 1).cpu();
        var flat = probabilities.data<float>().ToArray();
        return Enumerable.Range(0, texts.Count).Select(row => flat.AsSpan(row * Labels.Count, Labels.Count).ToArray()).ToArray();
    }

    public void Dispose() => model.Dispose();
}
