using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TuneStudio.Engine.Pretrained;

// The tokenizer files a stock Hugging Face AutoTokenizer loads for an uncased BERT WordPiece vocabulary:
// tokenizer.json (the tokenizers library's format: BertNormalizer lower-casing, BertPreTokenizer, WordPiece over
// the vocab with "##" continuations, the [CLS] A [SEP] / [CLS] A [SEP] B [SEP] template), tokenizer_config.json,
// special_tokens_map.json and vocab.txt (for the slow BertTokenizer).
public static class HuggingFaceTokenizerFiles
{
    public const string Tokenizer = "tokenizer.json";
    public const string SpecialTokensMap = "special_tokens_map.json";

    private static readonly string[] SpecialTokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

    public static void Write(string folder, byte[] vocabulary, int maxLength)
    {
        var vocab = ReadVocabulary(vocabulary);
        foreach (var token in SpecialTokens)
            if (!vocab.ContainsKey(token)) throw new InvalidDataException($"The vocabulary has no {token}.");

        File.WriteAllBytes(Path.Combine(folder, HuggingFaceFiles.Vocabulary), vocabulary);
        WriteJson(Path.Combine(folder, Tokenizer), TokenizerJson(vocab));
        WriteJson(Path.Combine(folder, HuggingFaceFiles.TokenizerConfig), new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = true,
            ["tokenize_chinese_chars"] = true,
            ["strip_accents"] = null,
            ["model_max_length"] = maxLength,
            ["unk_token"] = "[UNK]", ["sep_token"] = "[SEP]", ["pad_token"] = "[PAD]", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]",
        });
        WriteJson(Path.Combine(folder, SpecialTokensMap), new JsonObject
        {
            ["unk_token"] = "[UNK]", ["sep_token"] = "[SEP]", ["pad_token"] = "[PAD]", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]",
        });
    }

    // vocab.txt: one token per line, its id the line number (a repeated token keeps its first id, as BertTokenizer does).
    public static Dictionary<string, int> ReadVocabulary(byte[] vocabulary)
    {
        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = Encoding.UTF8.GetString(vocabulary).Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        for (var id = 0; id < count; id++) vocab.TryAdd(lines[id].TrimEnd('\r'), id);
        return vocab;
    }

    private static JsonObject TokenizerJson(IReadOnlyDictionary<string, int> vocab)
    {
        JsonObject Special(string token) => new() { ["SpecialToken"] = new JsonObject { ["id"] = token, ["type_id"] = 0 } };
        JsonObject Sequence(string id, int typeId) => new() { ["Sequence"] = new JsonObject { ["id"] = id, ["type_id"] = typeId } };
        JsonObject SpecialPair(string token, int typeId) => new() { ["SpecialToken"] = new JsonObject { ["id"] = token, ["type_id"] = typeId } };
        JsonObject SpecialEntry(string token) => new()
        {
            ["id"] = token, ["ids"] = new JsonArray(vocab[token]), ["tokens"] = new JsonArray(token),
        };

        return new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(SpecialTokens.OrderBy(token => vocab[token]).Select(token => (JsonNode)new JsonObject
            {
                ["id"] = vocab[token], ["content"] = token, ["single_word"] = false, ["lstrip"] = false, ["rstrip"] = false,
                ["normalized"] = false, ["special"] = true,
            }).ToArray()),
            ["normalizer"] = new JsonObject
            {
                ["type"] = "BertNormalizer", ["clean_text"] = true, ["handle_chinese_chars"] = true, ["strip_accents"] = null, ["lowercase"] = true,
            },
            ["pre_tokenizer"] = new JsonObject { ["type"] = "BertPreTokenizer" },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(Special("[CLS]"), Sequence("A", 0), Special("[SEP]")),
                ["pair"] = new JsonArray(Special("[CLS]"), Sequence("A", 0), Special("[SEP]"), Sequence("B", 1), SpecialPair("[SEP]", 1)),
                ["special_tokens"] = new JsonObject { ["[CLS]"] = SpecialEntry("[CLS]"), ["[SEP]"] = SpecialEntry("[SEP]") },
            },
            ["decoder"] = new JsonObject { ["type"] = "WordPiece", ["prefix"] = "##", ["cleanup"] = true },
            ["model"] = new JsonObject
            {
                ["type"] = "WordPiece", ["unk_token"] = "[UNK]", ["continuing_subword_prefix"] = "##", ["max_input_chars_per_word"] = 100,
                ["vocab"] = new JsonObject(vocab.OrderBy(entry => entry.Value).Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)JsonValue.Create(entry.Value)))),
            },
        };
    }

    private static void WriteJson(string path, JsonNode node) =>
        File.WriteAllText(path, node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
}
