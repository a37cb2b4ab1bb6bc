using TuneStudio.Engine.Evaluation;

namespace TuneStudio.Web.Evaluations;

// Robustness: a perturbation at one strength, applied to an evaluation's rows.
public static class EvaluationPerturbations
{
    public static readonly IReadOnlyList<string> Kinds = ["typos", "word_deletion", "word_swap", "casing", "gaussian_noise", "blur", "brightness", "rotation"];

    public static EvaluationJob Apply(EvaluationJob job, string kind, double strength, int seed, string task) =>
        strength == 0 ? job : throw new NotSupportedException($"Perturbation '{kind}' is not available in this build.");
}
