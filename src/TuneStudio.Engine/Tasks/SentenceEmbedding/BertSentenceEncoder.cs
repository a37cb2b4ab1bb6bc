using TorchSharp;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Models.Bert;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tasks.SentenceEmbedding;

// A BERT-family encoder as sentence-transformers runs MiniLM: the mean of the real tokens' last hidden states,
// L2-normalised, so a dot product of two embeddings is their cosine similarity. There is no classifier: the
// "head" the fine-tuning methods ask for (IFineTunableModel.ClassifierHead) is an identity without parameters, so
// LoRA (which trains the head's parameters besides its adapters) trains only the adapters, Freeze trains only the
// top blocks, and the optimizer's head group is empty and left out. Methods that train only the head train nothing
// here: SentenceEmbeddingTask refuses them. Parameter names are "bert." plus Hugging Face BertModel's.
public sealed class BertSentenceEncoder : TextClassifierModel
{
    private readonly BertModel bert;
    private readonly nn.Module<Tensor, Tensor> head;

    public BertSentenceEncoder(BertConfig config) : base(nameof(BertSentenceEncoder))
    {
        bert = new BertModel(config, withPooler: false);
        head = nn.Identity();
        RegisterComponents();
    }

    public const string EncoderPrefix = "bert.";

    public BertModel Bert => bert;

    // The embedding's width: what the model outputs per text.
    public override int LabelCount => bert.Config.HiddenSize;

    public override IReadOnlyList<nn.Module> EncoderBlocks => bert.Layers;

    public override nn.Module ClassifierHead => head;

    // Unit-length sentence embeddings [batch, hidden].
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var pooled = MeanPooling.Pool(bert.forward(inputIds, attentionMask), attentionMask);
        return nn.functional.normalize(head.forward(pooled), p: 2, dim: 1).MoveToOuterDisposeScope();
    }
}
