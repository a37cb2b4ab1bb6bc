namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// One stored sentence pair: the anchor (the row's source) and its positive (the row's target). Pairs have no class:
// Label is 0 for all, so the recipe's split is a plain seeded random one.
public sealed record PairExample(string Anchor, string Positive) : ILabelledExample
{
    public int Label => 0;
}
