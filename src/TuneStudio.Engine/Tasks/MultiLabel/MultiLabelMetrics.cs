namespace TuneStudio.Engine.Tasks.MultiLabel;

public sealed record MultiLabelScores(double MicroF1, double MacroF1, double SubsetAccuracy, double HammingLoss);

// Multi-label scores over rows of per-label decisions (truth[row][label]), as scikit-learn defines them: micro-F1
// pools every (row, label) decision; macro-F1 averages per-label F1 over the labels that occur in the truth or the
// predictions (as ClassificationMetrics.MacroF1 does), so a label never predicted counts with F1 0 and a label absent
// from both does not count; subset accuracy is the share of rows with every label right; Hamming loss the share of
// wrong decisions. An F1 with nothing true and nothing predicted is 0.
public static class MultiLabelMetrics
{
    public static MultiLabelScores Score(IReadOnlyList<bool[]> truth, IReadOnlyList<bool[]> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"Got {truth.Count} true rows but {predicted.Count} predicted rows.");
        if (truth.Count == 0) return new MultiLabelScores(0, 0, 0, 0);
        var labelCount = truth[0].Length;
        if (truth.Concat(predicted).Any(row => row.Length != labelCount))
            throw new ArgumentException($"Every row needs {labelCount} decisions.");

        var truePositives = new int[labelCount];
        var falsePositives = new int[labelCount];
        var falseNegatives = new int[labelCount];
        int exactRows = 0, wrong = 0;
        for (var row = 0; row < truth.Count; row++)
        {
            var exact = true;
            for (var label = 0; label < labelCount; label++)
            {
                var (isTrue, isPredicted) = (truth[row][label], predicted[row][label]);
                if (isTrue && isPredicted) truePositives[label]++;
                else if (isPredicted) falsePositives[label]++;
                else if (isTrue) falseNegatives[label]++;
                if (isTrue != isPredicted) { exact = false; wrong++; }
            }
            if (exact) exactRows++;
        }

        var occurring = Enumerable.Range(0, labelCount).Where(label => truePositives[label] + falsePositives[label] + falseNegatives[label] > 0).ToList();
        return new MultiLabelScores(
            MicroF1: F1(truePositives.Sum(), falsePositives.Sum(), falseNegatives.Sum()),
            MacroF1: occurring.Count == 0 ? 0 : occurring.Average(label => F1(truePositives[label], falsePositives[label], falseNegatives[label])),
            SubsetAccuracy: exactRows / (double)truth.Count,
            HammingLoss: wrong / ((double)truth.Count * labelCount));
    }

    // The decision threshold (predict when probability >= it) that maximises one label's F1, among the label's own
    // probabilities; ties go to the highest such threshold (the fewest positives). A label with no positive example
    // has no F1 to maximise and keeps the fallback.
    public static double BestThreshold(IReadOnlyList<float> probabilities, IReadOnlyList<bool> truth, double fallback = 0.5)
    {
        if (probabilities.Count != truth.Count)
            throw new ArgumentException($"Got {probabilities.Count} probabilities but {truth.Count} true decisions.");
        var positives = truth.Count(isTrue => isTrue);
        if (positives == 0) return fallback;

        // Sweep from the highest probability down: lowering the threshold past a value predicts all rows that have it.
        var order = Enumerable.Range(0, probabilities.Count).OrderByDescending(i => probabilities[i]).ToArray();
        double best = fallback, bestF1 = -1;
        int truePositives = 0, falsePositives = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (truth[order[i]]) truePositives++;
            else falsePositives++;
            if (i + 1 < order.Length && probabilities[order[i + 1]] == probabilities[order[i]]) continue;
            var f1 = F1(truePositives, falsePositives, positives - truePositives);
            if (f1 > bestF1)
            {
                bestF1 = f1;
                best = probabilities[order[i]];
            }
        }
        return best;
    }

    private static double F1(int truePositives, int falsePositives, int falseNegatives)
    {
        var denominator = 2 * truePositives + falsePositives + falseNegatives;
        return denominator == 0 ? 0 : 2.0 * truePositives / denominator;
    }
}
