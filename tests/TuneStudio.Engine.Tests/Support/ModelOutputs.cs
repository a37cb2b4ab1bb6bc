using TorchSharp;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Support;

// Runs a model in eval mode on a fixed batch of texts and hands the logits back as plain floats.
public static class ModelOutputs
{
    public static readonly string[] Texts = ["Anna", "Bob", "Émilie", "Christopher", "Zoë", "Li"];

    public static float[] Logits(TextClassifierModel model, int maxSequenceLength = 64)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var wasTraining = model.training;
        model.eval();
        var batch = new ByteTokenizer().Encode(Texts, maxSequenceLength, CPU);
        var logits = model.forward(batch.InputIds, batch.AttentionMask).data<float>().ToArray();
        model.train(wasTraining);
        return logits;
    }

    public static Dictionary<string, float[]> SnapshotParameters(nn.Module model) =>
        model.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter.detach().cpu().data<float>().ToArray());

    public static double MaxDifference(float[] left, float[] right) =>
        left.Zip(right, (a, b) => Math.Abs((double)a - b)).Max();
}
