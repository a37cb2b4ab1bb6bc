using TuneStudio.Engine.Configuration;
using TuneStudio.Engine.Tests.Support;

namespace TuneStudio.Engine.Tests.Configuration;

// docs/api.md cannot go stale: its run-config table is the one the description writes.
public class ConfigFieldTableTests
{
    [Fact]
    public void The_api_docs_table_is_the_one_the_description_generates()
    {
        var docs = File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "docs", "api.md")).ReplaceLineEndings("\n");
        var start = docs.IndexOf(ConfigFieldTable.StartMarker, StringComparison.Ordinal);
        var end = docs.IndexOf(ConfigFieldTable.EndMarker, StringComparison.Ordinal);
        var expected = ConfigFieldTable.Markdown();

        Assert.True(start >= 0 && end > start,
            $"docs/api.md lacks the markers; put this between\n{ConfigFieldTable.StartMarker}\n{expected}{ConfigFieldTable.EndMarker}");
        var actual = docs[(start + ConfigFieldTable.StartMarker.Length)..end].Trim('\n') + "\n";
        Assert.True(expected == actual, $"docs/api.md's run-config table differs from TrainingConfigFields; replace it with:\n{expected}");
    }

    [Fact]
    public void Each_described_field_has_one_row_with_its_default_and_range()
    {
        var rows = ConfigFieldTable.Markdown().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(2).ToList();

        Assert.Equal(TrainingConfigFields.All.Count, rows.Count);
        Assert.Contains(rows, row => row.StartsWith("| Basics | `epochs` | `3` | between 1 and 1,000 |", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("| Method | `lora.rank` | `8` | between 1 and 256, and at most the adapted layers' smaller dimension | lora, dora |", StringComparison.Ordinal));
        Assert.Contains(rows, row => row.StartsWith("| Optimisation | `headLearningRate` | empty (the main rate) |", StringComparison.Ordinal));
    }
}
