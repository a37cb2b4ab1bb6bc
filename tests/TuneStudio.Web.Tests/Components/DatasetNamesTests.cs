using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Tests.Components;

public sealed class DatasetNamesTests
{
    private static readonly DateTime Day = new(2026, 12, 2, 15, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("names", "names.csv")]
    [InlineData("pets", "pets.zip")]
    [InlineData("pets", "pets-train.zip", "pets-test.zip")]
    [InlineData("train", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz")]
    [InlineData("images-2026-12-02", "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    [InlineData("images-2026-12-02", "a.png", "b.png")]
    public void A_name_comes_from_the_file_or_what_several_files_share_else_the_day(string expected, params string[] files) =>
        Assert.Equal(expected, DatasetNames.Suggest(files, Day));
}
