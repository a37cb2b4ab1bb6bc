using TuneStudio.Storage;

namespace TuneStudio.Web.Components.Controls;

// The import bar: an import reads its files twice (validate, then store), so the bytes read over all files count
// against twice their total. Readers that open a file more than that (an IDX set peeks at its files) could run past
// the end, so the bar stops at 99% until the import returns.
internal sealed class ImportProgress(long totalBytes, Action<double> report)
{
    private long _read;

    public Func<Stream> Opener(string path) => () =>
    {
        long previous = 0;
        return new ReadProgressStream(File.OpenRead(path), read =>
        {
            var total = Interlocked.Add(ref _read, read - previous);
            previous = read;
            report(totalBytes == 0 ? 99 : Math.Min(99, 50.0 * total / totalBytes));
        });
    };
}
