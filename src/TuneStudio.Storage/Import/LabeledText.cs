namespace TuneStudio.Storage.Import;

/// <summary>One clean row of a text-classification file, exactly as the file spelled it, and its part when the file has a split column.</summary>
internal readonly record struct LabeledText(string Text, string Label, SplitPart? Part = null);
