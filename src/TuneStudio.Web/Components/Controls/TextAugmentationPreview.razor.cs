using Microsoft.AspNetCore.Components;
using TuneStudio.Engine.Augmentation;
using TuneStudio.Web.Datasets;
using TuneStudio.Web.Runs;

namespace TuneStudio.Web.Components.Controls;

// Text noise on a handful of rows, with probabilities and a seed the user picks; starts with mild noise so the panel
// shows something at once. The rules are the run config's, so what previews here is what a run accepts.
public sealed partial class TextAugmentationPreview
{
    private const int Rows = 8;

    [Inject] public required AugmentationPreviews Previews { get; init; }

    [Parameter, EditorRequired] public required string DatasetId { get; set; }
    [Parameter, EditorRequired] public required int Version { get; set; }

    private double _deletion = 0.1;
    private double _swap = 0.1;
    private double _typo = 0.03;
    private int _seed = new AugmentationPreviewRequest().Seed;
    private int _epoch = 1;
    private AugmentationPreview? _preview;
    private IReadOnlyList<FieldError> _errors = [];
    private (string, int)? _shown;

    protected override void OnParametersSet()
    {
        if (_shown == (DatasetId, Version)) return;
        _shown = (DatasetId, Version);
        Show();
    }

    private void Show()
    {
        var request = new AugmentationPreviewRequest
        {
            Text = new TextAugmentationOptions { DeletionProbability = _deletion, SwapProbability = _swap, TypoProbability = _typo },
            Seed = _seed, Epoch = _epoch, Take = Rows,
        };
        _errors = request.Validate();
        if (_errors.Count == 0) _preview = Previews.Preview(DatasetId, Version, request);
    }

    private string? ErrorFor(string field) => _errors.FirstOrDefault(error => error.Field == field)?.Message;
}
