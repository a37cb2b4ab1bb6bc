using TuneStudio.Engine.Tasks.SentenceEmbedding;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Tasks.SentenceEmbedding;

// tests/data/wordnet-gloss-pairs.tsv: 200 real (noun, gloss) pairs from WordNet 3.0, as stored pair rows (source, target).
public static class WordNetPairs
{
    public static IReadOnlyList<PairExample> All() =>
        File.ReadAllLines(Path.Combine(TestData.RepositoryRoot, "tests", "data", "wordnet-gloss-pairs.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(fields => new PairExample(fields[0], fields[1]))
            .ToList();

    // The last 40 pairs validate: each of their words is ranked against all 40 glosses.
    public static (IReadOnlyList<PairExample> Train, IReadOnlyList<PairExample> Validation) Split()
    {
        var all = All();
        return (all.Take(all.Count - 40).ToList(), all.Skip(all.Count - 40).ToList());
    }
}
