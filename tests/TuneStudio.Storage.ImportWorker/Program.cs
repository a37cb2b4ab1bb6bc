using TuneStudio.Storage;

// Usage: ImportWorker <data directory> <csv file>
// Imports the file, and once the second (storing) pass has read half of it prints "HALFWAY" and stops reading for
// good, so that the test can kill the process at a point where pages are written but no version is published.
var (dataDirectory, file) = (args[0], args[1]);
using var db = new StudioDatabase(dataDirectory);
var store = new DatasetStore(db);
var opened = 0;
store.ImportTextClassification(
    () => ++opened == 1 ? File.OpenRead(file) : new ReadProgressStream(File.OpenRead(file), read =>
    {
        if (read < new FileInfo(file).Length / 2) return;
        Console.WriteLine("HALFWAY");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }),
    Path.GetFileName(file), "killed", null);
Console.WriteLine("FINISHED");
