namespace TuneStudio.Storage.Import;

/// <summary>One clean row of a text-classification file, exactly as the file spelled it.</summary>
internal readonly record struct LabeledText(string Text, string Label);
