using Microsoft.AspNetCore.Components;
using TuneStudio.Storage.Reviews;

namespace TuneStudio.Web.Components.Pages.Review;

/// <summary>
/// Edits one sentence's IOB2 tags span by span. The selection runs from an anchor to a cursor; a type or a clear
/// applies to the whole run through <see cref="TagSpans.Label"/>, which keeps the tags valid IOB2. The queue page
/// forwards its keys to <see cref="HandleKey"/> and saves <see cref="Tags"/> when the annotator accepts.
/// </summary>
public partial class TagSpanEditor
{
    private const int Palette = 6;

    [Parameter, EditorRequired] public required IReadOnlyList<string> Tokens { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<string> InitialTags { get; set; }
    [Parameter, EditorRequired] public required IReadOnlyList<string> EntityTypes { get; set; }

    private string[] _tags = [];
    private int _anchor, _cursor;

    /// <summary>The tags as edited so far.</summary>
    public IReadOnlyList<string> Tags => _tags;

    // The page keys the editor by item, so a new item is a new editor: the initial tags are read once.
    protected override void OnInitialized() => _tags = InitialTags.ToArray();

    private int First => Math.Min(_anchor, _cursor);
    private int Last => Math.Max(_anchor, _cursor);
    private bool IsSelected(int i) => i >= First && i <= Last;

    /// <summary>Digits 1–9 set the selection's entity type, 0 clears it to O, ←/→ move (with "Shift+" they extend). False for other keys.</summary>
    public bool HandleKey(string key)
    {
        switch (key)
        {
            case "0": Apply(null); return true;
            case { Length: 1 } when key[0] is >= '1' and <= '9':
                var index = key[0] - '1';
                if (index < EntityTypes.Count) Apply(EntityTypes[index]);
                return true;
            case "ArrowLeft": Select(Math.Max(0, _cursor - 1), extend: false); return true;
            case "ArrowRight": Select(Math.Min(Tokens.Count - 1, _cursor + 1), extend: false); return true;
            case "Shift+ArrowLeft": Select(Math.Max(0, _cursor - 1), extend: true); return true;
            case "Shift+ArrowRight": Select(Math.Min(Tokens.Count - 1, _cursor + 1), extend: true); return true;
            default: return false;
        }
    }

    private void Select(int index, bool extend)
    {
        _cursor = index;
        if (!extend) _anchor = index;
        StateHasChanged();
    }

    private void Apply(string? type)
    {
        if (_tags.Length == 0) return;
        _tags = TagSpans.Label(_tags, First, Last, type);
        StateHasChanged();
    }

    private string TokenClass(int i, string? type) =>
        "ner-token" + (IsSelected(i) ? " ner-selected" : "")
        + (type is null ? "" : $" ner-entity ner-type-{Math.Max(0, IndexOf(type)) % Palette}")
        + (_tags[i].StartsWith("B-", StringComparison.Ordinal) ? " ner-begin" : "");

    private int IndexOf(string type)
    {
        for (var i = 0; i < EntityTypes.Count; i++) if (EntityTypes[i] == type) return i;
        return -1;
    }
}
