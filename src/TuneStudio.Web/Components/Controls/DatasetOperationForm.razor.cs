using Microsoft.AspNetCore.Components;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Components.Controls;

/// <summary>
/// The settings of one cleaning operation (labels picked from the version's), a preview of what it would do (a dry run:
/// rows dropped and changed, label counts, split sizes), and Apply, enabled once the current settings were previewed;
/// a success hands the new version to <see cref="OnApplied"/>.
/// </summary>
public partial class DatasetOperationForm
{
    [Inject] public required DatasetUploads Datasets { get; init; }

    [CascadingParameter] public Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    [Parameter, EditorRequired] public required string Operation { get; set; }

    [Parameter, EditorRequired] public required DatasetVersionInfo BaseVersion { get; set; }

    [Parameter] public EventCallback<DatasetVersionInfo> OnApplied { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    private OperationDraft _draft = new();
    private string _draftFor = "";
    private IReadOnlyList<ValidationError> _errors = [];
    private bool _busy;
    private bool _applying;
    private OperationPreview? _preview;
    private string? _previewedFingerprint;

    // The version's classes, for the label pickers (multi-label and tag datasets list each class once).
    private IReadOnlyList<string> Labels => BaseVersion.LabelCounts.Keys.ToList();

    private string LabelOption(string label) => $"{label} ({BaseVersion.LabelCounts[label]:N0})";

    private bool IsPreviewCurrent => _preview is not null && _previewedFingerprint == _draft.Fingerprint(Operation);

    protected override void OnParametersSet()
    {
        if (_draftFor == $"{Operation}@{BaseVersion.DatasetId}/{BaseVersion.Version}") return;
        _draftFor = $"{Operation}@{BaseVersion.DatasetId}/{BaseVersion.Version}";
        _draft = new OperationDraft();
        _errors = [];
        _preview = null;
        _previewedFingerprint = null;
    }

    private void PickLabels(IEnumerable<string>? labels) => _draft.PickedLabels = labels?.ToList() ?? [];

    private async Task PreviewAsync()
    {
        _busy = true;
        _errors = [];
        try
        {
            var fingerprint = _draft.Fingerprint(Operation);
            var operation = _draft.Build(Operation);
            var result = await Task.Run(() => Datasets.PreviewOperation(BaseVersion.DatasetId, BaseVersion.Version, operation));
            _preview = result.Preview;
            _previewedFingerprint = result.Preview is null ? null : fingerprint;
            _errors = result.Errors;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ApplyAsync()
    {
        if (!IsPreviewCurrent) return;
        _busy = true;
        _applying = true;
        _errors = [];
        try
        {
            var operation = _draft.Build(Operation);
            var by = Authentication is null ? DatasetVersionInfo.Anonymous : Security.StudioClaims.UserName((await Authentication).User);
            var result = await Task.Run(() => Datasets.ApplyOperation(BaseVersion.DatasetId, BaseVersion.Version, operation, by));
            if (!result.Succeeded)
            {
                _errors = result.Errors;
                return;
            }
            await OnApplied.InvokeAsync(result.Version!);
        }
        finally
        {
            _busy = false;
            _applying = false;
        }
    }
}
