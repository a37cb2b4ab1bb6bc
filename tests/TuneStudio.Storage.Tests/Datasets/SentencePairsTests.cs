using System.Text;

namespace TuneStudio.Storage.Tests.Datasets;

public class SentencePairsTests
{
    private static string SamplePath() => Path.Combine(Path.GetDirectoryName(TestFiles.FirstNamesCsvPath())!, "sentence-pairs.tsv");

    [Fact]
    public void A_sentence_pair_tsv_imports_without_classes_and_exports_byte_identical()
    {
        using var studio = new TemporaryStudio();
        var original = File.ReadAllBytes(SamplePath());

        var result = studio.Datasets.Import(() => new MemoryStream(original), "pairs.tsv", "en-de", DatasetTasks.SentencePairs, null);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        var dataset = result.Dataset!;
        Assert.Equal(DatasetTasks.SentencePairs, dataset.Task);
        Assert.Empty(dataset.Labels);
        var version = studio.Datasets.GetVersion(dataset.Id, 1)!;
        Assert.Empty(version.LabelCounts);
        Assert.DoesNotContain(version.Report.Warnings, w => w.Kind is WarningKinds.RareClass or WarningKinds.ClassImbalance);
        Assert.Equal(("He said \"no\" twice.", "Er sagte zweimal „nein“."), studio.Datasets.GetRows(dataset.Id, 1, 5, 1).Select(r => (r.Text, r.Label)).Single());
        using var exported = new MemoryStream();
        studio.Datasets.Export(dataset.Id, 1, null, exported);
        Assert.Equal(original, exported.ToArray());
    }

    [Fact]
    public void Sentence_pairs_in_json_lines_need_source_and_target_and_split_only_at_random()
    {
        using var studio = new TemporaryStudio();
        var jsonl = new StringBuilder();
        for (var i = 0; i < 20; i++) jsonl.Append($"{{\"source\":\"s{i}\",\"target\":\"t{i}\"}}\n");
        var id = studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8(jsonl.ToString())), "p.jsonl", "p", DatasetTasks.SentencePairs, null).Dataset!.Id;

        var wrongColumns = studio.Datasets.Import(() => new MemoryStream(TestFiles.Utf8("{\"text\":\"a\",\"label\":\"b\"}\n")), "q.jsonl", "q", DatasetTasks.SentencePairs, null);
        var stratified = studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Stratified, 0.2, 0.2, 1));
        var random = studio.Datasets.ApplyOperation(id, 1, new SplitRows(SplitMethod.Random, 0.2, 0.2, 1));

        Assert.Contains(wrongColumns.Errors, e => e.Message.Contains("'source'"));
        Assert.Equal("method", Assert.Single(stratified.Errors).Field);
        Assert.Equal((12L, 4L, 4L), (random.Version!.Split!.Train, random.Version.Split.Validation, random.Version.Split.Test));
        Assert.Equal("task", Assert.Single(studio.Datasets.Import(() => new MemoryStream([]), "a.csv", "a", "ner", null).Errors).Field);
    }
}
