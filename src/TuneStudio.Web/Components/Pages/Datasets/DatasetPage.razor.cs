using Microsoft.AspNetCore.Components;
using MudBlazor;
using TuneStudio.Storage;

namespace TuneStudio.Web.Components.Pages.Datasets;

/// <summary>One dataset: a version selector, the selected version's rows, its changes from its parent, the runs that used it, and the operations menu.</summary>
public partial class DatasetPage
{
    [Inject] public required DatasetStore Datasets { get; init; }

    [Inject] public required RunStore Runs { get; init; }

    [Parameter] public string Id { get; set; } = "";

    private DatasetSummary? _dataset;
    private DatasetVersionInfo? _version;
    private IReadOnlyList<DatasetVersionInfo> _versions = [];
    private IReadOnlyList<RunRecord> _runs = [];
    private string? _pendingOperation;
    private MudTable<DatasetRow>? _rows;
    private int _tab;
    private int? _compareFrom;
    // The shown version's split part per row (null without a split), for the rows table's split column.
    private IReadOnlyList<SplitPart>? _parts;
    // The dataset the page shows: in-app navigation to another dataset reuses this component with a new Id.
    private string? _shownDataset;

    /// <summary>The version the Changes tab compares the selected one with: the user's pick, else the parent, else the previous version.</summary>
    private int CompareFrom => _compareFrom is { } chosen && chosen != _version?.Version
        ? chosen
        : _version?.ParentVersion ?? _versions.Where(v => v.Version != _version?.Version).Select(v => v.Version).LastOrDefault();

    private string ChangesTitle => _versions.Count < 2 ? "Changes" : $"Changes from v{CompareFrom}";

    protected override async Task OnParametersSetAsync()
    {
        var another = _shownDataset is not null && _shownDataset != Id;
        _shownDataset = Id;
        if (another)
        {
            // Nothing of the dataset shown before carries over: its pending operation, tab or comparison.
            _pendingOperation = null;
            _tab = 0;
            _compareFrom = null;
        }
        _dataset = Datasets.Get(Id);
        _versions = _dataset is null ? [] : Datasets.ListVersions(Id);
        Show(_versions.LastOrDefault());
        if (another && _rows is not null) await _rows.ReloadServerData();
    }

    private void Show(DatasetVersionInfo? version)
    {
        _version = version;
        _parts = version?.Split is null ? null : Datasets.GetSplit(Id, version.Version)?.Parts;
        _runs = version is null
            ? []
            : Runs.List().Where(r => r.DatasetId == Id && r.DatasetVersion == version.Version).ToList();
    }

    private async Task SelectVersion(int version)
    {
        _compareFrom = null;
        Show(_versions.FirstOrDefault(v => v.Version == version));
        if (_rows is not null) await _rows.ReloadServerData();
    }

    private async Task OnVersionCreated(DatasetVersionInfo created)
    {
        _pendingOperation = null;
        _dataset = Datasets.Get(Id);
        _versions = Datasets.ListVersions(Id);
        await SelectVersion(created.Version);
        _tab = 1;
    }

    private static string VersionLabel(DatasetVersionInfo v) =>
        $"v{v.Version} · {v.Operation} · {v.RowCount:N0} rows";

    private static string Provenance(DatasetVersionInfo v)
    {
        if (v.ParentVersion is not { } parent) return $"imported from {v.SourceFileName} ({v.Format})";
        var parameters = string.Join(", ", v.OperationParameters.Select(p => $"{p.Key}={p.Value}"));
        return parameters.Length == 0 ? $"{v.Operation} of v{parent}" : $"{v.Operation} ({parameters}) of v{parent}";
    }

    private string PartOf(DatasetRow row) => _parts is { } parts && row.Index < parts.Count ? parts[(int)row.Index].ToString().ToLowerInvariant() : "";

    // Rows in each part, in training order, from the version's stored split summary.
    private static IEnumerable<(string Part, long Rows)> PartCounts(SplitSummary split) =>
        [("train", split.Train), ("validation", split.Validation), ("test", split.Test)];

    private Task<TableData<DatasetRow>> LoadRows(TableState state, CancellationToken ct)
    {
        var rows = Datasets.GetRows(Id, _version!.Version, state.Page * state.PageSize, state.PageSize);
        return Task.FromResult(new TableData<DatasetRow> { Items = rows, TotalItems = (int)_version.RowCount });
    }
}
