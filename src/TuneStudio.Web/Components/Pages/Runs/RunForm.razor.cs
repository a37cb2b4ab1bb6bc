using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using TuneStudio.Engine;
using TuneStudio.Engine.Configuration;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Engine.Tasks;
using TuneStudio.Engine.Training;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Components.Pages.Runs;

// The run dialog's form. Its groups and fields come from the engine's description (TrainingConfigFields), each
// edited by one generic ConfigFieldInput; only the dataset, version, model and method have controls of their own,
// because they choose among stored things. The server's RunService decides what is valid; the form shows its answer
// field by field. Before the run starts it shows what the config will train (FineTunePlan), worked out off the
// circuit thread once the user pauses typing.
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

    // Ids tests, E2E journeys and users' scripts already know; other fields get "run-" plus their path in kebab case.
    private static readonly Dictionary<string, string> KnownIds = new()
    {
        ["learningRate"] = "run-lr", ["batchSize"] = "run-batch", ["epochs"] = "run-epochs",
        ["lora.rank"] = "run-lora-rank", ["lora.loraPlusLrRatio"] = "run-lora-plus-ratio",
        ["ia3.targetModules"] = "run-ia3-targets", ["ia3.feedforwardModules"] = "run-ia3-feedforward",
        ["precision"] = "run-precision", ["gradientCheckpointing"] = "run-gradient-checkpointing", ["imageSize"] = "run-image-size",
        ["augmentation.text.deletionProbability"] = "run-aug-text-deletion", ["augmentation.text.swapProbability"] = "run-aug-text-swap",
        ["augmentation.text.typoProbability"] = "run-aug-text-typo", ["augmentation.image.horizontalFlip"] = "run-aug-hflip",
        ["augmentation.image.verticalFlip"] = "run-aug-vflip", ["augmentation.image.cropScale"] = "run-aug-crop",
        ["augmentation.image.maxRotationDegrees"] = "run-aug-rotation", ["augmentation.image.brightness"] = "run-aug-brightness",
        ["augmentation.image.contrast"] = "run-aug-contrast", ["augmentation.image.saturation"] = "run-aug-saturation",
    };

    // Fields with a control of their own (or none: the dataset sets the task).
    private static readonly HashSet<string> OwnControls = ["model", "method", "task"];

    [Inject] public required RunService Runs { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required ModelCatalog Catalog { get; init; }
    [Inject] public required RunPlans Plans { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }

    [Parameter] public string? DatasetId { get; set; }
    [Parameter] public int? DatasetVersion { get; set; }
    // Pre-fills the form (a fork starts from its parent's config).
    [Parameter] public TrainingConfig? Initial { get; set; }
    [Parameter] public string? ForkFromCheckpointId { get; set; }
    [Parameter] public EventCallback<RunRecord> OnCreated { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    private IReadOnlyList<DatasetSummary> _datasets = [];
    private IReadOnlyList<DatasetVersionInfo> _versions = [];
    private IReadOnlyList<FieldError> _errors = [];
    private string? _name;
    private string? _datasetId;
    private int? _datasetVersion;
    private TrainingConfig _config = new() { Method = FineTuneMethod.Lora };

    // What the form itself last put in the rate fields: only those are replaced when the model or method changes,
    // so a rate the user typed survives and the same choices always give the same rates.
    private double _suggestedLearningRate;
    private double? _suggestedHeadLearningRate;
    private string? _learningRateHint;

    private FineTunePlan? _plan;
    private string? _planProblem;
    private string? _plannedFor;
    private bool _planPending;
    private CancellationTokenSource? _planning;

    protected override void OnInitialized()
    {
        if (Initial is not null) _config = Initial;
        _suggestedLearningRate = _config.LearningRate;
        _suggestedHeadLearningRate = _config.HeadLearningRate;
        _datasets = Datasets.List();
        _datasetId = DatasetId ?? _datasets.FirstOrDefault()?.Id;
        LoadVersions();
        if (DatasetVersion is not null) _datasetVersion = DatasetVersion;
        FitModelToDataset();
    }

    private DatasetSummary? SelectedDataset => _datasets.FirstOrDefault(d => d.Id == _datasetId);
    private DatasetVersionInfo? SelectedVersion => _versions.FirstOrDefault(v => v.Version == _datasetVersion);
    private string DatasetTask => SelectedDataset?.Task ?? DatasetTasks.TextClassification;
    private ModelInfo? SelectedModel => Catalog.Find(_config.Model);

    // The task a run on the chosen dataset trains (the dataset's kind decides it).
    private string TrainingTask => (SelectedDataset is { } dataset ? RunService.TaskOf(dataset) : null) ?? TaskNames.TextClassification;

    // The config as the run will train it: the dataset sets the task (so the model's head and inputs), as RunService does.
    private TrainingConfig RunConfig => SelectedDataset is null ? _config : _config with { Task = TrainingTask };

    // Only models that can train the dataset's task: a text model cannot train on images, nor the other way round,
    // and only WordPiece encoders tag tokens.
    public IEnumerable<ModelInfo> ModelsForDataset => Catalog.ForTask(TrainingTask);

    // The metrics a run of this task reports, for the early-stopping and checkpoint-ranking fields.
    public IReadOnlyList<string> MetricOptions => Catalog.Tasks.Find(TrainingTask)?.Description.Metrics.Select(m => m.Key).ToList() ?? [];

    private IEnumerable<ConfigField> Shown(string group) =>
        TrainingConfigFields.InGroup(group).Where(field => !OwnControls.Contains(field.Path) && field.AppliesTo(RunConfig));

    private static string PanelId(string group) => "run-panel-" + group.ToLowerInvariant().Replace(' ', '-');

    private static string PanelTitle(string group) => group == TrainingConfigFields.Augmentation ? "Augmentation (training batches only)" : group;

    private static string IdOf(ConfigField field) =>
        KnownIds.GetValueOrDefault(field.Path) ??
        "run-" + string.Concat(field.Path.Replace('.', '-').Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));

    private static int Width(ConfigField field) => field.Kind switch
    {
        ConfigFieldKind.List => 12,
        ConfigFieldKind.Boolean => 6,
        _ => 4,
    };

    private static string ChoiceText(object value) => value switch
    {
        MetricMode.Min => "lower (min)",
        MetricMode.Max => "higher (max)",
        PrecisionKind.Bfloat16 => "bfloat16 (float32 master weights)",
        _ => ConfigField.ApiName(value),
    };

    private string? HelpFor(ConfigField field) => field.Path switch
    {
        "precision" => PrecisionSupport.Hint(_config.Precision),
        "learningRate" => _learningRateHint,
        _ => null,
    };

    // A stored split with validation rows decides validation itself; the fraction would silently do nothing. A split
    // without them (train/test files) still holds the fraction out of its train rows.
    private string? DisabledReasonFor(ConfigField field) =>
        field.Path == "validationFraction" && SelectedVersion?.Split is { Validation: > 0 } split
            ? $"Version {SelectedVersion.Version} has a stored split: its {split.Validation:N0} validation rows validate, so the fraction is unused."
            : null;

    private bool ModelSupports(FineTuneMethod method) => SelectedModel is not { } model || TrainingConfig.SupportsMethod(model, method);

    private void DatasetChanged(string? datasetId)
    {
        _datasetId = datasetId;
        LoadVersions();
        FitModelToDataset();
    }

    private void LoadVersions()
    {
        _versions = _datasetId is null ? [] : Datasets.ListVersions(_datasetId);
        _datasetVersion = _versions.Count > 0 ? _versions[^1].Version : SelectedDataset?.LatestVersion;
    }

    private string VersionLabel(int? version) =>
        _versions.FirstOrDefault(v => v.Version == version) is { } info ? VersionText(info) : version?.ToString() ?? "";

    private static string VersionText(DatasetVersionInfo version)
    {
        var split = version.Split is { } s ? $"split {s.Train:N0} / {s.Validation:N0} / {s.Test:N0}" : "no split";
        var made = version.Operation == DatasetOperationNames.Import ? "import" : version.Operation;
        return $"v{version.Version} · {made} · {version.RowCount:N0} rows · {split}";
    }

    private void FitModelToDataset()
    {
        if ((SelectedModel is not { } model || !Catalog.Fits(model, TrainingTask)) && ModelsForDataset.FirstOrDefault() is { } fitting)
            ModelChanged(fitting.Id);
    }

    private bool HasError(string field) => _errors.Any(e => e.Field == field);
    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private void ModelChanged(string model)
    {
        _config = _config with { Model = model };
        if (!ModelSupports(_config.Method)) _config = _config with { Method = FineTuneMethod.Full };
        SuggestLearningRate();
    }

    private void MethodChanged(FineTuneMethod method)
    {
        _config = _config with { Method = method };
        SuggestLearningRate();
    }

    // Choosing a metric also chooses which way is better, as the task declares (val/accuracy: higher).
    private void FieldChanged(ConfigField field, TrainingConfig next)
    {
        var metric = Catalog.Tasks.Find(TrainingTask)?.Description.Metrics.FirstOrDefault(m => Equals(m.Key, field.Get(next)));
        if (metric is not null && field.Path == "earlyStopping.metric") next = next with { EarlyStopping = next.EarlyStopping with { Mode = metric.Mode } };
        if (metric is not null && field.Path == "checkpoints.bestMetric") next = next with { Checkpoints = next.Checkpoints with { BestMode = metric.Mode } };
        _config = next;
    }

    // Pretrained models want far smaller full fine-tuning rates than the tiny model trained from scratch.
    private void SuggestLearningRate()
    {
        var defaults = new TrainingConfig();
        (double rate, double? head, string? hint) = (_config.Model, _config.Method) switch
        {
            (MiniLmDefinition.Id, FineTuneMethod.Full) => (5e-5, defaults.HeadLearningRate, "5e-5 suits full fine-tuning of a pretrained model"),
            (ResNet18Definition.Id, FineTuneMethod.Full) => (1e-4, 1e-3, "1e-4 suits a pre-trained network; its new head learns at 1e-3"),
            _ => (defaults.LearningRate, defaults.HeadLearningRate, null),
        };
        _learningRateHint = hint;
        if (_config.LearningRate == _suggestedLearningRate) _config = _config with { LearningRate = rate };
        if (_config.HeadLearningRate == _suggestedHeadLearningRate) _config = _config with { HeadLearningRate = head };
        _suggestedLearningRate = rate;
        _suggestedHeadLearningRate = head;
    }

    // Each render may follow a change; the plan is worked out again only when the config or data really changed.
    protected override void OnAfterRender(bool firstRender)
    {
        var dataset = SelectedDataset;
        var config = RunConfig;
        var key = $"{_datasetId}|{RunConfigJson.Serialize(config)}";
        if (key == _plannedFor) return;
        _plannedFor = key;
        _planning?.Cancel();
        _planning = new CancellationTokenSource();
        _planPending = true;
        _ = PlanAsync(config, dataset, _planning.Token);
        StateHasChanged();
    }

    // WhenAny never throws: a cancelled wait just means a newer config has started its own plan.
    private async Task PlanAsync(TrainingConfig config, DatasetSummary? dataset, CancellationToken ct)
    {
        await Task.WhenAny(Task.Delay(PlanDelay, ct));
        if (ct.IsCancellationRequested) return;
        var rows = RunPlans.TrainingRows(config, SelectedVersion, SelectedVersion?.RowCount ?? dataset?.Rows ?? 0);
        var (plan, problem) = await Task.Run(() => Plans.Describe(config, dataset, rows));
        if (ct.IsCancellationRequested) return;
        await InvokeAsync(() =>
        {
            _plan = plan;
            _planProblem = problem;
            _planPending = false;
            StateHasChanged();
        });
    }

    private bool _probing;
    private string? _probe;
    private int? _batchSuggestion;

    private long TrainingRows => RunPlans.TrainingRows(_config, SelectedVersion, SelectedVersion?.RowCount ?? SelectedDataset?.Rows ?? 0);

    // The suggestion replaces the batch size only when the user agrees.
    private async Task FindBatchSizeAsync()
    {
        var dataset = SelectedDataset;
        _probing = true;
        _probe = null;
        _batchSuggestion = null;
        try
        {
            var config = RunConfig;
            var rows = TrainingRows;
            var advice = await Task.Run(() => Plans.FindBatchSize(config, dataset?.Labels.Count ?? 2, rows));
            _probe = advice.Message;
            _batchSuggestion = advice.BatchSize;
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

    private void UseSuggestedBatch()
    {
        if (_batchSuggestion is { } batch) _config = _config with { BatchSize = batch };
        _batchSuggestion = null;
    }

    private void KeepBatch() => _batchSuggestion = null;

    private string? _configJson;
    private string? _copyNote;
    private bool _pasting;
    private string? _pasteText;

    private async Task CopyConfigAsync()
    {
        _configJson = RunConfigJson.Serialize(RunConfig);
        _copyNote = "Copied to the clipboard; it is also in the box below.";
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", _configJson);
        }
        catch (JSException)
        {
            _copyNote = "The browser kept the clipboard closed: copy the JSON from the box below.";
        }
    }

    private void StartPaste()
    {
        _pasting = true;
        _pasteText = null;
    }

    // A pasted config is read exactly as POST /api/runs reads one (unknown or mistyped fields named) and judged as
    // the run would be; nothing changes in the form unless all of it is good.
    private void ApplyPaste()
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(_pasteText ?? "", documentOptions: RunConfigJson.NoDuplicateKeys);
        }
        catch (JsonException e)
        {
            _errors = [new FieldError("config", $"The pasted text is not JSON: {e.Message}")];
            return;
        }
        if (node is not JsonObject json)
        {
            _errors = [new FieldError("config", "Paste a JSON object, as \"Copy config as JSON\" writes it.")];
            return;
        }
        var (request, errors) = RunRequestJson.Parse(json);
        if (request is null)
        {
            _errors = errors;
            return;
        }
        var config = request.Config;
        var invalid = (SelectedDataset is null ? config : config with { Task = TrainingTask }).Validate(Catalog);
        if (invalid.Count > 0)
        {
            _errors = invalid.Select(error => new FieldError(error.Field, error.Message)).ToList();
            return;
        }
        _config = config;
        _suggestedLearningRate = config.LearningRate;
        _suggestedHeadLearningRate = config.HeadLearningRate;
        if (request.Name is not null) _name = request.Name;
        _errors = [];
        _pasting = false;
    }

    private async Task Submit()
    {
        var request = new RunRequest
        {
            Name = _name,
            DatasetId = _datasetId,
            DatasetVersion = _datasetVersion,
            ForkFromCheckpointId = ForkFromCheckpointId,
            Config = _config,
        };
        var (run, errors) = Runs.Create(request, (await Authentication).User);
        _errors = errors;
        if (run is not null) await OnCreated.InvokeAsync(run);
    }

    public void Dispose() => _planning?.Cancel();
}
