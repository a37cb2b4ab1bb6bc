using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TuneStudio.Storage;
using TuneStudio.Web.Components.Pages.Runs;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Tests.Components;

public sealed class RunPageTests : ComponentTestContext
{
    [Theory]
    [InlineData(Roles.Engineer, true)]
    [InlineData(Roles.Viewer, false)]
    public void A_cancelled_run_with_checkpoints_offers_resume_and_fork_only_to_roles_that_may_train(string role, bool offered)
    {
        Authorization.SetAuthorized(role + "-user");
        Authorization.SetRoles(role);
        Authorization.SetPolicies(Policies.AllowedRoles.Where(p => p.Value.Contains(role)).Select(p => p.Key).ToArray());
        var run = StoreRun(RunStatus.Cancelled, "tiny-transformer", checkpoints: 2);

        var page = Render<RunPage>(p => p.Add(c => c.Id, run.Id));

        Assert.Equal(offered, page.FindAll("#resume-run").Count == 1);
        Assert.Equal(offered ? 2 : 0, page.FindAll(".checkpoint-fork").Count);
        Assert.Equal(2, page.FindAll(".checkpoint-download").Count);
        Assert.Contains("2.0 MiB", page.Find("#checkpoint-disk-use").TextContent); // two checkpoints of 1 MiB
        Assert.Empty(page.FindAll(".checkpoint-export")); // the tiny model has no Hugging Face shape
    }

    [Fact]
    public void A_minilm_lora_run_links_both_exports_and_a_fork_shows_its_parent()
    {
        var parent = StoreRun(RunStatus.Completed, "minilm-l6", checkpoints: 1);
        var run = StoreRun(RunStatus.Completed, "minilm-l6", checkpoints: 1, parentRunId: parent.Id);

        var page = Render<RunPage>(p => p.Add(c => c.Id, run.Id));

        Assert.Empty(page.FindAll("#resume-run"));
        Assert.Contains("format=huggingface", page.Find(".checkpoint-export").GetAttribute("href"));
        Assert.Contains("format=peft", page.Find(".checkpoint-export-peft").GetAttribute("href"));
        Assert.Contains(parent.Id, page.Find("#run-parent").TextContent);
    }

    [Theory]
    [InlineData("dora", true)]
    [InlineData("ia3", true)]
    [InlineData("full", false)]
    public void A_minilm_run_links_a_PEFT_export_exactly_when_its_method_is_an_adapter(string method, bool linked)
    {
        var run = StoreRun(RunStatus.Completed, "minilm-l6", checkpoints: 1, method: method);

        var page = Render<RunPage>(p => p.Add(c => c.Id, run.Id));

        Assert.Single(page.FindAll(".checkpoint-export"));
        Assert.Equal(linked ? 1 : 0, page.FindAll(".checkpoint-export-peft").Count);
    }

    [Fact]
    public void A_named_entity_run_charts_entity_precision_recall_and_f1_and_a_text_run_does_not()
    {
        var ner = StoreRun(RunStatus.Completed, "minilm-l6", checkpoints: 0, configJson: "{\"model\":\"minilm-l6\",\"method\":\"lora\",\"task\":\"tokenClassification\"}");
        var text = StoreRun(RunStatus.Completed, "minilm-l6", checkpoints: 0);

        static IEnumerable<string> ChartedKeys(IRenderedComponent<RunPage> page) =>
            page.FindComponents<TuneStudio.Web.Components.Controls.LiveMetricChart>().SelectMany(chart => chart.Instance.Keys);

        Assert.Contains("val/entity_f1", ChartedKeys(Render<RunPage>(p => p.Add(c => c.Id, ner.Id))));
        Assert.Contains("val/entity_recall", ChartedKeys(Render<RunPage>(p => p.Add(c => c.Id, ner.Id))));
        Assert.DoesNotContain("val/entity_f1", ChartedKeys(Render<RunPage>(p => p.Add(c => c.Id, text.Id))));
    }

