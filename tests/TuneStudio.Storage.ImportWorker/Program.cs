using TuneStudio.Storage;

// Usage: ImportWorker <data directory> <csv file>
// Imports the file, and once the second (storing) pass has read half of it prints "HALFWAY" and stops reading for
// good, so that the test can kill the process at a point where pages are written but no version is published.
var (dataDirectory, file) = (args[0], args[1]);
using var db = new StudioDatabase(dataDirectory);
var store = new DatasetStore(db);
var opened = 0;
store.ImportTextClassification(
    () => ++opened == 1 ? File.OpenRead(file) : new HangingStream(File.OpenRead(file)),
    Path.GetFileName(file), "killed", null);
Console.WriteLine("FINISHED");

/// <summary>Reads through until half the file is read, then announces it and blocks forever.</summary>
internal sealed class HangingStream(FileStream inner) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_read >= inner.Length / 2)
        {
            Console.WriteLine("HALFWAY");
            Console.Out.Flush();
            Thread.Sleep(Timeout.Infinite);
        }
        var read = inner.Read(buffer, offset, count);
        _read += read;
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => _read; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
