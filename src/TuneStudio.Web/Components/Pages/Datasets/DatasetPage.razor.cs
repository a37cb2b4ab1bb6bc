using Microsoft.AspNetCore.Components;
using MudBlazor;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Components.Pages.Datasets;

/// <summary>
/// One dataset: a version selector, the selected version's rows (searched and sorted by the store), its changes from its
/// parent, the runs that used it, the operations menu (a toast names each new version) and delete.
/// </summary>
public partial class DatasetPage
{
    [Inject] public required DatasetStore Datasets { get; init; }

    [Inject] public required DatasetDeletion Deletion { get; init; }

    [Inject] public required ISnackbar Snackbar { get; init; }

    [Inject] public required IDialogService Dialogs { get; init; }

    [Inject] public required NavigationManager Navigation { get; init; }

    [CascadingParameter] public Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

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
    private string _search = "";
    private string? _deleteRefusal;
    private RejectedRowsReport? _rejected;
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
        _rejected = _dataset is null ? null : Datasets.GetRejectedRows(Id);
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
        Snackbar.Add($"Version {created.Version} created: {OperationDraft.Describe(created.Operation)} of v{created.ParentVersion}, {created.RowCount:N0} rows.", Severity.Success);
    }

    private async Task SearchAsync(string? search)
    {
        _search = search ?? "";
        if (_rows is not null) await _rows.ReloadServerData();
    }

    private async Task DeleteAsync()
    {
        _deleteRefusal = Deletion.BlockedBy(Id);
        if (_deleteRefusal is not null) return;
        var confirmed = await Dialogs.ShowMessageBoxAsync("Delete dataset",
            $"Delete '{_dataset!.Name}' with all {_versions.Count} version(s)? Runs that used it keep their records. This cannot be undone.",
            yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true) return;
        var by = Authentication is null ? DatasetVersionInfo.Anonymous : Security.StudioClaims.UserName((await Authentication).User);
        var outcome = Deletion.Delete(Id, by);
        if (outcome.Refusal is not null)
        {
            _deleteRefusal = outcome.Refusal;
            return;
        }
        Snackbar.Add($"Dataset '{_dataset.Name}' deleted.", Severity.Success);
        Navigation.NavigateTo("/datasets");
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
        var sort = state.SortDirection == SortDirection.None ? RowSort.Position : state.SortLabel switch
        {
            "text" => RowSort.Text,
            "label" => RowSort.Label,
            _ => RowSort.Position,
        };
        var search = new RowSearch(_search, sort, state.SortDirection == SortDirection.Descending);
        var found = Datasets.FindRows(Id, _version!.Version, search, state.Page * state.PageSize, state.PageSize);
        return Task.FromResult(new TableData<DatasetRow> { Items = found?.Rows ?? [], TotalItems = (int)(found?.Total ?? 0) });
    }
}
