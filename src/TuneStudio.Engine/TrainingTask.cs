namespace TuneStudio.Engine;

// What a text run predicts: one label per text (sequence classification) or one tag per word (token
// classification, e.g. named entities). It decides which head the catalogue model gets.
public enum TrainingTask { TextClassification, TokenClassification }
