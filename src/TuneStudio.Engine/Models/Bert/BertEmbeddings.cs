using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models.Bert;

// Word + position + token-type embeddings, LayerNorm, dropout. Field names are Hugging Face's.
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
    private readonly Dropout dropout;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    // Single-segment inputs only: every token has type 0, as for classification of one text.
    public override Tensor forward(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device);
        var types = zeros_like(inputIds);
        var sum = word_embeddings.forward(inputIds) + position_embeddings.forward(positions) + token_type_embeddings.forward(types);
        return dropout.forward(LayerNorm.forward(sum)).MoveToOuterDisposeScope();
    }
}
