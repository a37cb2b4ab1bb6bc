using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Components.Controls;

// Upload in two steps: the browser's file (or an image set's several files) is streamed to temporary files
// (progress shown), a text file's columns are read, and the user maps them if they are not named text and label;
// then the import validates everything and stores it, or lists what is wrong by row and field.
public sealed partial class UploadDatasetForm : IDisposable
{
    [Inject] public required DatasetUploads Uploads { get; init; }
    [Inject] public required StudioPaths Paths { get; init; }

    [Parameter] public EventCallback<DatasetSummary> OnImported { get; set; }
    [CascadingParameter] public required Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> Authentication { get; set; }

    // Fashion-MNIST comes as four IDX files; more than this many at once is surely a mistake.
    private const int MaxFiles = 16;
    // The picker hands over a few more than that, so a pick of too many is refused by name rather than cut short.
    private const int PickLimit = 1_000;

    private sealed record SpooledFile(string Name, string Path, long Length);

    private string _name = "";
    // The name filled in from the chosen files; replaced by the next pick unless the user typed their own.
    private string? _suggestedName;
    private bool _keepValidRows;
    private string _task = DatasetTasks.TextClassification;
    private string? _fileName;
    private IReadOnlyList<SpooledFile> _spooled = [];
    private double? _spoolProgress;
    private bool _busy;
    private IReadOnlyList<string>? _columns;
    private bool _needsMapping;
    private string? _textColumn, _labelColumn;
    private IReadOnlyList<ValidationError> _errors = [];
    private long _totalErrors;
    private double? _importProgress;
    private CancellationTokenSource? _importCancellation;
    private bool _cancelled;
    private long _lastProgressRedraw;

    // Several files only make one dataset as an image set (MNIST-format IDX files); every other task takes one file.
    private bool AcceptsSeveralFiles => _task == DatasetTasks.ImageClassification;

    private long SpooledLength => _spooled.Sum(file => file.Length);

