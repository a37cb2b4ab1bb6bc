namespace TuneStudio.Engine.Training;

public static class ClassificationMetrics
{
    public static double Accuracy(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        RequireSameLength(truth, predicted);
        if (truth.Count == 0) return 0;
        return truth.Where((label, i) => label == predicted[i]).Count() / (double)truth.Count;
    }

    // Unweighted mean of per-label F1 over every label that occurs in the truth or the predictions,
    // so a label the model never predicts still counts (with F1 0).
    public static double MacroF1(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        RequireSameLength(truth, predicted);
        var labels = truth.Concat(predicted).Distinct().ToList();
        if (labels.Count == 0) return 0;

        double F1(int label)
        {
            int truePositives = 0, falsePositives = 0, falseNegatives = 0;
            for (var i = 0; i < truth.Count; i++)
            {
                var isTrue = truth[i] == label;
                var isPredicted = predicted[i] == label;
                if (isTrue && isPredicted) truePositives++;
                else if (isPredicted) falsePositives++;
                else if (isTrue) falseNegatives++;
            }
            return 2.0 * truePositives / (2 * truePositives + falsePositives + falseNegatives);
        }

        return labels.Average(F1);
    }

    private static void RequireSameLength(IReadOnlyList<int> truth, IReadOnlyList<int> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"Got {truth.Count} true labels but {predicted.Count} predictions.");
    }
}
