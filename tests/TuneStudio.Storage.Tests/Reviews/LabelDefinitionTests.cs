using TuneStudio.Storage.Reviews;

namespace TuneStudio.Storage.Tests.Reviews;

public class LabelDefinitionTests
{
    [Fact]
    public void A_new_version_inherits_its_parents_definitions_and_editing_it_leaves_the_parent_alone()
    {
        using var fixture = new ReviewFixture();
        var definitions = new LabelDefinitionStore(fixture.Studio.Db);
        definitions.Save(fixture.DatasetId, 1, new Dictionary<string, LabelDefinition> { ["a"] = new() { Description = "  first kind ", Examples = "t0" } }, "erin");
        var v2 = fixture.Studio.Datasets.ApplyOperation(fixture.DatasetId, 1, new FixRow(1, null, "b")).Version!;

        Assert.Equal("first kind", definitions.Get(fixture.DatasetId, v2.Version)["a"].Description);

        definitions.Save(fixture.DatasetId, v2.Version, new Dictionary<string, LabelDefinition> { ["a"] = new() { Description = "changed", Examples = "" } }, "erin");
        Assert.Equal("changed", definitions.Get(fixture.DatasetId, v2.Version)["a"].Description);
        Assert.Equal("first kind", definitions.Get(fixture.DatasetId, 1)["a"].Description);
        Assert.Empty(definitions.Get("ds-none", 1));
    }
}
