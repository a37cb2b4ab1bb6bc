using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using TuneStudio.Storage;
using TuneStudio.Storage.Reviews;
using TuneStudio.Web.Reviews;
using TuneStudio.Web.Security;

namespace TuneStudio.Web.Components.Pages.Review;

/// <summary>
/// One item at a time from the signed-in user's queue. Keys come from wwwroot/js/review-keys.js, so the page answers
/// the keyboard wherever focus is (except in the comment field). Every save carries the revision the item was shown
/// at; a stale one shows who changed it and lets the user keep theirs or overwrite with theirs deliberately.
/// </summary>
public partial class ReviewQueuePage
{
    [Inject] public required ReviewService Service { get; init; }
    [Inject] public required DatasetStore Datasets { get; init; }
    [Inject] public required LabelDefinitionStore LabelDefinitions { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [CascadingParameter] public required Task<AuthenticationState> Authentication { get; set; }
    [Parameter, EditorRequired] public required string TaskId { get; set; }

    private ReviewStore Reviews => Service.Store;

    private ReviewTaskDocument? _task;
    private string _datasetName = "";
    private ReviewTaskDocument? _nextTask;
    private bool _canUndo;
    private string? _undone;
    private ReviewItemView? _item;
    private IReadOnlyDictionary<string, LabelDefinition> _definitions = new Dictionary<string, LabelDefinition>();
    private string _user = "";
    private bool _assigned;
    private bool _keysReady;
    private string? _picked;
    private bool _flagging;
    private string _comment = "";
    private MudBlazor.MudTextField<string>? _commentField;
    private bool _focusComment;
    private string? _error;
    private SaveResult? _conflict;
    private AnnotationInput? _rejected;
    private TagSpanEditor? _spans;
    private IJSObjectReference? _module, _listener;
    private DotNetObjectReference<ReviewQueuePage>? _self;

    private string? Chosen => _picked ?? _item?.CurrentLabel;

    // A sentence's answer is its whole tag sequence, edited span by span in the TagSpanEditor.
    private bool IsSentence => _task?.Task == DatasetTasks.TokenClassification;

    private string? Answer => IsSentence && _spans is not null ? string.Join(' ', _spans.Tags) : Chosen;

    private string KeysHelp => IsSentence
        ? "click a token (Shift+click a run) or ←/→ (Shift extends), 1–9 set its entity type, 0 clears to O, Enter accepts, S skips, F flags, B goes back"
        : "1–9 pick a label, Enter accepts, S skips, F flags, B goes back";

    protected override async Task OnParametersSetAsync()
    {
        _user = (await Authentication).User.UserName();
        Reload();
    }

    private void Reload()
    {
        _task = Reviews.Get(TaskId);
        if (_task is null) return;
        _assigned = _task.Annotators.Contains(_user, StringComparer.OrdinalIgnoreCase);
        _datasetName = Datasets.Get(_task.DatasetId)?.Name ?? _task.DatasetId;
        _definitions = LabelDefinitions.Get(_task.DatasetId, _task.Version);
        LoadNext();
    }

    private void LoadNext()
    {
        _item = Reviews.Next(TaskId, _user);
        ShowState();
        _undone = null;
        _picked = null;
        _flagging = false;
        _comment = "";
        _error = null;
        _conflict = null;
        _rejected = null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusComment && _commentField is not null)
        {
            // F opens the comment field with the caret in it, so a flag needs no mouse either.
            _focusComment = false;
            await _commentField.FocusAsync();
        }
        if (!firstRender) return;
        _self = DotNetObjectReference.Create(this);
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/review-keys.js");
        // Sentences also take 0 and the arrow keys; other queues leave them to the browser (scrolling).
        _listener = await _module.InvokeAsync<IJSObjectReference>("listen", _self, IsSentence);
        // Browser tests (and people quick off the mark) wait for this before typing.
        _keysReady = true;
        StateHasChanged();
    }

    [JSInvokable]
    public Task OnReviewKey(string key) => InvokeAsync(() =>
    {
        if (_conflict is not null) return;
        if (_item is null) { if (key == "B") { Back(); StateHasChanged(); } return; }
        if (IsSentence && _spans is not null && _spans.HandleKey(key)) { }
        else if (key.Length == 1 && char.IsDigit(key[0]))
        {
            var index = key[0] - '1';
            if (index >= 0 && index < _item.Labels.Count) Pick(_item.Labels[index]);
        }
        else if (key == "Enter") Accept();
        else if (key == "S") Skip();
        else if (key == "F") StartFlag();
        else if (key == "B") Back();
        StateHasChanged();
    });

    private void Pick(string label) => _picked = label;

    // review-keys.js leaves text fields alone, so Enter in the comment is handled here: it sends the flag.
    private void OnCommentKey(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e)
    {
        if (e.Key == "Enter") Flag();
    }

    private void StartFlag()
    {
        _flagging = true;
        _focusComment = true;
    }

    private void Accept() => Save(new AnnotationInput(Answer, false, false, null, _item!.BasedOn));

    private void Skip() => Save(new AnnotationInput(null, true, false, null, _item!.BasedOn));

    private void Flag()
    {
        if (string.IsNullOrWhiteSpace(_comment)) { _error = "Say what is wrong before flagging."; return; }
        // A flag carries a label only when the annotator chose one: a picked class, or tags they edited.
        var label = IsSentence ? (Answer != _item!.CurrentLabel ? Answer : null) : _picked;
        Save(new AnnotationInput(label, false, true, _comment, _item!.BasedOn));
    }

    private void Save(AnnotationInput input)
    {
        if (_item is null) return;
        var result = Service.Annotate(TaskId, _item.ItemId, _user, input);
        switch (result.Outcome)
        {
            case SaveOutcome.Saved: LoadNext(); break;
            case SaveOutcome.Conflict: _conflict = result; _rejected = input; break;
            default: _error = result.Message; break;
        }
    }

    private void KeepTheirs() => LoadNext();

    // Back: the latest answer is taken back (audited) and its item shown again with that answer chosen.
    private void Back()
    {
        if (!_canUndo) return;
        var result = Service.Undo(TaskId, _user);
        if (result.Outcome != SaveOutcome.Saved || result.Item is null) { _error = result.Message; return; }
        LoadNext();
        _item = result.Item;
        var removed = result.Removed!;
        _picked = removed.Skipped || IsSentence ? null : removed.Label;
        _undone = removed.Skipped ? "skipped" : removed.FlagComment is not null ? $"flagged \"{removed.FlagComment}\"" : removed.Label;
    }

    // Whether Back has an answer to take back, and, once the queue is empty, which task of theirs has work left.
    private void ShowState()
    {
        var task = Reviews.Get(TaskId);
        _canUndo = task is { Closed: false } && task.Items.Any(i => i.Annotations.Any(a => string.Equals(a.User, _user, StringComparison.OrdinalIgnoreCase)));
        _nextTask = _item is not null ? null : Reviews.List()
            .Where(t => t.Id != TaskId && !t.Closed && t.Annotators.Contains(_user, StringComparer.OrdinalIgnoreCase))
            .OrderBy(t => t.CreatedAt)
            .FirstOrDefault(t => Reviews.Next(t.Id, _user) is not null);
    }

    private void UseMine()
    {
        if (_rejected is null || _conflict is null) return;
        Save(_rejected with { BasedOn = _conflict.CurrentRevision });
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_listener is not null) { await _listener.InvokeVoidAsync("stop"); await _listener.DisposeAsync(); }
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone, and its listener with it.
        }
        _self?.Dispose();
    }
}
