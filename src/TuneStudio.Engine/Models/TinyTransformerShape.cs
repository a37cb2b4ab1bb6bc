namespace TuneStudio.Engine.Models;

public sealed record TinyTransformerShape
{
    public int VocabularySize { get; init; } = 258;
    public int MaxPositions { get; init; } = 128;
    public int Hidden { get; init; } = 64;
    public int Heads { get; init; } = 4;
    public int FeedForward { get; init; } = 128;
    public int Layers { get; init; } = 2;
    public double Dropout { get; init; } = 0.1;

    public long ParameterCount(int labelCount)
    {
        long embeddings = (long)VocabularySize * Hidden + (long)MaxPositions * Hidden + 2L * Hidden;
        long attention = 4L * (Hidden * Hidden + Hidden);
        long feedForward = (long)Hidden * FeedForward + FeedForward + (long)FeedForward * Hidden + Hidden;
        long norms = 2L * 2 * Hidden;
        long head = (long)Hidden * labelCount + labelCount;
        return embeddings + Layers * (attention + feedForward + norms) + head;
    }
}
