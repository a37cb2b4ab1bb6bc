using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TuneStudio.Engine.Models.Bert;

// The fields of a Hugging Face BERT config.json that shape the network; names as HF spells them.
public sealed record BertConfig
{
    public int VocabSize { get; init; } = 30522;
    public int HiddenSize { get; init; } = 768;
    public int NumHiddenLayers { get; init; } = 12;
    public int NumAttentionHeads { get; init; } = 12;
    public int IntermediateSize { get; init; } = 3072;
    public int MaxPositionEmbeddings { get; init; } = 512;
    public int TypeVocabSize { get; init; } = 2;
    public double LayerNormEps { get; init; } = 1e-12;
    public string HiddenAct { get; init; } = "gelu";
    public double HiddenDropoutProb { get; init; } = 0.1;
    public double AttentionProbsDropoutProb { get; init; } = 0.1;
    public int PadTokenId { get; init; }

    // all-MiniLM-L6-v2 (sentence-transformers/all-MiniLM-L6-v2/config.json).
    public static BertConfig MiniLmL6 { get; } = new()
    {
        HiddenSize = 384, NumHiddenLayers = 6, NumAttentionHeads = 12, IntermediateSize = 1536,
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        AllowDuplicateProperties = false,
    };

    // Upper bounds on what a config.json may ask for, checked before anything is built: well above BERT-large
    // (1024 hidden, 24 layers, 16 heads, 4096 intermediate) and multilingual vocabularies, far below what would
    // make one import hold gigabytes from a few hundred bytes.
    public static readonly IReadOnlyDictionary<string, int> MaxSizes = new Dictionary<string, int>
    {
        ["vocab_size"] = 500_000,
        ["hidden_size"] = 4096,
        ["num_hidden_layers"] = 64,
        ["num_attention_heads"] = 128,
        ["intermediate_size"] = 16_384,
        ["max_position_embeddings"] = 8192,
        ["type_vocab_size"] = 1024,
    };

    public static BertConfig Parse(string json)
    {
        var config = JsonSerializer.Deserialize<BertConfig>(json, Json) ?? throw new InvalidDataException("config.json is empty.");
        config.Validate();
        return config;
    }

    // config.json as Hugging Face writes it, plus anything the caller adds (architectures, labels...).
    public JsonObject ToJson() => (JsonObject)JsonSerializer.SerializeToNode(this, Json)!;

    public void Validate()
    {
        foreach (var (name, value) in new[]
                 {
                     ("vocab_size", VocabSize), ("hidden_size", HiddenSize), ("num_hidden_layers", NumHiddenLayers), ("num_attention_heads", NumAttentionHeads),
                     ("intermediate_size", IntermediateSize), ("max_position_embeddings", MaxPositionEmbeddings), ("type_vocab_size", TypeVocabSize),
                 })
            if (value > MaxSizes[name])
                throw new InvalidDataException($"{name} {value:N0} is above the largest the studio imports ({MaxSizes[name]:N0}).");
        if (HiddenSize <= 0 || NumAttentionHeads <= 0 || HiddenSize % NumAttentionHeads != 0)
            throw new InvalidDataException($"hidden_size {HiddenSize} must be a positive multiple of num_attention_heads {NumAttentionHeads}.");
        if (VocabSize <= 0 || NumHiddenLayers <= 0 || IntermediateSize <= 0 || MaxPositionEmbeddings <= 0 || TypeVocabSize <= 0)
            throw new InvalidDataException("vocab_size, num_hidden_layers, intermediate_size, max_position_embeddings and type_vocab_size must be positive.");
        if (HiddenAct is not ("gelu" or "relu"))
            throw new InvalidDataException($"hidden_act '{HiddenAct}' is not supported (gelu, relu).");
        if (PadTokenId < 0 || PadTokenId >= VocabSize)
            throw new InvalidDataException($"pad_token_id {PadTokenId} is not a token of the {VocabSize:N0}-token vocabulary.");
    }

    public long ParameterCount(bool withPooler, int labelCount)
    {
        long h = HiddenSize, i = IntermediateSize;
        var embeddings = (VocabSize + MaxPositionEmbeddings + TypeVocabSize) * h + 2 * h;
        var layer = 4 * (h * h + h) + (h * i + i) + (i * h + h) + 4 * h;
        var pooler = withPooler ? h * h + h : 0;
        return embeddings + NumHiddenLayers * layer + pooler + h * labelCount + labelCount;
    }
}
