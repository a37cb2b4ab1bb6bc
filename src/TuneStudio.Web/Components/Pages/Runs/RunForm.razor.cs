using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using TuneStudio.Engine;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Components.Pages.Runs;

// The run dialog's form: every TrainingConfig field under the name the API uses. The server's RunService decides
// what is valid; the form shows its answer field by field. Before the run starts it shows what the config will
// train (FineTunePlan), worked out off the circuit thread once the user pauses typing.
public sealed partial class RunForm : IDisposable
{
    private static readonly TimeSpan PlanDelay = TimeSpan.FromMilliseconds(300);

    internal static readonly (FineTuneMethod Method, string Text)[] MethodNames =
    [
        (FineTuneMethod.Full, "Full fine-tuning"),
        (FineTuneMethod.Lora, "LoRA"),
        (FineTuneMethod.Dora, "DoRA (LoRA + learned magnitudes)"),
        (FineTuneMethod.Ia3, "IA3 (learned rescaling vectors)"),
        (FineTuneMethod.Freeze, "Freeze (head + top layers)"),
        (FineTuneMethod.BitFit, "BitFit (biases + head)"),
        (FineTuneMethod.HeadOnly, "Head only (linear probe)"),
        (FineTuneMethod.GradualUnfreeze, "Gradual unfreezing"),
    ];

