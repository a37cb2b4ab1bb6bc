using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Ia3;

// IA3 (Liu et al. 2022) on one Linear, as PEFT shapes it: a learned vector that multiplies the layer's output
// ([out, 1]) or, on a feed-forward layer, its input ([1, in]). Ones at first, so a fresh layer computes exactly what
// the base layer does.
public sealed class Ia3Linear : nn.Module<Tensor, Tensor>, IAdapterLayer
{
    private readonly Linear base_layer;
    private readonly Parameter ia3_l;
    private Tensor? weightBeforeMerge;
    private Tensor? biasBeforeMerge;

    public Ia3Linear(Linear baseLayer, bool feedforward) : base(nameof(Ia3Linear))
    {
        base_layer = baseLayer;
        IsFeedforward = feedforward;
        var weight = baseLayer.weight!;
        foreach (var parameter in baseLayer.parameters())
            parameter.requires_grad = false;
        ia3_l = new Parameter(feedforward
            ? ones(1, baseLayer.in_features, dtype: weight.dtype, device: weight.device)
            : ones(baseLayer.out_features, 1, dtype: weight.dtype, device: weight.device));
        RegisterComponents();
    }

    public Linear BaseLayer => base_layer;

    public bool IsFeedforward { get; }

    public bool Merged { get; private set; }

    public override Tensor forward(Tensor input)
    {
        if (Merged)
            return base_layer.forward(input);

        using var scope = NewDisposeScope();
        var scaling = ia3_l.flatten();
        var result = IsFeedforward ? base_layer.forward(input * scaling) : base_layer.forward(input) * scaling;
        return result.MoveToOuterDisposeScope();
    }

    // Scaling the input scales the weight's columns; scaling the output scales its rows and the bias. The weights
    // before are kept (outside any dispose scope: Unmerge disposes them), so unmerging restores them exactly (PEFT
    // divides, which a zero entry cannot undo).
    public void Merge()
    {
        if (Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = base_layer.weight!;
        var bias = base_layer.bias;
        var mergedWeight = weight * ia3_l;
        var mergedBias = IsFeedforward || bias is null ? null : bias * ia3_l.flatten();
        if (!isfinite(mergedWeight).all().item<bool>() || (mergedBias is not null && !isfinite(mergedBias).all().item<bool>()))
            throw new InvalidOperationException("Merging the IA3 adapter would make the base weight non-finite; the base layer was left unchanged.");
        weightBeforeMerge = weight.detach().clone().DetachFromDisposeScope();
        weight.copy_(mergedWeight);
        if (mergedBias is not null)
        {
            biasBeforeMerge = bias!.detach().clone().DetachFromDisposeScope();
            bias.copy_(mergedBias);
        }
        Merged = true;
    }

    public void Unmerge()
    {
        if (!Merged) return;
        using (no_grad())
        {
            base_layer.weight!.copy_(weightBeforeMerge!);
            if (biasBeforeMerge is not null) base_layer.bias!.copy_(biasBeforeMerge);
        }
        weightBeforeMerge!.Dispose();
        biasBeforeMerge?.Dispose();
        (weightBeforeMerge, biasBeforeMerge) = (null, null);
        Merged = false;
    }
}
