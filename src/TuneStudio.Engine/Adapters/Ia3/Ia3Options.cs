namespace TuneStudio.Engine.Adapters.Ia3;

// Which Linear layers IA3 rescales, matched as PEFT matches (a module whose path is the name or ends with "." + the
// name: "key", "output.dense"). TargetModules scale their outputs; FeedforwardModules scale their inputs, which for
// the feed-forward's second layer is the paper's rescaling of the inner activations. A layer named in both lists is
// a feed-forward one, as in PEFT. The defaults are PEFT's for BERT; on MiniLM "output.dense" also matches each
// layer's attention.output.dense, as it does in PEFT.
public sealed record Ia3Options
{
    public IReadOnlyList<string> TargetModules { get; init; } = ["key", "value"];

    public IReadOnlyList<string> FeedforwardModules { get; init; } = ["output.dense"];
}