    [Inject] public required RunService Runs { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required ModelCatalog Catalog { get; init; }
    [Inject] public required RunPlans Plans { get; init; }

    [Parameter] public string? DatasetId { get; set; }
    [Parameter] public int? DatasetVersion { get; set; }
    // Pre-fills the form (a fork starts from its parent's config).
    [Parameter] public TrainingConfig? Initial { get; set; }
    [Parameter] public string? ForkFromCheckpointId { get; set; }
    [Parameter] public EventCallback<RunRecord> OnCreated { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    private IReadOnlyList<DatasetSummary> _datasets = [];
    private IReadOnlyList<FieldError> _errors = [];
    private string? _name;
    private string? _datasetId;
    private int? _datasetVersion;
    private RunConfigModel _config = RunConfigModel.From(new TrainingConfig { Method = FineTuneMethod.Lora });
    private string? _learningRateHint;

    private FineTunePlan? _plan;
    private string? _planProblem;
    private string? _plannedFor;
    private CancellationTokenSource? _planning;

    protected override void OnInitialized()
    {
        if (Initial is not null) _config = RunConfigModel.From(Initial);
        _datasets = Datasets.List();
        _datasetId = DatasetId ?? _datasets.FirstOrDefault()?.Id;
        _datasetVersion = DatasetVersion ?? _datasets.FirstOrDefault(d => d.Id == _datasetId)?.LatestVersion;
        FitModelToDataset();
    }

    private DatasetSummary? SelectedDataset => _datasets.FirstOrDefault(d => d.Id == _datasetId);
    private string DatasetTask => SelectedDataset?.Task ?? DatasetTasks.TextClassification;
    private bool IsImageDataset => DatasetTask == DatasetTasks.ImageClassification;
    private ModelInfo? SelectedModel => Catalog.Find(_config.Model);

    // The task a run on the chosen dataset trains (the dataset's kind decides it).
    private string TrainingTask => (SelectedDataset is { } dataset ? RunService.TaskOf(dataset) : null) ?? TaskNames.TextClassification;

    // Only models that can train the dataset's task: a text model cannot train on images, nor the other way round,
    // and only WordPiece encoders tag tokens.
    public IEnumerable<ModelInfo> ModelsForDataset => Catalog.ForTask(TrainingTask);

    // DoRA reads LoRA's options, so both show the same fields.
    private bool UsesLoraOptions => _config.Method is FineTuneMethod.Lora or FineTuneMethod.Dora;

    private bool ModelSupports(FineTuneMethod method) => SelectedModel is not { } model || TrainingConfig.SupportsMethod(model, method);

    private void DatasetChanged(string? datasetId)
    {
        _datasetId = datasetId;
        _datasetVersion = SelectedDataset?.LatestVersion;
        FitModelToDataset();
    }

    private void FitModelToDataset()
    {
        if ((SelectedModel is not { } model || !Catalog.Fits(model, TrainingTask)) && ModelsForDataset.FirstOrDefault() is { } fitting)
            ModelChanged(fitting.Id);
    }

    private bool HasError(string field) => _errors.Any(e => e.Field == field);
    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;
    private string PrecisionHint => PrecisionSupport.Hint(_config.Precision);

    // Pretrained models want far smaller full fine-tuning rates than the tiny model trained from scratch.
    private void ModelChanged(string model)
    {
        _config.Model = model;
        if (!ModelSupports(_config.Method)) _config.Method = FineTuneMethod.Full;
        SuggestLearningRate();
    }

    private void MethodChanged(FineTuneMethod method)
    {
        _config.Method = method;
        SuggestLearningRate();
    }

    private void SuggestLearningRate()
    {
        _learningRateHint = null;
        if (_config.Model == MiniLmDefinition.Id && _config.Method == FineTuneMethod.Full)
        {
            _config.LearningRate = 5e-5;
            _learningRateHint = "5e-5 suits full fine-tuning of a pretrained model";
        }
        else if (_config.Model == ResNet18Definition.Id && _config.Method == FineTuneMethod.Full)
        {
            _config.LearningRate = 1e-4;
            _config.HeadLearningRate ??= 1e-3;
            _learningRateHint = "1e-4 suits a pre-trained network; its new head learns at 1e-3";
        }
        else if (_config.Model == new TrainingConfig().Model && _config.LearningRate < 1e-4)
            _config.LearningRate = new TrainingConfig().LearningRate;
    }

    // Each render may follow a change; the plan is worked out again only when the config or data really changed.
    protected override void OnAfterRender(bool firstRender)
    {
        var dataset = _datasets.FirstOrDefault(d => d.Id == _datasetId);
        var config = ConfigForDataset(dataset);
        var key = $"{_datasetId}|{RunConfigJson.Serialize(config)}";
        if (key == _plannedFor) return;
        _plannedFor = key;
        _planning?.Cancel();
        _planning = new CancellationTokenSource();
        _ = PlanAsync(config, dataset, _planning.Token);
    }

    private async Task PlanAsync(TrainingConfig config, DatasetSummary? dataset, CancellationToken ct)
    {
        try
        {
            await Task.Delay(PlanDelay, ct);
            var (plan, problem) = await Task.Run(() => Plans.Describe(config, dataset), ct);
            if (ct.IsCancellationRequested) return;
            await InvokeAsync(() =>
            {
                _plan = plan;
                _planProblem = problem;
                StateHasChanged();
            });
        }
        catch (OperationCanceledException) { }
    }

    // The config as the run will train it: the dataset sets the task (so the model's head and inputs), as RunService does.
    private TrainingConfig ConfigForDataset(DatasetSummary? dataset) =>
        dataset is null ? _config.ToConfig() : _config.ToConfig() with { Task = TrainingTask };

    private bool _probing;
    private string? _probe;

    // Measures two small batches and fits the memory line, so a user can choose the biggest batch the machine holds.
    private async Task FindBatchSizeAsync()
    {
        var dataset = _datasets.FirstOrDefault(d => d.Id == _datasetId);
        _probing = true;
        _probe = null;
        try
        {
            var config = ConfigForDataset(dataset);
            long budget = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
            var probe = await Task.Run(() => BatchSizeFinder.Find(config, Math.Max(2, dataset?.Labels.Count ?? 2), budget, models: Catalog));
            _config.BatchSize = probe.BatchSize;
            _probe = $"Batch {probe.BatchSize:N0} fits in half this machine's memory ({budget / (1024.0 * 1024 * 1024):0.#} GiB): " +
                     $"about {probe.BytesPerExample / 1024.0:N0} KiB per example on top of {probe.FixedBytes / (1024.0 * 1024):N0} MiB.";
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            _probe = $"Could not measure: {e.Message}";
        }
        finally
        {
            _probing = false;
        }
    }

    private async Task Submit()
    {
        var request = new RunRequest
        {
            Name = _name,
            DatasetId = _datasetId,
            DatasetVersion = _datasetVersion,
            ForkFromCheckpointId = ForkFromCheckpointId,
            Config = _config.ToConfig(),
        };
        var (run, errors) = Runs.Create(request, (await Authentication).User);
        _errors = errors;
        if (run is not null) await OnCreated.InvokeAsync(run);
    }

    public void Dispose() => _planning?.Cancel();
}
