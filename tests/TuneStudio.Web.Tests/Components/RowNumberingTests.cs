using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Components.Controls;
using TuneStudio.Web.Components.Pages.Datasets;
using TuneStudio.Web.Components.Pages.Review;
using TuneStudio.Web.Security;
using TuneStudio.Web.Tests.Support;

namespace TuneStudio.Web.Tests.Components;

// One numbering wherever a person reads a row: the rows table's #, a fix's parameters, the diff, an annotator's item
// and messages all call the third data row of the file "3".
public sealed class RowNumberingTests : ComponentTestContext
{
    private const int Row = 3;

    [Fact]
    public void The_third_row_is_row_3_in_the_rows_table_a_fix_the_diff_a_review_item_and_a_message()
    {
        var datasets = Services.GetRequiredService<DatasetStore>();
        var lines = File.ReadAllLines(RepoFiles.TestData("first-names.csv"));
        var (name, label) = (lines[Row].Split(',')[0], lines[Row].Split(',')[1]); // line 0 is the header
        var id = datasets.ImportTextClassification(() => File.OpenRead(RepoFiles.TestData("first-names.csv")), "first-names.csv", "names", null).Dataset!.Id;

        var page = Render<DatasetPage>(p => p.Add(c => c.Id, id));
        page.WaitForAssertion(() => Assert.Equal(Row.ToString(), NumberOf(page, name)));

        var flipped = label == "female" ? "male" : "female";
        var fix = datasets.ApplyOperation(id, 1, new FixRow(Row, null, flipped));
        Assert.True(fix.Succeeded, string.Join("; ", fix.Errors.Select(e => e.Message)));
        Assert.Equal(Row.ToString(), fix.Version!.OperationParameters["row"]);
        Assert.Equal(flipped, datasets.ReadAllRows(id, 2).Single(r => r.Text == name).Label);

        var diff = Render<VersionDiffView>(p => p.Add(c => c.DatasetId, id).Add(c => c.From, 1).Add(c => c.To, 2));
        diff.WaitForAssertion(() => Assert.Equal($"{Row} → {Row}", diff.Find(".diff-rows tbody tr td:nth-child(2)").TextContent.Trim()));

        var review = Services.GetRequiredService<ReviewStore>()
            .Create(new NewReviewTask(id, 1, null, new ReviewSelection(ReviewSelection.List, Rows: [Row]), ["annie"]), "erin").Task!;
        Assert.Equal(name, Assert.Single(review.Items).Text);
        Authorization.SetAuthorized("annie");
        Authorization.SetRoles(Roles.Annotator);
        var queue = Render<ReviewQueuePage>(p => p.Add(c => c.TaskId, review.Id));
        Assert.Contains($"Item 1 · row {Row} ·", queue.Markup);

        // A file whose third data row lacks its text is refused naming row 3, as the API's `row` does.
        var refused = datasets.ImportTextClassification(() => new MemoryStream("text,label\na,x\nb,y\n,z\n"u8.ToArray()), "bad.csv", "bad", null);
        Assert.Equal((long)Row, Assert.Single(refused.Errors).Row);
        var outOfRange = datasets.ApplyOperation(id, 1, new FixRow(lines.Length, null, "x")); // one past the last row
        Assert.Contains($"has rows 1 to {lines.Length - 1}; there is no row {lines.Length}", Assert.Single(outOfRange.Errors).Message);
    }

    private static string? NumberOf(IRenderedComponent<DatasetPage> page, string text) =>
        page.FindAll("#rows-table tbody tr")
            .FirstOrDefault(tr => tr.QuerySelector(".row-text")?.TextContent == text)
            ?.QuerySelector("td")?.TextContent.Trim();
}
