using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// The training step's precision. Float32: the model runs forward and backward itself. Bfloat16: forward and backward
// run on a bfloat16 working copy of the model, while the model keeps the float32 master weights that the optimizer
// updates, checkpoints store and evaluation uses, so resume stays exact and small updates are not rounded away (pure
// bfloat16 weights converged worse, PLATFORM.md). TorchSharp 0.107 has no autocast, hence the explicit copy.
// The recipe calls BeginStep, GradientsToMasters and WeightsFromMasters; the task runs Forward and computes its loss
// in float32 (ToFloat32).
internal sealed class MixedPrecision : IDisposable
{
    private readonly nn.Module masters;
    private readonly nn.Module? working;
    private readonly (Parameter Master, Parameter Working)[] pairs = [];
    private bool synced;

    private MixedPrecision(nn.Module masters, nn.Module? working)
    {
        this.masters = masters;
        this.working = working;
        if (working is null) return;
        var workingByName = working.named_parameters().ToDictionary(entry => entry.name, entry => entry.parameter);
        pairs = masters.named_parameters().Select(entry => (entry.parameter, workingByName[entry.name])).ToArray();
    }

    public static MixedPrecision Float32(nn.Module model) => new(model, null);

    // buildCopy builds a model shaped like the masters (same parameter names); its weights are overwritten from the
    // masters at the first step. It is built here, while the task sets up, so it can reuse the catalogue's cached
    // pre-trained weights before the task releases them (built later, it would parse the ONNX file again).
    // torch's generator is put back so the run's random draws do not change.
    public static MixedPrecision For(TrainingConfig config, nn.Module model, Device device, Func<nn.Module> buildCopy)
    {
        if (config.Precision == PrecisionKind.Float32) return Float32(model);
        PrecisionSupport.EnsureBfloat16(device);
        var working = TorchRuntime.PreservingRandomState(buildCopy);
        working.to(ScalarType.BFloat16);
        // Lives for the run, whatever dispose scope set-up ran in.
        foreach (var tensor in working.parameters().Concat(working.buffers())) tensor.DetachFromDisposeScope();
        return new MixedPrecision(model, working);
    }

    public PrecisionKind Kind => working is null ? PrecisionKind.Float32 : PrecisionKind.Bfloat16;

    // The module that runs forward and backward in a training step.
    public nn.Module Forward => working ?? masters;

    public static Tensor ToFloat32(Tensor logits) => logits.dtype == ScalarType.Float32 ? logits : logits.to_type(ScalarType.Float32);

    // Before a step's first micro-batch. The first call copies every master into the working copy as it is then
    // (after a resume has loaded them). Every call makes the copy train what the masters train now (gradual
    // unfreezing changes it), start without gradients, and follow the masters' train/eval mode.
    public void BeginStep()
    {
        if (working is null) return;
        if (!synced)
        {
            CopyMasters(frozenToo: true);
            synced = true;
        }
        working.train(masters.training);
        foreach (var (master, copy) in pairs)
        {
            copy.requires_grad = master.requires_grad;
            copy.grad = null;
        }
    }

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
