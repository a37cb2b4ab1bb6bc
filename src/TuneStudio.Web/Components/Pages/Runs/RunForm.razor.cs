using Microsoft.AspNetCore.Components;
using TuneStudio.Engine;
using TuneStudio.Storage;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Components.Pages.Runs;

// The new-run form. The server's RunService decides what is valid; the form shows its answer field by field.
public sealed partial class RunForm
{
    [Inject] public required RunService Runs { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }

    [Parameter] public string? DatasetId { get; set; }
    [Parameter] public EventCallback<RunRecord> OnCreated { get; set; }
    [CascadingParameter] public required Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> Authentication { get; set; }
    [Parameter] public EventCallback OnCancel { get; set; }

    private static readonly TrainingConfig Defaults = new();

    private IReadOnlyList<DatasetSummary> _datasets = [];
    private IReadOnlyList<FieldError> _errors = [];
    private string? _name;
    private string? _datasetId;
    private int? _datasetVersion;
    private string _model = Defaults.Model;
    private string _method = "lora";
    private double _learningRate = Defaults.LearningRate;
    private int _batchSize = Defaults.BatchSize;
    private int _epochs = Defaults.Epochs;
    private int _seed = Defaults.Seed;
    private double _validationFraction = Defaults.ValidationFraction;
    private int _warmupSteps = Defaults.WarmupSteps;
    private int _loraRank = Defaults.Lora.Rank;
    private double _loraAlpha = Defaults.Lora.Alpha;
    private double _loraDropout = Defaults.Lora.Dropout;
    private string _loraTargets = string.Join(", ", Defaults.Lora.TargetModules);
    private int _trainableTopLayers = Defaults.TrainableTopLayers;

    protected override void OnInitialized()
    {
        _datasets = Datasets.List();
        _datasetId = DatasetId ?? _datasets.FirstOrDefault()?.Id;
        _datasetVersion = _datasets.FirstOrDefault(d => d.Id == _datasetId)?.LatestVersion;
    }

    private bool HasError(string field) => _errors.Any(e => e.Field == field);
    private string? ErrorFor(string field) => _errors.FirstOrDefault(e => e.Field == field)?.Message;

    private async Task Submit()
    {
        var request = new CreateRunRequest
        {
            Name = _name,
            DatasetId = _datasetId,
            DatasetVersion = _datasetVersion,
            Model = _model,
            Method = _method,
            LearningRate = _learningRate,
            BatchSize = _batchSize,
            Epochs = _epochs,
            Seed = _seed,
            ValidationFraction = _validationFraction,
            WarmupSteps = _warmupSteps,
            TrainableTopLayers = _trainableTopLayers,
            Lora = new LoraRequest
            {
                Rank = _loraRank,
                Alpha = _loraAlpha,
                Dropout = _loraDropout,
                TargetModules = _loraTargets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            },
        };
        var (run, errors) = Runs.Create(request, (await Authentication).User);
        _errors = errors;
        if (run is not null) await OnCreated.InvokeAsync(run);
    }
}
