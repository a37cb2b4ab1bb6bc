using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// The BERT encoder with Hugging Face's parameter names (embeddings.*, encoder.layer.N.*, pooler.dense.*),
// so HF checkpoints and our exports map name for name. The pooler exists only when CLS pooling needs it.
public sealed class BertModel : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly BertEmbeddings embeddings;
    private readonly BertEncoder encoder;
    private readonly BertPooler? pooler;

    public BertModel(BertConfig config, bool withPooler) : base(nameof(BertModel))
    {
        config.Validate();
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = withPooler ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public BertConfig Config { get; }

    public IReadOnlyList<BertLayer> Layers => encoder.Layers;

    public BertPooler? Pooler => pooler;

    // See BertEncoder.GradientCheckpointing.
    public bool GradientCheckpointing
    {
        get => encoder.GradientCheckpointing;
        set => encoder.GradientCheckpointing = value;
    }

    // Last hidden state [batch, length, hidden].
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        return encoder.forward(embeddings.forward(inputIds), attentionMask).MoveToOuterDisposeScope();
    }
}

public sealed class BertEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = nn.ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    public IReadOnlyList<BertLayer> Layers => layer.ToList();

    // Forwards that record gradients keep only each layer's input and recompute the layer in the backward
    // (CheckpointedLayer); evaluation under no_grad runs as usual.
    public bool GradientCheckpointing { get; set; }

    public override Tensor forward(Tensor hidden, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var checkpoint = GradientCheckpointing && is_grad_enabled();
        var current = hidden;
        foreach (var block in layer)
            current = checkpoint ? CheckpointedLayer.Run(block, current, attentionMask) : block.forward(current, attentionMask);
        return current.MoveToOuterDisposeScope();
    }
}

// pooler.dense + tanh over the [CLS] token, as BertForSequenceClassification uses it.
public sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    private nn.Module<Tensor, Tensor> dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = nn.Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor lastHiddenState)
    {
        using var scope = NewDisposeScope();
        return tanh(dense.forward(lastHiddenState.select(1, 0))).MoveToOuterDisposeScope();
    }
}
