using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Adapters.Lora;

// A frozen Linear plus a low-rank update: y = base(x) + B(A(dropout(x))) * alpha / r (alpha / sqrt(r) with rsLoRA).
// B starts at zero, so an adapted model starts out computing exactly what the base model does.
public sealed class LoraLinear : nn.Module<Tensor, Tensor>, IAdapterLayer
{
    private readonly Linear base_layer;
    private readonly Parameter lora_A;
    private readonly Parameter lora_B;
    private readonly Dropout lora_dropout;
    private readonly double dropoutRate;

    public LoraLinear(Linear baseLayer, int rank, double alpha, double dropout, bool rankStabilized = false) : base(nameof(LoraLinear))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1);
        base_layer = baseLayer;
        Rank = rank;
        Scaling = rankStabilized ? alpha / Math.Sqrt(rank) : alpha / rank;
        dropoutRate = dropout;

        var weight = baseLayer.weight!;
        foreach (var parameter in baseLayer.parameters())
            parameter.requires_grad = false;

        lora_A = new Parameter(empty(rank, baseLayer.in_features, dtype: weight.dtype, device: weight.device));
        lora_B = new Parameter(zeros(baseLayer.out_features, rank, dtype: weight.dtype, device: weight.device));
        using (no_grad())
            nn.init.kaiming_uniform_(lora_A, a: Math.Sqrt(5));
        lora_dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    public int Rank { get; }

    public Linear BaseLayer => base_layer;

    public double Scaling { get; }

    public bool Merged { get; private set; }

    public override Tensor forward(Tensor input)
    {
        if (Merged)
            return base_layer.forward(input);

        using var scope = NewDisposeScope();
        var dropped = dropoutRate > 0 ? lora_dropout.forward(input) : input;
        var update = nn.functional.linear(nn.functional.linear(dropped, lora_A), lora_B);
        return (base_layer.forward(input) + update * Scaling).MoveToOuterDisposeScope();
    }

    // B·A·scaling, shaped like the base weight [out, in].
    public Tensor DeltaWeight()
    {
        using var _ = no_grad();
        return lora_B.matmul(lora_A).mul_(Scaling);
    }

    // Folds the update into the base weight for faster inference. Refuses a non-finite result
    // rather than leave a corrupted base layer behind.
    public void Merge()
    {
        if (Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var weight = base_layer.weight!;
        var mergedWeight = weight + DeltaWeight();
        if (!isfinite(mergedWeight).all().item<bool>())
            throw new InvalidOperationException("Merging the LoRA adapter would make the base weight non-finite; the base layer was left unchanged.");
        weight.copy_(mergedWeight);
        Merged = true;
    }

    public void Unmerge()
    {
        if (!Merged) return;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        base_layer.weight!.sub_(DeltaWeight());
        Merged = false;
    }
}
