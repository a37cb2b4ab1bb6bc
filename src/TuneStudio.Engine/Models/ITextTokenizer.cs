using TorchSharp;

namespace TuneStudio.Engine.Models;

// Turns a batch of texts into padded ids and a mask; each model definition brings its own
// (bytes for the tiny transformer, WordPiece for BERT-like models).
public interface ITextTokenizer
{
    int VocabularySize { get; }

    TokenBatch Encode(IReadOnlyList<string> texts, int maxSequenceLength, torch.Device device);
}

// InputIds: int64 [batch, length]; AttentionMask: bool [batch, length], true on real tokens.
// Both belong to the caller's dispose scope.
public sealed record TokenBatch(torch.Tensor InputIds, torch.Tensor AttentionMask);
