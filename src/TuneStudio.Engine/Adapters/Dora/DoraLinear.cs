using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Dora;

// DoRA (Liu et al. 2024), as PEFT computes it: the adapted weight W + s·BA is split into a direction, its rows
// normalised, and a learned magnitude m per output, y = m / ||W + s·BA|| ⊙ ((W + s·BA) x) + bias. The norm is
// treated as a constant in the backward (the paper's section 4.3, and PEFT), so it is computed without a graph.
// Written as PEFT does, base(x) + (m/||·|| - 1) ⊙ W·x' + m/||·|| ⊙ s·B(A(x')) with x' the dropped-out input:
// B starts at zero and m at ||W||, so m/||·|| is exactly 1 and a fresh layer returns base(x) bit for bit.
public sealed class DoraLinear : nn.Module<Tensor, Tensor>, IAdapterLayer
{
    private readonly Linear base_layer;
    private readonly Parameter lora_A;
    private readonly Parameter lora_B;
    private readonly Parameter lora_magnitude_vector;
    private readonly Dropout lora_dropout;
    private readonly double dropoutRate;
    private Tensor? weightBeforeMerge;

    public DoraLinear(Linear baseLayer, int rank, double alpha, double dropout, bool rankStabilized = false) : base(nameof(DoraLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        base_layer = baseLayer;
        Scaling = rankStabilized ? alpha / Math.Sqrt(rank) : alpha / rank;
        dropoutRate = dropout;

        var weight = baseLayer.weight!;
        foreach (var parameter in baseLayer.parameters())
            parameter.requires_grad = false;

        lora_A = new Parameter(empty(rank, baseLayer.in_features, dtype: weight.dtype, device: weight.device));
        lora_B = new Parameter(zeros(baseLayer.out_features, rank, dtype: weight.dtype, device: weight.device));
        using (no_grad())
            nn.init.kaiming_uniform_(lora_A, a: Math.Sqrt(5));
        // PEFT's initialisation: the row norms of the adapted weight, which with B = 0 are the base weight's.
        lora_magnitude_vector = new Parameter(WeightNorm());
        lora_dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public Linear BaseLayer => base_layer;

    public double Scaling { get; }

    public bool Merged { get; private set; }

    public override Tensor forward(Tensor input)
    {
        if (Merged)
            return base_layer.forward(input);

        using var scope = NewDisposeScope();
        var dropped = dropoutRate > 0 ? lora_dropout.forward(input) : input;
        var scale = lora_magnitude_vector / WeightNorm();
        var lowRank = nn.functional.linear(nn.functional.linear(dropped, lora_A), lora_B);
        var result = base_layer.forward(input)
            + (scale - 1) * nn.functional.linear(dropped, base_layer.weight!)
            + scale * lowRank * Scaling;
        return result.MoveToOuterDisposeScope();
    }

    // s·BA, shaped like the base weight [out, in].
    public Tensor DeltaWeight()
    {
        using var _ = no_grad();
        return lora_B.matmul(lora_A).mul_(Scaling);
    }

    // ||W + s·BA|| per output row, with no gradient (a constant to the backward).
    private Tensor WeightNorm()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return (base_layer.weight! + DeltaWeight()).norm(1).MoveToOuterDisposeScope();
    }

    // W ← m/||W + s·BA|| ⊙ (W + s·BA): the merged layer computes what the adapter did. The weight before is kept
    // (outside any dispose scope: Unmerge disposes it), so unmerging restores it exactly instead of dividing by the
    // scale. Refuses a non-finite result.
    public void Merge()
    {
        if (Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = base_layer.weight!;
        var adapted = weight + DeltaWeight();
        var mergedWeight = (lora_magnitude_vector / adapted.norm(1)).unsqueeze(1) * adapted;
        if (!isfinite(mergedWeight).all().item<bool>())
            throw new InvalidOperationException("Merging the DoRA adapter would make the base weight non-finite; the base layer was left unchanged.");
        weightBeforeMerge = weight.detach().clone().DetachFromDisposeScope();
        weight.copy_(mergedWeight);
        Merged = true;
    }

    public void Unmerge()
    {
        if (!Merged) return;
        using (no_grad())
            base_layer.weight!.copy_(weightBeforeMerge!);
        weightBeforeMerge!.Dispose();
        weightBeforeMerge = null;
        Merged = false;
    }
}
