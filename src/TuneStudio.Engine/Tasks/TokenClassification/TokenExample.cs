namespace TuneStudio.Engine.Tasks.TokenClassification;

// One sentence for token classification: its words and each word's tag (an index into the job's labels, IOB2
// names such as "B-PER", "I-PER", "O"). Label is the sentence's first entity tag, or its first tag when it has no
// entity, so the shared recipe's stratified split spreads entity types over training and validation.
public sealed record TokenExample(IReadOnlyList<string> Words, IReadOnlyList<int> Tags, int Label) : ILabelledExample
{
    public static TokenExample Create(IReadOnlyList<string> words, IReadOnlyList<int> tags, IReadOnlyList<string> labels)
    {
        if (words.Count != tags.Count)
            throw new ArgumentException($"A sentence has {words.Count} words but {tags.Count} tags.");
        var entity = tags.FirstOrDefault(tag => tag >= 0 && tag < labels.Count && labels[tag] != "O", tags.Count > 0 ? tags[0] : 0);
        return new TokenExample(words, tags, entity);
    }
}
