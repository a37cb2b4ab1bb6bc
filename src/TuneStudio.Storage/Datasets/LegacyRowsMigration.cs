using System.Globalization;
using LiteDB;

namespace TuneStudio.Storage;

/// <summary>
/// Studios made before versions were content-addressed kept one document per row in "rows", keyed
/// "{dataset}/v{version}/{index:D10}". On open, each such version is rewritten as pages (row ids = positions, as an
/// import would give them); then the old collection is dropped. A version whose page list already exists was migrated
/// by a run that stopped before the drop, and is skipped.
/// </summary>
internal static class LegacyRowsMigration
{
    private const string LegacyRows = "rows";
    private const int RowsPerRead = 5_000;

    public static void Run(StudioDatabase db)
    {
        var hasLegacy = db.Read(database => database.CollectionExists(LegacyRows));
        if (!hasLegacy) return;

        var versions = db.Read(database => database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions).FindAll().ToList());
        foreach (var version in versions)
        {
            var migrated = db.Read(database => PageList.Read(database, version.DatasetId, version.Version).Count > 0);
            if (!migrated) Migrate(db, version);
        }
        // Through Read, not Write: LiteDB refuses to drop a collection inside an explicit transaction.
        db.Read(database => database.DropCollection(LegacyRows));
    }

    private static void Migrate(StudioDatabase db, DatasetVersionDocument version)
    {
        // Studios of that layout had only text classification.
        using var writer = new VersionWriter(db, version.DatasetId, LabelScheme.Single);
        foreach (var row in ReadAll(db, version.DatasetId, version.Version)) writer.Add(row, CancellationToken.None);
        var written = writer.Finish(CancellationToken.None);
        db.Write(database =>
        {
            PageList.In(database).InsertBulk(PageList.ToDocuments(version.DatasetId, version.Version, written.Pages));
            version.MaxRowId = written.MaxRowId;
            version.Report = ReportDocument.From(written.Report);
            database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions).Update(version);
        });
    }

    private static IEnumerable<StoredRow> ReadAll(StudioDatabase db, string datasetId, int version)
    {
        for (long first = 0; ; first += RowsPerRead)
        {
            var page = db.Read(database => database.GetCollection(LegacyRows).Query()
                .Where(Query.Between("_id", Key(datasetId, version, first), Key(datasetId, version, first + RowsPerRead - 1)))
                .OrderBy("_id")
                .ToList());
            for (var i = 0; i < page.Count; i++) yield return new StoredRow(first + i, page[i]["text"].AsString, page[i]["label"].AsString);
            if (page.Count < RowsPerRead) yield break;
        }
    }

    private static string Key(string datasetId, int version, long index) =>
        $"{datasetId}/v{version}/{index.ToString("D10", CultureInfo.InvariantCulture)}";
}
