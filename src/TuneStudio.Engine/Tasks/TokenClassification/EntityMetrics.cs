namespace TuneStudio.Engine.Tasks.TokenClassification;

// A named entity found in a tag sequence: its type and the words [Start, End) it covers.
public sealed record EntitySpan(string Type, int Start, int End);

public sealed record EntityScores(double Precision, double Recall, double F1, double TokenAccuracy);

// Entity-level precision, recall and F1 as seqeval computes them by default (conlleval's chunking): an entity
// starts at B-X, or at an I-X that does not continue an entity of type X; it continues over I-X; anything else
// ends it. An entity counts as found only with the same type and the same first and last word. Micro-averaged
// over all entities of all sentences.
public static class EntityMetrics
{
    public static IReadOnlyList<EntitySpan> Spans(IReadOnlyList<string> tags)
    {
        var spans = new List<EntitySpan>();
        string? openType = null;
        var start = 0;
        for (var i = 0; i <= tags.Count; i++)
        {
            var (prefix, type) = i < tags.Count ? Split(tags[i]) : ('O', "");
            var continues = openType is not null && prefix == 'I' && type == openType;
            if (openType is not null && !continues)
            {
                spans.Add(new EntitySpan(openType, start, i));
                openType = null;
            }
            if (openType is null && prefix is 'B' or 'I')
            {
                openType = type;
                start = i;
            }
        }
        return spans;
    }

    public static EntityScores Score(IReadOnlyList<IReadOnlyList<string>> truth, IReadOnlyList<IReadOnlyList<string>> predicted)
    {
        if (truth.Count != predicted.Count)
            throw new ArgumentException($"Got {truth.Count} true sentences but {predicted.Count} predicted ones.");
        long trueEntities = 0, predictedEntities = 0, correct = 0, words = 0, rightWords = 0;
        for (var sentence = 0; sentence < truth.Count; sentence++)
        {
            if (truth[sentence].Count != predicted[sentence].Count)
                throw new ArgumentException($"Sentence {sentence} has {truth[sentence].Count} true tags but {predicted[sentence].Count} predicted ones.");
            var expected = Spans(truth[sentence]);
            var found = Spans(predicted[sentence]);
            trueEntities += expected.Count;
            predictedEntities += found.Count;
            correct += found.Intersect(expected).Count();
            words += truth[sentence].Count;
            rightWords += truth[sentence].Where((tag, i) => tag == predicted[sentence][i]).Count();
        }
        var precision = predictedEntities == 0 ? 0 : (double)correct / predictedEntities;
        var recall = trueEntities == 0 ? 0 : (double)correct / trueEntities;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new EntityScores(precision, recall, f1, words == 0 ? 0 : (double)rightWords / words);
    }

    // "B-PER" → ('B', "PER"); "O" (or anything without an IOB prefix) → ('O', "").
    private static (char Prefix, string Type) Split(string tag) =>
        tag.Length >= 2 && tag[1] == '-' && tag[0] is 'B' or 'I' ? (tag[0], tag[2..]) : ('O', "");
}
