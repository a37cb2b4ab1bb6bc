using LiteDB;

namespace TuneStudio.Storage;

// What an import knows about the file it read: where the rows came from and which columns hold what.
internal sealed record ImportedFile(string FileName, string Format, IReadOnlyList<string> Columns, string TextColumn, string LabelColumn);

// Version 1 of a new dataset, written in the import's final transaction: the version, its page list and split,
// then the dataset record, so a dataset is visible only once it is whole. Every import publishes through here.
internal static class FirstVersionPublication
{
    public const int Number = 1;

    // A fresh dataset id, marked as an unfinished import before any row is written, so a crash mid-import is
    // cleaned up at the next start and no other import can take the id meanwhile.
    public static string Reserve(StudioDatabase db) => db.Write(database =>
    {
        var id = ShortId.NewUnused("ds-", candidate =>
            database.GetCollection(CollectionNames.Datasets).FindById(candidate) is not null ||
            UnfinishedImports.In(database).FindById(DatasetVersionDocument.KeyFor(candidate, Number)) is not null);
        UnfinishedImports.In(database).Insert(UnfinishedImports.Mark(id, Number));
        return id;
    });

    public static DatasetSummary Publish(LiteDatabase database, string datasetId, string name, string task, ImportedFile file,
        WrittenVersion rows, SplitAssignment? split, string createdBy)
    {
        var datasets = database.GetCollection<DatasetDocument>(CollectionNames.Datasets);
        var newest = datasets.Query().OrderByDescending(d => d.CreatedAt).Limit(1).FirstOrDefault();
        var createdAt = CreationTime.After(newest?.CreatedAt);
        var counts = rows.LabelCounts;

        database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions).Insert(new DatasetVersionDocument
        {
            Id = DatasetVersionDocument.KeyFor(datasetId, Number),
            DatasetId = datasetId,
            Version = Number,
            SourceFileName = file.FileName,
            Format = file.Format,
            Columns = file.Columns.ToList(),
            TextColumn = file.TextColumn,
            LabelColumn = file.LabelColumn,
            LabelCounts = counts.Select(c => new LabelCount { Label = c.Key, Count = c.Value }).ToList(),
            RowCount = rows.RowCount,
            MaxRowId = rows.MaxRowId,
            ContentHash = rows.ContentHash,
            Report = ReportDocument.From(rows.Report),
            Split = split is null ? null : SplitDocument.From(split),
            CreatedAt = createdAt,
            CreatedBy = createdBy,
        });
        PageList.In(database).InsertBulk(PageList.ToDocuments(datasetId, Number, rows.Pages));
        if (split is not null) SplitStorage.Insert(database, datasetId, Number, split);
        var dataset = new DatasetDocument
        {
            Id = datasetId,
            Name = name,
            Task = task,
            LatestVersion = Number,
            Rows = rows.RowCount,
            Labels = counts.Select(c => c.Key).ToList(),
            CreatedAt = createdAt,
        };
        datasets.Insert(dataset);
        UnfinishedImports.Unmark(database, datasetId, Number);
        return dataset.ToSummary();
    }

    // After a failed or cancelled import. If this fails too, the unfinished-import mark stays and the next start-up
    // finishes the clean-up; the original failure is what the caller needs to see.
    public static void RemoveQuietly(StudioDatabase db, string datasetId)
    {
        try { UnfinishedImports.RemoveVersion(db, datasetId, Number); }
        catch (Exception) { }
    }
}
