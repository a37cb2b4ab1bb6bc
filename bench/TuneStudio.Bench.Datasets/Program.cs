using System.Diagnostics;
using System.Text;
using TuneStudio.Storage;

// Imports generated CSVs of each size into a fresh studio, then times a 10-row edit and diffs. One size per
// process, so each peak-memory figure belongs to its own import: run as `dotnet run -c Release -- 100000`.
var rows = args.Length > 0 ? int.Parse(args[0]) : 100_000;
var root = Path.Combine(Path.GetTempPath(), "tunestudio-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(root);
try
{
    var csv = Path.Combine(root, "bench.csv");
    WriteCsv(csv, rows);
    var bytes = new FileInfo(csv).Length;
    using var db = new StudioDatabase(Path.Combine(root, "data"));
    var store = new DatasetStore(db);

    var baseline = Process.GetCurrentProcess().PeakWorkingSet64;
    var clock = Stopwatch.StartNew();
    var result = store.ImportTextClassification(() => File.OpenRead(csv), "bench.csv", "bench", null);
    var import = clock.Elapsed;
    if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors));
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    var id = result.Dataset!.Id;
    Console.WriteLine($"rows={rows:N0} file={bytes / 1e6:0.0} MB import={import.TotalSeconds:0.00} s " +
        $"({rows / import.TotalSeconds:N0} rows/s, {bytes / 1e6 / import.TotalSeconds:0.0} MB/s) peak working set={peak / 1e6:0} MB (before import {baseline / 1e6:0} MB)");

    clock.Restart();
    var deep = store.GetRows(id, 1, rows - 150, 100);
    Console.WriteLine($"rows page at {rows - 150:N0} (100 rows) = {clock.Elapsed.TotalMilliseconds:0.0} ms");
    clock.Restart();
    var streamed = store.ReadAllRows(id, 1).Count();
    Console.WriteLine($"stream all {streamed:N0} rows = {clock.Elapsed.TotalSeconds:0.00} s");

    clock.Restart();
    store.ApplyOperation(id, 1, new TrimWhitespace());
    Console.WriteLine($"trim (10 rows change) = {clock.Elapsed.TotalSeconds:0.00} s");
    clock.Restart();
    var small = store.Diff(id, 1, 2, 0, 100)!;
    Console.WriteLine($"diff v1→v2 ({small.TotalChanges} changes) = {clock.Elapsed.TotalMilliseconds:0} ms");

    store.ApplyOperation(id, 2, new RenameLabel("label0", "zero"));
    clock.Restart();
    var large = store.Diff(id, 1, 3, 0, 100)!;
    Console.WriteLine($"diff v1→v3 ({large.TotalChanges:N0} changes) = {clock.Elapsed.TotalMilliseconds:0} ms");
    var file = new FileInfo(Path.Combine(root, "data", StudioDatabase.FileName)).Length;
    Console.WriteLine($"database file = {file / 1e6:0.0} MB; peak working set overall = {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
}
finally
{
    Directory.Delete(root, recursive: true);
}

static void WriteCsv(string path, int rows)
{
    using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
    writer.Write("text,label\n");
    for (var i = 0; i < rows; i++)
    {
        // Ten padded rows, so trimming changes exactly ten.
        var text = i % (rows / 10) == 7 ? $"\" example {i} \"" : $"example sentence number {i} with a handful of ordinary words";
        writer.Write($"{text},label{i % 5}\n");
    }
}
