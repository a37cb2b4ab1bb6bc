using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Tests.Components;

public sealed class ReadOnlyRolesTests : ComponentTestContext
{
    [Theory]
    [InlineData(Roles.Annotator, false)]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Engineer, true)]
    [InlineData(Roles.Admin, true)]
    public void Runs_page_offers_a_new_run_only_to_roles_that_may_train(string role, bool offered)
    {
        Authorization.SetAuthorized(role + "-user");
        Authorization.SetRoles(role);
        Authorization.SetPolicies(Policies.AllowedRoles.Where(p => p.Value.Contains(role)).Select(p => p.Key).ToArray());

        var page = Render<RunsPage>();

        Assert.Equal(offered, page.FindAll("#new-run").Count == 1);
        Assert.NotNull(page.Find("#runs-table"));
    }

    [Fact]
    public async Task A_viewer_submitting_the_run_form_queues_nothing()
    {
        var data = System.Text.Encoding.UTF8.GetBytes("text,label\nAnn,female\nBob,male\n");
        Services.GetRequiredService<DatasetStore>().ImportTextClassification(() => new MemoryStream(data), "names.csv", "names", null);
        Authorization.SetAuthorized("vera");
        Authorization.SetRoles(Roles.Viewer);
        var form = Render<RunForm>();

        await form.InvokeAsync(() => form.Find("#start-run").ClickAsync(new()));

        Assert.Contains("user", form.Find("#run-form-errors").TextContent);
        Assert.Empty(Services.GetRequiredService<RunStore>().List());
    }
}
