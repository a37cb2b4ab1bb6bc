using Microsoft.AspNetCore.Components;
using TuneStudio.Storage;

namespace TuneStudio.Web.Components.Controls;

/// <summary>An image version's rows as a grid of thumbnails with their labels, a page at a time.</summary>
public sealed partial class ImageRowGrid
{
    public const int RowsPerPage = 48;
    private const int ThumbnailSize = 96;

    [Inject] public required DatasetStore Datasets { get; init; }

    [Parameter, EditorRequired] public required string DatasetId { get; set; }

    [Parameter, EditorRequired] public required DatasetVersionInfo Version { get; set; }

    private IReadOnlyList<DatasetRow> _rows = [];
    private int _page = 1;
    private int _shownVersion;

    private int PageCount => (int)Math.Ceiling(Version.RowCount / (double)RowsPerPage);

    protected override void OnParametersSet()
    {
        // A different version starts again at its first page; re-renders of the same version keep the page.
        if (_shownVersion != Version.Version) _page = 1;
        _shownVersion = Version.Version;
        Load();
    }

    private void ShowPage(int page)
    {
        _page = page;
        Load();
    }

    private void Load() => _rows = Datasets.GetRows(DatasetId, Version.Version, (_page - 1) * RowsPerPage, RowsPerPage);
}
