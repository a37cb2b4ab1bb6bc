using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// Gathers one validation pass of a single-label classifier, batch by batch, into val/loss, val/accuracy and val/macro_f1.
internal sealed class ClassificationEvaluation
{
    private readonly List<int> truth = [];
    private readonly List<int> predictions = [];
    private double lossSum;

    public void Add(Tensor logits, IEnumerable<int> labels, Device device)
    {
        var labelList = labels.ToList();
        using var target = tensor(labelList.Select(label => (long)label).ToArray(), device: device);
        using var loss = nn.functional.cross_entropy(logits, target, reduction: nn.Reduction.Sum);
        lossSum += loss.item<float>();
        using var predicted = logits.argmax(1).cpu();
        predictions.AddRange(predicted.data<long>().ToArray().Select(label => (int)label));
        truth.AddRange(labelList);
    }

    public Dictionary<string, double> Metrics() => new()
    {
        ["val/loss"] = lossSum / truth.Count,
        ["val/accuracy"] = ClassificationMetrics.Accuracy(truth, predictions),
        ["val/macro_f1"] = ClassificationMetrics.MacroF1(truth, predictions),
    };
}
