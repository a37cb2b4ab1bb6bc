using Microsoft.AspNetCore.Components;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Components.Controls;

/// <summary>The settings of one cleaning operation and its Apply button; a success hands the new version to <see cref="OnApplied"/>.</summary>
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

    protected override void OnParametersSet()
    {
        if (_draftFor == Operation) return;
        _draftFor = Operation;
        _draft = new OperationDraft();
        _errors = [];
    }

    private async Task ApplyAsync()
    {
        _busy = true;
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
        }
    }
}
