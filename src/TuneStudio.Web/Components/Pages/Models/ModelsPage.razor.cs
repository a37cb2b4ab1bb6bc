using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using TuneStudio.Engine;
using TuneStudio.Web.Models;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Components.Pages.Models;

/// <summary>
/// The catalogue, with who imported each import and the run an export of ours came from; engineers rename and delete
/// imports here (ModelImports holds the rules: built-ins stay, a model a run uses stays, each change audited).
/// </summary>
public partial class ModelsPage
{
    [Inject] public required ModelCatalog Catalog { get; init; }
    [Inject] public required ModelImports Imports { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }

    private IReadOnlyList<ModelInfo> _models = [];
    private Dictionary<string, ImportedModelView> _imports = new();
    private string? _message;
    private Severity _messageSeverity = Severity.Info;
    private string? _renaming;
    private string _newName = "";

    protected override void OnInitialized() => Load();

    private void Load()
    {
        _models = Catalog.All;
        _imports = Imports.ImportedModels().ToDictionary(i => i.Model.Id);
    }

    private ImportedModelView? Import(string id) => _imports.GetValueOrDefault(id);

    private void OnImported(ModelImportResult result)
    {
        Load();
        Say(result.Warnings is { Count: > 0 } warnings ? $"Imported {result.Model!.Name}. {string.Join(" ", warnings)}" : $"Imported {result.Model!.Name}: it is in the list below.",
            result.Warnings is { Count: > 0 } ? Severity.Warning : Severity.Success);
    }

    private void StartRename(ModelInfo model)
    {
        _renaming = model.Id;
        _newName = model.Name;
    }

    private async Task Rename(ModelInfo model)
    {
        // Each action asks who is signed in now: a circuit outliving a role change must not keep engineer rights.
        var user = (await Authentication).User;
        if (!user.CanTrain()) return;
        var result = Imports.Rename(model.Id, _newName, user.UserName());
        if (result.Outcome != ModelChange.Done) { Say(result.Message!, Severity.Error); return; }
        _renaming = null;
        Load();
        Say(result.Message is { } warning ? $"Renamed to {_newName.Trim()}. {warning}" : $"Renamed to {_newName.Trim()}.", result.Message is null ? Severity.Success : Severity.Warning);
    }

    private async Task Delete(ModelInfo model)
    {
        var user = (await Authentication).User;
        if (!user.CanTrain()) return;
        var sure = await Dialogs.ShowMessageBoxAsync("Delete model?", $"Delete {model.Name} ({model.Id}) and its weights? This cannot be undone.", yesText: "Delete", cancelText: "Keep");
        if (sure != true) return;
        var result = Imports.Delete(model.Id, user.UserName());
        if (result.Outcome != ModelChange.Done) { Say(result.Message!, Severity.Error); return; }
        Load();
        Say($"Deleted {model.Name}.", Severity.Success);
    }

    private void Say(string message, Severity severity)
    {
        _message = message;
        _messageSeverity = severity;
    }
}
