using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Components.Controls;

// Upload in two steps: the browser's file is streamed to a temporary file (progress shown), its columns
// are read, and the user maps them if they are not named text and label; then the import validates
// the whole file and stores it, or lists what is wrong by row and field.
public sealed partial class UploadDatasetForm : IDisposable
{
    [Inject] public required DatasetUploads Uploads { get; init; }

    [Parameter] public EventCallback<DatasetSummary> OnImported { get; set; }
    [CascadingParameter] public required Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> Authentication { get; set; }

    private string _name = "";
    private string _task = DatasetTasks.TextClassification;
    private string? _fileName;
    private string? _spooled;
    private long _length;
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

    private async Task OnFileChosen(InputFileChangeEventArgs e)
    {
        DeleteSpooled();
        _errors = [];
        _columns = null;
        var file = e.File;
        _fileName = file.Name;
        if (string.IsNullOrWhiteSpace(_name)) _name = Path.GetFileNameWithoutExtension(file.Name);
        if (file.Size > Uploads.MaxBytes)
        {
            ShowErrors([new ValidationError(0, "file", $"{file.Name} is {file.Size:N0} bytes; the upload cap is {Uploads.MaxBytes:N0} bytes.")], 1);
            return;
        }

        _busy = true;
        var path = Path.Combine(Path.GetTempPath(), $"tunestudio-upload-{Guid.NewGuid():N}{Path.GetExtension(file.Name)}");
        try
        {
            await using (var source = file.OpenReadStream(Uploads.MaxBytes))
            await using (var target = File.Create(path))
            {
                var buffer = new byte[81920];
                long copied = 0;
                int read;
                while ((read = await source.ReadAsync(buffer)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read));
                    copied += read;
                    _spoolProgress = file.Size == 0 ? 100 : 100.0 * copied / file.Size;
                    StateHasChanged();
                }
            }
            _spooled = path;
            _length = file.Size;
            _columns = Uploads.PeekColumns(() => File.OpenRead(path), file.Name);
            // "split" is read without a mapping too: it assigns each row to train, validation or test.
            var (textName, secondName) = _task == DatasetTasks.SentencePairs ? ("source", "target") : ("text", "label");
            // Images carry their labels in folder names or IDX label files: there are no columns to map.
            _needsMapping = _task != DatasetTasks.ImageClassification && !(_columns.Contains(textName) && _columns.Contains(secondName) &&
                _columns.All(c => c == textName || c == secondName || c == "split"));
            _textColumn = _columns.Contains("text") ? "text" : _columns.FirstOrDefault();
            _labelColumn = _columns.Contains("label") ? "label" : _columns.Skip(1).FirstOrDefault();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            File.Delete(path);
            ShowErrors([new ValidationError(0, "file", $"{file.Name} could not be read: {ex.Message}")], 1);
        }
        finally
        {
            _busy = false;
            _spoolProgress = null;
        }
    }

    private async Task ImportAsync()
    {
        if (_spooled is null || _fileName is null) return;
        _busy = true;
        _cancelled = false;
        _errors = [];
        _importProgress = 0;
        var path = _spooled;
        var mapping = _needsMapping && _textColumn is not null && _labelColumn is not null
            ? new ColumnMapping(_textColumn, _labelColumn) { SplitColumn = _columns?.Contains("split") == true ? "split" : null }
            : null;
        var request = new UploadRequest(_fileName, _name, _task, mapping);
        var by = Security.StudioClaims.UserName((await Authentication).User);
        using var cancellation = new CancellationTokenSource();
        _importCancellation = cancellation;
        ImportResult result;
        try
        {
            // Validation reads the whole file: keep it off the circuit's thread.
            result = await Task.Run(() => Uploads.Import(OpenWithProgress(path), _length, request, cancellation.Token, by));
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
        await OnImported.InvokeAsync(result.Dataset!);
    }

    private void CancelImport() => _importCancellation?.Cancel();

    /// <summary>
    /// The import reads the file twice (validate, then store); each pass is half of the bar. Redraws are limited to
    /// ten a second, because reads come every few kilobytes.
    /// </summary>
    private Func<Stream> OpenWithProgress(string path)
    {
        var pass = 0;
        return () =>
        {
            var passStart = 50.0 * Math.Min(pass++, 1);
            return new ReadProgressStream(File.OpenRead(path), read =>
            {
                _importProgress = passStart + (_length == 0 ? 50 : 50.0 * read / _length);
                var now = Environment.TickCount64;
                if (now - _lastProgressRedraw < 100) return;
                _lastProgressRedraw = now;
                _ = InvokeAsync(StateHasChanged);
            });
        };
    }

    private void ShowErrors(IReadOnlyList<ValidationError> errors, long total)
    {
        _errors = errors;
        _totalErrors = total;
    }

    private void DeleteSpooled()
    {
        if (_spooled is not null && File.Exists(_spooled)) File.Delete(_spooled);
        _spooled = null;
    }

    private static string FormatBytes(long bytes) => bytes >= 1 << 20 ? $"{bytes / (1024.0 * 1024):0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    public void Dispose()
    {
        _importCancellation?.Cancel();
        DeleteSpooled();
    }
}
