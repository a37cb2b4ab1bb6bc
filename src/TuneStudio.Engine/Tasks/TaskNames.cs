namespace TuneStudio.Engine.Tasks;

// The one spelling of each training task's name. The engine (TrainingConfig.Task, the registry), the API (a run's
// `task`, a model's `tasks`) and the pages use these constants; a test fails on any other string literal of them.
public static class TaskNames
{
    public const string TextClassification = "text-classification";
    public const string MultiLabelClassification = "multi-label-classification";
    public const string TokenClassification = "token-classification";
    public const string ImageClassification = "image-classification";
    public const string SentenceEmbedding = "sentence-embedding";
}
