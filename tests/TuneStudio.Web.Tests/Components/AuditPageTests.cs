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

    [Fact]
    public void Targets_link_to_their_pages_and_times_are_utc()
    {
        var log = Services.GetRequiredService<AuditLog>();
        var started = log.Record("ada", AuditActions.RunStarted, "run-1a2b3c4d");
        log.Record("ada", AuditActions.DatasetCreated, "ds-9f8e7d6c");
        log.Record("ada", AuditActions.ReviewCreated, "rv-11223344");
        log.Record("ada", AuditActions.ModelImported, "hf-55667788");
        log.Record("ada", AuditActions.RoleChanged, "bob");
        log.Record("ada", "something.else", "whatever");
        var page = Render<AuditPage>();

        var links = page.FindAll("#audit-table a.audit-target").ToDictionary(a => a.TextContent.Trim(), a => a.GetAttribute("href"));
        Assert.Equal("/runs/run-1a2b3c4d", links["run-1a2b3c4d"]);
        Assert.Equal("/datasets/ds-9f8e7d6c", links["ds-9f8e7d6c"]);
        Assert.Equal("/review/rv-11223344", links["rv-11223344"]);
        Assert.Equal("/models", links["hf-55667788"]);
        Assert.Equal("/admin/users", links["bob"]);
        Assert.False(links.ContainsKey("whatever"));

        var utc = started.Time.ToUniversalTime();
        var expected = $"{utc.Year:D4}-{utc.Month:D2}-{utc.Day:D2} {utc.Hour:D2}:{utc.Minute:D2}:{utc.Second:D2}Z";
        var runRow = page.FindAll("#audit-table tbody tr").Single(r => r.TextContent.Contains("run.started"));
        Assert.Equal(expected, runRow.QuerySelector("td")!.TextContent.Trim());
    }
}
