namespace TuneStudio.Engine;

// What a run predicts: one label per text (sequence classification), any set of labels per text (multi-label),
// one tag per word (token classification, e.g. named entities), one label per image, or an embedding per text
// (sentence embedding, trained on pairs). It decides which recipe runs and which head the model gets.
// The studio sets it from the dataset's task, so a stored config says what the run trained.
public enum TrainingTask { TextClassification, TokenClassification, ImageClassification, MultiLabelClassification, SentenceEmbedding }