    [Fact]
    public void Deleting_a_checkpoint_asks_first_and_then_removes_it_from_the_run()
    {
        Authorization.SetAuthorized("engineer-user");
        Authorization.SetRoles(Roles.Engineer);
        Authorization.SetPolicies(Policies.AllowedRoles.Where(p => p.Value.Contains(Roles.Engineer)).Select(p => p.Key).ToArray());
        var run = StoreRun(RunStatus.Cancelled, "tiny-transformer", checkpoints: 2);
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<RunPage>(p => p.Add(c => c.Id, run.Id));

        page.InvokeAsync(() => page.FindAll(".checkpoint-delete")[0].Click());
        dialogs.WaitForAssertion(() => Assert.Contains("step-10", dialogs.Markup));
        dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep").Click());
        dialogs.WaitForAssertion(() => Assert.DoesNotContain("step-10", dialogs.Markup));
        Assert.Equal(2, Services.GetRequiredService<RunStore>().GetCheckpoints(run.Id).Count);

        page.InvokeAsync(() => page.FindAll(".checkpoint-delete")[0].Click());
        dialogs.WaitForAssertion(() => Assert.Single(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"));
        dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click());

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".checkpoint-download")));
        Assert.Equal([$"{run.Id}-step-20"], Services.GetRequiredService<RunStore>().GetCheckpoints(run.Id).Select(c => c.Id));
    }

    // A split version without validation rows: 80 train rows, a quarter of them held out to validate, 20 test rows.
    [Fact]
    public void The_page_states_the_examples_the_run_used_and_where_its_validation_came_from()
    {
        var run = StoreRun(RunStatus.Completed, "tiny-transformer", checkpoints: 0,
            configJson: "{\"model\":\"tiny-transformer\",\"method\":\"full\",\"validationFraction\":0.25}");
        Services.GetRequiredService<RunStore>().Update(run.Id, r => r.Examples = new RunExamples
        {
            Train = 60, Validation = 20, HeldOutTest = 20, Source = ExampleSources.SplitTrainAndValidationFraction,
        });

        var page = Render<RunPage>(p => p.Add(c => c.Id, run.Id));

        Assert.Equal("Examples: 60 training · 20 validation (validation fraction 0.25 of the stored split's 80 train rows) · 20 test rows held out",
            page.Find("#run-examples").TextContent.Trim());
    }

    // The fork-navigation bug: NavigateTo from a parent's page to its fork re-renders the same RunPage with a new Id.
    // The fork's charts must carry the fork's steps only, and its status message must be its own.
    [Fact]
    public async Task Navigating_from_one_run_to_another_charts_the_new_runs_steps_and_never_the_old_ones()
    {
        var module = JSInterop.SetupModule("./_content/Plotly.Blazor/plotly-interop-7.2.0.js");
        var parent = StoreRun(RunStatus.Completed, "tiny-transformer", checkpoints: 1, message: "parent finished");
        var fork = StoreRun(RunStatus.Completed, "tiny-transformer", checkpoints: 0, parentRunId: parent.Id, message: "fork finished");
        var metrics = Services.GetRequiredService<MetricStore>();
        var now = DateTime.UtcNow;
        metrics.Append(parent.Id, [.. Enumerable.Range(1, 6).Select(s => new MetricRow(s, "train/loss", 1.0 / s, now))]);
        metrics.Append(fork.Id, [.. Enumerable.Range(1, 3).Select(s => new MetricRow(s, "train/loss", 2.0 / s, now))]);

        var page = Render<RunPage>(p => p.Add(c => c.Id, parent.Id));
        await WaitUntil(() => LossSteps(module, parent.Id).Count == 6);
        page.Render(p => p.Add(c => c.Id, fork.Id));
        await WaitUntil(() => LossSteps(module, fork.Id).Count >= 3);

        Assert.Equal([1L, 2, 3], LossSteps(module, fork.Id));
        Assert.Equal([1L, 2, 3, 4, 5, 6], LossSteps(module, parent.Id)); // nothing more reached the parent's chart
        Assert.All(page.FindComponents<TuneStudio.Web.Components.Controls.LiveMetricChart>(), chart => Assert.Equal(fork.Id, chart.Instance.RunId));
        Assert.Contains("fork finished", page.Find("#run-message").TextContent);
        Assert.Contains(parent.Id, page.Find("#run-parent").TextContent);
        Assert.Empty(page.FindAll(".checkpoint-download")); // the parent's checkpoint is not the fork's
    }

    // Steps sent to the training-loss trace of a run's chart (extendTraces args: id, x[][], y[][], indices[], max).
    private static List<long> LossSteps(BunitJSModuleInterop module, string runId) =>
        module.Invocations
            .Where(i => i.Identifier == "extendTraces" && (string)i.Arguments[0]! == $"chart-{runId}-train_loss")
            .SelectMany(call =>
            {
                var series = ((IEnumerable<IEnumerable<object>>)call.Arguments[1]!).ToList();
                int at = ((IEnumerable<int>)call.Arguments[3]!).ToList().IndexOf(0);
                return at >= 0 ? series[at].Select(Convert.ToInt64) : [];
            })
            .ToList();

    // The chart's pump records interop calls on its own thread; a read that races one is simply tried again.
    private static async Task WaitUntil(Func<bool> condition)
    {
        bool Holds()
        {
            try { return condition(); }
            catch (InvalidOperationException) { return false; }
        }
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!Holds() && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(Holds(), "timed out");
    }

    private RunRecord StoreRun(string status, string model, int checkpoints, string? parentRunId = null, string? configJson = null, string method = "lora", string? message = null)
    {
        var runs = Services.GetRequiredService<RunStore>();
        var run = runs.Create(new RunRecord
        {
            Name = "<b>not bold</b>", Status = status, StartedBy = "engineer-user", Model = model, Method = method, DatasetId = "ds-x", DatasetName = "names",
            DatasetVersion = 1, ConfigJson = configJson ?? $"{{\"model\":\"{model}\",\"method\":\"{method}\"}}", ParentRunId = parentRunId,
            ParentCheckpointId = parentRunId is null ? null : $"{parentRunId}-step-10", Message = message,
        });
        for (int i = 1; i <= checkpoints; i++)
            runs.AddCheckpoint(new CheckpointRecord($"{run.Id}-step-{i * 10}", run.Id, $"step-{i * 10}", i * 10, i, "/nowhere", 1024 * 1024,
                new Dictionary<string, double>(), DateTime.UtcNow));
        return run;
    }
}
