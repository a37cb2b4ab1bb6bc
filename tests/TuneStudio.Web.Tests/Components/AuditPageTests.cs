using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage.Audit;
using TuneStudio.Web.Components.Pages.Admin;

namespace TuneStudio.Web.Tests.Components;

public sealed class AuditPageTests : ComponentTestContext
{
    [Fact]
    public void The_trail_filters_by_user_and_the_export_link_carries_the_filter()
    {
        var log = Services.GetRequiredService<AuditLog>();
        log.Record("ada", AuditActions.UserCreated, "ann", "role <b>annotator</b>");
        log.Record("bob", AuditActions.RunStarted, "run-1");
        var page = Render<AuditPage>();
        Assert.Equal(2, page.FindAll("#audit-table tbody tr").Count);

        page.Find("#audit-user").Input("ada");
        page.WaitForState(() => page.FindAll("#audit-table tbody tr").Count == 1, TimeSpan.FromSeconds(5));

        Assert.Contains("user.created", page.Find("#audit-table tbody tr").TextContent);
        Assert.Contains("role &lt;b&gt;annotator&lt;/b&gt;", page.Find("#audit-table").InnerHtml);
        Assert.Contains("/api/audit/export?user=ada", page.Find("#audit-export").GetAttribute("href"));
    }
}
