using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Models;

// Token plus learned position embeddings, normalised BERT-style.
public sealed class TextEmbeddings : nn.Module<Tensor, Tensor>
{
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly LayerNorm layer_norm;
    private readonly Dropout dropout;

    public TextEmbeddings(TinyTransformerShape shape) : base(nameof(TextEmbeddings))
    {
        word_embeddings = nn.Embedding(shape.VocabularySize, shape.Hidden, padding_idx: ByteTokenizer.PadId);
        position_embeddings = nn.Embedding(shape.MaxPositions, shape.Hidden);
        layer_norm = nn.LayerNorm(shape.Hidden);
        dropout = nn.Dropout(shape.Dropout);
        RegisterComponents();
    }

    public override Tensor forward(Tensor inputIds)
    {
        using var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device);
        using var words = word_embeddings.forward(inputIds);
        using var places = position_embeddings.forward(positions);
        using var sum = words + places;
        using var normalised = layer_norm.forward(sum);
        return dropout.forward(normalised);
    }
}
