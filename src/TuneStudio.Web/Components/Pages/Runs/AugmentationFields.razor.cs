using Microsoft.AspNetCore.Components;

namespace TuneStudio.Web.Components.Pages.Runs;

public sealed partial class AugmentationFields
{
    [Parameter, EditorRequired] public required AugmentationModel Model { get; set; }

    // The server's message for a field ("augmentation.text.typoProbability"), or null when it has none.
    [Parameter, EditorRequired] public required Func<string, string?> ErrorFor { get; set; }

    // The chosen dataset's task decides which group shows: text noise, image transforms, or none (NER).
    [Parameter, EditorRequired] public required string DatasetTask { get; set; }
}
