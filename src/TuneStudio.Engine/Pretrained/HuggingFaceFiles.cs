namespace TuneStudio.Engine.Pretrained;

// File names of a Hugging Face model folder and of a PEFT adapter folder.
public static class HuggingFaceFiles
{
    public const string Config = "config.json";
    public const string Weights = "model.safetensors";
    public const string Vocabulary = "vocab.txt";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string AdapterConfig = "adapter_config.json";
    public const string AdapterWeights = "adapter_model.safetensors";

    // Not Hugging Face's: how our classifier pools ("mean" or "cls"). Absent means "cls", as in BertForSequenceClassification.
    public const string PoolingKey = "tunestudio_pooling";

    // Where the pre-trained encoder came from, for PEFT's base_model_name_or_path.
    public const string MiniLmHubName = "sentence-transformers/all-MiniLM-L6-v2";
}