    private async Task OnFileChosen(InputFileChangeEventArgs e)
    {
        DeleteSpooled();
        _errors = [];
        _columns = null;
        if (e.FileCount > MaxFiles)
        {
            _fileName = $"{e.FileCount} files";
            ShowErrors([new ValidationError(0, "file", $"{e.FileCount} files were chosen; at most {MaxFiles} can be imported together.")], 1);
            return;
        }
        var files = e.GetMultipleFiles(MaxFiles);
        _fileName = string.Join(", ", files.Select(file => file.Name));
        if (string.IsNullOrWhiteSpace(_name) || _name == _suggestedName)
            _name = _suggestedName = DatasetNames.Suggest(files.Select(file => file.Name).ToList(), DateTime.UtcNow);
        if (files.Count > 1 && !AcceptsSeveralFiles)
        {
            ShowErrors([new ValidationError(0, "file", $"{files.Count} files were chosen; {_task} takes one file (several files are for image classification, e.g. MNIST-format IDX sets).")], 1);
            return;
        }
        var total = files.Sum(file => file.Size);
        if (total > Uploads.MaxBytes)
        {
            var what = files.Count == 1 ? $"{files[0].Name} is" : "The files are together";
            ShowErrors([new ValidationError(0, "file", $"{what} {total:N0} bytes; the upload cap is {Uploads.MaxBytes:N0} bytes.")], 1);
            return;
        }

        _busy = true;
        var spooled = new List<SpooledFile>();
        try
        {
            long copied = 0;
            foreach (var file in files)
            {
                var path = Paths.NewTempFile("upload", Path.GetExtension(file.Name));
                spooled.Add(new SpooledFile(file.Name, path, file.Size));
                await using var source = file.OpenReadStream(Uploads.MaxBytes);
                await using var target = File.Create(path);
                var buffer = new byte[81920];
                int read;
                while ((read = await source.ReadAsync(buffer)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read));
                    copied += read;
                    _spoolProgress = total == 0 ? 100 : 100.0 * copied / total;
                    StateHasChanged();
                }
            }
            _spooled = spooled;
            if (_task == DatasetTasks.ImageClassification)
            {
                // Images carry their labels in folder names or IDX label files: there are no columns to map.
                _needsMapping = false;
                return;
            }
            var only = spooled[0];
            _columns = Uploads.PeekColumns(() => File.OpenRead(only.Path), only.Name);
            // "split" is read without a mapping too: it assigns each row to train, validation or test.
            var (textName, secondName) = _task == DatasetTasks.SentencePairs ? ("source", "target") : ("text", "label");
            _needsMapping = !(_columns.Contains(textName) && _columns.Contains(secondName) &&
                _columns.All(c => c == textName || c == secondName || c == "split"));
            _textColumn = _columns.Contains("text") ? "text" : _columns.FirstOrDefault();
            _labelColumn = _columns.Contains("label") ? "label" : _columns.Skip(1).FirstOrDefault();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            foreach (var file in spooled) File.Delete(file.Path);
            _spooled = [];
            ShowErrors([new ValidationError(0, "file", $"{_fileName} could not be read: {ex.Message}")], 1);
        }
        finally
        {
            _busy = false;
            _spoolProgress = null;
        }
    }

    private async Task ImportAsync()
    {
        if (_spooled.Count == 0 || _fileName is null) return;
        _busy = true;
        _cancelled = false;
        _errors = [];
        _importProgress = 0;
        var files = _spooled;
        var total = SpooledLength;
        var mapping = _needsMapping && _textColumn is not null && _labelColumn is not null
            ? new ColumnMapping(_textColumn, _labelColumn) { SplitColumn = _columns?.Contains("split") == true ? "split" : null }
            : null;
        var task = _task;
        var name = _name;
        var by = Security.StudioClaims.UserName((await Authentication).User);
        using var cancellation = new CancellationTokenSource();
        _importCancellation = cancellation;
        ImportResult result;
        try
        {
            var progress = new ImportProgress(total, percent => ShowImportProgress(percent));
            // Validation reads every file whole: keep it off the circuit's thread.
            result = await Task.Run(() => task == DatasetTasks.ImageClassification
                ? Uploads.ImportImages(files.Select(file => new ImageUpload(file.Name, progress.Opener(file.Path))).ToList(), total, name, cancellation.Token, by)
                : Uploads.Import(progress.Opener(files[0].Path), total, new UploadRequest(files[0].Name, name, task, mapping, _keepValidRows), cancellation.Token, by));
        }
        catch (OperationCanceledException)
        {
            _cancelled = true;
            return;
        }
        finally
        {
            _busy = false;
            _importProgress = null;
            _importCancellation = null;
        }
        if (!result.Succeeded)
        {
            ShowErrors(result.Errors, result.TotalErrorCount);
            return;
        }
        DeleteSpooled();
        _columns = null;
        _name = "";
        _suggestedName = null;
        await OnImported.InvokeAsync(result.Dataset!);
    }

    private void CancelImport() => _importCancellation?.Cancel();

    // Reads come every few kilobytes: redraw at most ten times a second.
    private void ShowImportProgress(double percent)
    {
        _importProgress = percent;
        var now = Environment.TickCount64;
        if (now - _lastProgressRedraw < 100) return;
        _lastProgressRedraw = now;
        _ = InvokeAsync(StateHasChanged);
    }

    private void ShowErrors(IReadOnlyList<ValidationError> errors, long total)
    {
        _errors = errors;
        _totalErrors = total;
    }

    private void DeleteSpooled()
    {
        foreach (var file in _spooled)
            if (File.Exists(file.Path)) File.Delete(file.Path);
        _spooled = [];
    }

    private static string FormatBytes(long bytes) => TuneStudio.Engine.ByteSize.Format(bytes);

    public void Dispose()
    {
        _importCancellation?.Cancel();
        DeleteSpooled();
    }
}
