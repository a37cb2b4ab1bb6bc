namespace TuneStudio.Engine.Tests.Tasks;

// Before a run trains, its task checks the stored rows against the version's labels and names the row at fault
// (1-based, as people count), so a damaged store fails the run with a reason instead of a KeyNotFoundException.
public sealed class TaskRowChecksTests
{
    private static IReadOnlyList<string> Check(string task, IReadOnlyList<TaskRow> rows, IReadOnlyList<string> labels) =>
        TaskRegistry.BuiltIn.Get(task).CheckRows(rows, labels).ToList();

    [Fact]
    public void A_text_row_with_a_label_outside_the_version_is_named()
    {
        var problems = Check(TaskNames.TextClassification, [new("Anna", "female"), new("Bob", "robot")], ["female", "male"]);

        Assert.Equal(["Row 2: label 'robot' is not one of the version's labels."], problems);
    }

    [Fact]
    public void A_multi_label_row_naming_an_unknown_class_or_none_is_named()
    {
        var problems = Check(TaskNames.MultiLabelClassification,
            [new("a", "sports|politics"), new("b", "sports|weather"), new("c", "")], ["politics", "sports"]);

        Assert.Equal(["Row 2: label 'weather' is not one of the version's labels.", "Row 3 has no label."], problems);
    }

    [Fact]
    public void A_sentence_whose_tags_do_not_line_up_or_are_unknown_is_named()
    {
        var problems = Check(TaskNames.TokenClassification,
            [new("John lives here", "B-PER O O"), new("Paris", "B-LOC O"), new("Rome", "B-CITY")], ["O", "B-PER", "B-LOC"]);

        Assert.Equal(["Row 2: 1 tokens but 2 tags.", "Row 3: tag 'B-CITY' is not one of the version's labels."], problems);
    }

    [Fact]
    public void A_pair_without_a_target_is_named_and_good_rows_pass()
    {
        Assert.Equal(["Row 2: a pair needs both a source and a target."],
            Check(TaskNames.SentenceEmbedding, [new("dog", "a domestic animal"), new("cat", " ")], []));
        Assert.Empty(Check(TaskNames.ImageClassification, [new("abc 28x28x1", "shirt")], ["shirt", "coat"]));
    }
}
