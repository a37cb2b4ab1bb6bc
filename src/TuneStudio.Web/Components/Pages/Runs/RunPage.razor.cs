using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TuneStudio.Engine;
using TuneStudio.Engine.Models;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;
using TuneStudio.Web.Telemetry;

namespace TuneStudio.Web.Components.Pages.Runs;

// One run: live charts, what it trains, checkpoints (download, export, fork, delete) and resume for a stopped run.
public sealed partial class RunPage : IAsyncDisposable
{
    [Inject] public required RunStore Runs { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required RunService RunService { get; init; }
    [Inject] public required RunTelemetry Telemetry { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ModelCatalog Catalog { get; init; }
    [Inject] public required RunPlans Plans { get; init; }

    [Parameter] public string Id { get; set; } = "";
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    // Every run's training charts, then the validation charts its task declares. The learning rate is charted once,
    // in the plan above them: it is a pure function of the step, so the schedule is the rate each step used.
    private static readonly TaskChart[] CommonCharts =
    [
        new("Training loss", ["train/loss"], 0.9),
        new("Gradient norm", ["train/grad_norm"], 0.9),
        new("Throughput (samples/s)", ["train/samples_per_sec"]),
    ];

    private IReadOnlyList<TaskChart> Charts => [.. CommonCharts, .. Catalog.Tasks.Find(_config.Task)?.Description.Charts ?? []];

    // A checkpoint row shows the task's headline metric (accuracy, entity F1, micro-F1, MRR) beside its loss.
    private TaskMetric? Headline => Catalog.Tasks.Find(_config.Task)?.Description.Headline;

    private string HeadlineTitle => Headline?.Title ?? "Accuracy";

    private IReadOnlyList<string> ExportFormats => Catalog.Tasks.Find(_config.Task)?.Description.ExportFormats ?? [];

    private RunRecord? _run;
    private TrainingConfig _config = new();
    private IReadOnlyList<CheckpointRecord> _checkpoints = [];
    private string _configText = "";
    private string? _message;
    private RunFeed? _statusFeed;
    private FineTunePlan? _plan;
    private string? _planProblem;
    private string? _plannedRun;
    // The run the status feed follows: in-app navigation to another run reuses this component with a new Id.
    private string? _shownRun;

    private bool CanResume => _run is { Status: RunStatus.Interrupted or RunStatus.Cancelled or RunStatus.Failed } && _checkpoints.Count > 0;

    // The task says which formats its runs export to; a model may still lack the shape: the tiny model trained from
    // scratch has no Hugging Face one, the built-in CNTK ResNet-18 no torchvision one.
    private bool ExportsToHuggingFace => _run is not null && ExportFormats.Contains("huggingface") && _run.Model != TinyTransformerDefinition.Id;

    private bool ExportsToTorchvision => _run is not null && ExportFormats.Contains("torchvision") && TorchvisionResNetExport.Supports(_run.Model, Catalog);

    protected override async Task OnParametersSetAsync()
    {
        if (_shownRun != Id)
        {
            // Another run's status must never reach this one's page (a fork opened from its parent's page).
            _shownRun = Id;
            if (_statusFeed is not null) await _statusFeed.DisposeAsync();
            _statusFeed = null;
            _config = new();
            _configText = "";
            _plan = null;
            _planProblem = null;
        }
        Reload();
        if (_run is null) return;
        _config = RunConfigJson.Deserialize(_run.ConfigJson);
        _configText = JsonSerializer.Serialize(JsonDocument.Parse(_run.ConfigJson).RootElement, new JsonSerializerOptions { WriteIndented = true });
        _statusFeed ??= Telemetry.Subscribe(Id, long.MaxValue, _ => Task.CompletedTask, OnStatus);
        if (_plannedRun != Id)
        {
            _plannedRun = Id;
            _plan = null;
            _ = PlanAsync(Id, _config, Datasets.Get(_run.DatasetId));
        }
    }

    private async Task PlanAsync(string runId, TrainingConfig config, DatasetSummary? dataset)
    {
        var (plan, problem) = await Task.Run(() => Plans.Describe(config, dataset));
        await InvokeAsync(() =>
        {
            if (runId != Id) return; // planned for a run this page no longer shows
            _plan = plan;
            _planProblem = problem;
            StateHasChanged();
        });
    }

    private void Reload()
    {
        _run = Runs.Get(Id);
        _checkpoints = _run is null ? [] : Runs.GetCheckpoints(Id);
        _message = _run?.Message;
    }

    private Task OnStatus(RunStatusChange status) => InvokeAsync(() =>
    {
        if (status.RunId != Id) return; // a late call from the feed of the run shown before
        Reload();
        if (status.Message is not null) _message = status.Message;
        StateHasChanged();
    });

    private async Task Cancel()
    {
        var user = (await Authentication).User;
        var outcome = RunService.Cancel(Id, user);
        Reload();
        if (outcome == CancelOutcome.Forbidden && _run is not null) _message = RunService.WhyNotAllowed(_run, user, "cancel");
    }

    private async Task Resume()
    {
        var (_, message) = RunService.Resume(Id, null, (await Authentication).User);
        Reload();
        _message = message;
        // The old feed ended with the run; a new one follows the resumed run.
        if (_statusFeed is not null) await _statusFeed.DisposeAsync();
        _statusFeed = Telemetry.Subscribe(Id, long.MaxValue, _ => Task.CompletedTask, OnStatus);
    }

    private async Task Fork(CheckpointRecord checkpoint)
    {
        var parameters = new DialogParameters<NewRunDialog>
        {
            { d => d.DatasetId, _run!.DatasetId },
            { d => d.DatasetVersion, _run.DatasetVersion },
            { d => d.Initial, _config },
            { d => d.ForkFromCheckpointId, checkpoint.Id },
        };
        var dialog = await Dialogs.ShowAsync<NewRunDialog>("Fork run", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true, CloseOnEscapeKey = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: string runId }) Navigation.NavigateTo($"/runs/{runId}");
    }

    private async Task DeleteCheckpoint(CheckpointRecord checkpoint)
    {
        bool? confirmed = await Dialogs.ShowMessageBoxAsync("Delete checkpoint",
            $"Delete {checkpoint.Name} (step {checkpoint.Step}, {DiskSize(checkpoint.SizeBytes)})? Runs forked from it keep their lineage, but nothing can resume or fork from it again.",
            yesText: "Delete", cancelText: "Keep");
        if (confirmed != true) return;
        var (_, message) = RunService.DeleteCheckpoint(checkpoint.Id, (await Authentication).User);
        Reload();
        _message = message;
    }

    // What trained and validated, and where validation came from, so a run's use of a split can be checked.
    internal static string ExamplesText(RunExamples examples, double validationFraction)
    {
        var counts = $"{examples.Train:N0} training · {examples.Validation:N0} validation";
        var fraction = validationFraction.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var origin = examples.Source switch
        {
            ExampleSources.Split => "the stored split's train and validation parts",
            ExampleSources.SplitTrainAndValidationFraction => $"validation fraction {fraction} of the stored split's {examples.Train + examples.Validation:N0} train rows",
            _ => $"validation fraction {fraction} of each label's rows; the version has no stored split",
        };
        var heldOut = examples.HeldOutTest > 0 ? $" · {examples.HeldOutTest:N0} test rows held out" : "";
        return $"{counts} ({origin}){heldOut}";
    }

    private static string ExportUrl(CheckpointRecord checkpoint, string format) =>
        $"/api/checkpoints/{Uri.EscapeDataString(checkpoint.Id)}/export?format={format}";

    private static string Metric(CheckpointRecord c, string key) => c.Metrics.TryGetValue(key, out var v) ? v.ToString("0.000") : "—";

    private static string DiskSize(long bytes) => ByteSize.Format(bytes);

    public async ValueTask DisposeAsync()
    {
        if (_statusFeed is not null) await _statusFeed.DisposeAsync();
    }
}
