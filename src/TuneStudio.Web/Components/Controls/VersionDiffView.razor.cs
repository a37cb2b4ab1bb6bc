using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using MudBlazor;
using TuneStudio.Storage;

namespace TuneStudio.Web.Components.Controls;

/// <summary>
/// The row-level changes from one version to another: counts, label distribution before and after, and a paged
/// table in which a changed field shows its old value struck through beside its new one.
/// </summary>
public partial class VersionDiffView
{
    [Inject] public required DatasetStore Datasets { get; init; }

    [Parameter, EditorRequired] public required string DatasetId { get; set; }

    [Parameter, EditorRequired] public required int From { get; set; }

    [Parameter, EditorRequired] public required int To { get; set; }

    private DatasetDiff? _summary;
    private MudTable<RowChange>? _table;
    private (string, int, int) _loadedFor;

    public sealed record LabelRow(string Label, long Before, long After);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == (DatasetId, From, To)) return;
        _loadedFor = (DatasetId, From, To);
        _summary = Datasets.Diff(DatasetId, From, To, 0, 0);
        if (_table is not null) await _table.ReloadServerData();
    }

    public static IEnumerable<LabelRow> LabelRows(DatasetDiff diff) =>
        diff.LabelsBefore.Keys.Union(diff.LabelsAfter.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(l => new LabelRow(l, diff.LabelsBefore.GetValueOrDefault(l), diff.LabelsAfter.GetValueOrDefault(l)));

    private Task<TableData<RowChange>> LoadChanges(TableState state, CancellationToken ct)
    {
        var diff = Datasets.Diff(DatasetId, From, To, state.Page * state.PageSize, state.PageSize);
        return Task.FromResult(new TableData<RowChange>
        {
            Items = diff?.Changes ?? [],
            TotalItems = (int)Math.Min(int.MaxValue, diff?.TotalChanges ?? 0),
        });
    }

    private bool HasSplit => _summary is { } s && (s.PartsBefore is { Count: > 0 } || s.PartsAfter is { Count: > 0 });

    // Parts in training order (train, validation, test), each side's count: "none" stands for no split on that side.
    public static IEnumerable<LabelRow> PartRows(DatasetDiff diff) =>
        new[] { "train", "validation", "test" }
            .Select(p => new LabelRow(p, diff.PartsBefore?.GetValueOrDefault(p) ?? 0, diff.PartsAfter?.GetValueOrDefault(p) ?? 0));

    private static string SplitValue(RowChange change) => change.ChangedFields.Contains("split")
        ? $"{change.PartBefore ?? "none"} → {change.PartAfter ?? "none"}"
        : change.PartAfter ?? change.PartBefore ?? "";

    private static string Signed(long delta) => delta > 0 ? $"+{delta:N0}" : delta.ToString("N0");

    private static string Position(long? index) => index is { } i ? (i + 1).ToString("N0") : "—";

    private static string FieldClass(RowChange change, string field) =>
        change.ChangedFields.Contains(field) ? "diff-field diff-field-changed" : "diff-field";

    // Old and new values as text nodes inside <del>/<ins>: user text is always encoded, never markup.
    private static RenderFragment FieldValue(RowChange change, string field) => builder =>
    {
        string? Value(RowContent? content) => content is null ? null : field == "text" ? content.Text : content.Label;
        var before = Value(change.Before);
        var after = Value(change.After);
        if (change.Kind == RowChangeKind.Changed && change.ChangedFields.Contains(field))
        {
            Element(builder, "del", before);
            builder.AddContent(10, " → ");
            Element(builder, "ins", after);
        }
        else
        {
            builder.AddContent(20, after ?? before);
        }
    };

    private static void Element(RenderTreeBuilder builder, string name, string? text)
    {
        builder.OpenElement(0, name);
        builder.AddContent(1, text);
        builder.CloseElement();
    }
}
