using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// The training step's precision. Float32: the model runs forward and backward itself. Bfloat16: forward and backward
// run on a bfloat16 working copy of the model, while the model keeps the float32 master weights that the optimizer
// updates, checkpoints store and evaluation uses, so resume stays exact and small updates are not rounded away (pure
// bfloat16 weights converged worse, PLATFORM.md). TorchSharp 0.107 has no autocast, hence the explicit copy.
// The recipe calls it at four points of a step: BeginStep, Logits, GradientsToMasters, WeightsFromMasters.
internal sealed class MixedPrecision : IDisposable
{
    private readonly TextClassifierModel masters;
    private readonly TextClassifierModel? working;
    private readonly (Parameter Master, Parameter Working)[] pairs;

    private MixedPrecision(TextClassifierModel masters, TextClassifierModel? working)
    {
        this.masters = masters;
        this.working = working;
        if (working is null)
        {
            pairs = [];
            return;
        }
        var workingByName = working.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter);
        pairs = masters.named_parameters().Select(entry => (entry.parameter, workingByName[entry.name])).ToArray();
    }

    public PrecisionKind Kind => working is null ? PrecisionKind.Float32 : PrecisionKind.Bfloat16;

    // Builds the working copy from the masters' current weights (after a resume has loaded them). The copy is built
    // the way the masters were, with torch's generator put back, so the run's random draws do not change.
    public static MixedPrecision Create(TrainingConfig config, TextClassifierModel model, Device device, ITrainingObserver observer)
    {
        if (config.Precision == PrecisionKind.Float32) return new MixedPrecision(model, null);
        PrecisionSupport.EnsureBfloat16(device);
        observer.OnMessage(PrecisionSupport.Bfloat16Notice(device));
        var working = TorchRuntime.PreservingRandomState(() => FineTuneSetup.CreateModel(config, model.LabelCount, device));
        working.to(ScalarType.BFloat16);
        var precision = new MixedPrecision(model, working);
        precision.CopyMasters(frozenToo: true);
        return precision;
    }

    // Before a step's first micro-batch: the copy trains what the masters train now (gradual unfreezing changes it),
    // starts without gradients, and is in the masters' train/eval mode.
    public void BeginStep()
    {
        if (working is null) return;
        working.train(masters.training);
        foreach (var (master, copy) in pairs)
        {
            copy.requires_grad = master.requires_grad;
            copy.grad = null;
        }
    }

    // Float32 logits, so that the loss, label smoothing and the guard's finiteness check stay in float32.
    public Tensor Logits(Tensor inputIds, Tensor attentionMask) =>
        working is null
            ? masters.forward(inputIds, attentionMask)
            : working.forward(inputIds, attentionMask).to_type(ScalarType.Float32);

    // After the micro-batches' backward passes: the accumulated bfloat16 gradients become the masters' float32 ones.
    public void GradientsToMasters()
    {
        if (working is null) return;
        using var _ = no_grad();
        foreach (var (master, copy) in pairs)
        {
            if (copy.grad is not { } gradient) continue;
            if (master.grad is { } existing) existing.copy_(gradient);
            else master.grad = gradient.to_type(ScalarType.Float32);
            copy.grad = null;
        }
    }

    // After the optimizer's step: the working copy takes the updated masters, rounded to bfloat16. Frozen masters
    // never change, so only the trainable ones are copied.
    public void WeightsFromMasters()
    {
        if (working is not null) CopyMasters(frozenToo: false);
    }

    private void CopyMasters(bool frozenToo)
    {
        using var _ = no_grad();
        foreach (var (master, copy) in pairs)
            if (frozenToo || master.requires_grad) copy.copy_(master);
    }

    public void Dispose() => working?.Dispose();
}
