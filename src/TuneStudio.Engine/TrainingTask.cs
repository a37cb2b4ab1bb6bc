namespace TuneStudio.Engine;

// What a run predicts: one label per text (sequence classification), one tag per word (token classification,
// e.g. named entities) or one label per image. It decides which recipe runs and which head the model gets.
// The studio sets it from the dataset's task, so a stored config says what the run trained.
public enum TrainingTask { TextClassification, TokenClassification, ImageClassification }
