namespace TuneStudio.Engine.Tests.Support;

// tests/data/conll-sample.conll: a few CoNLL-2003 sentences ("word tag" lines, a blank line between sentences).
public static class ConllSample
{
    public static (IReadOnlyList<TokenExample> Sentences, IReadOnlyList<string> Labels) Read()
    {
        var sentences = new List<List<(string Word, string Tag)>> { new() };
        foreach (var line in File.ReadLines(Path.Combine(TestData.RepositoryRoot, "tests", "data", "conll-sample.conll")))
        {
            if (line.Trim().Length == 0) { sentences.Add([]); continue; }
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "-DOCSTART-") continue;
            sentences[^1].Add((parts[0], parts[^1]));
        }
        var kept = sentences.Where(sentence => sentence.Count > 0).ToList();
        var labels = kept.SelectMany(sentence => sentence.Select(pair => pair.Tag)).Distinct().Order(StringComparer.Ordinal).ToList();
        return (kept.Select(sentence => TokenExample.Create(
            sentence.Select(pair => pair.Word).ToList(), sentence.Select(pair => labels.IndexOf(pair.Tag)).ToList(), labels)).ToList(), labels);
    }
}
