using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Pre-trained weights parsed once and copied into every model built from them, until a training run releases them:
// the run has its own copy, and the cache beside it (90 MB for MiniLM) only raised the run's peak memory. The next
// model built afterwards parses again. Building and releasing take the same lock, so a release never frees tensors
// a copy is reading.
internal sealed class WeightCache(Func<IReadOnlyDictionary<string, Tensor>> load)
{
    private readonly Lock gate = new();
    private IReadOnlyDictionary<string, Tensor>? weights;

    public void Use(Action<IReadOnlyDictionary<string, Tensor>> copy)
    {
        lock (gate)
        {
            if (weights is null)
            {
                weights = load();
                // Kept until released: outside any dispose scope.
                foreach (var weight in weights.Values) weight.DetachFromDisposeScope();
            }
            copy(weights);
        }
    }

    public void Release()
    {
        lock (gate)
        {
            if (weights is null) return;
            foreach (var weight in weights.Values) weight.Dispose();
            weights = null;
        }
    }
}
