using LiteDB;

namespace TuneStudio.Storage;

/// <summary>Stores a derived version's page list and document and moves the dataset's latest version, in the caller's transaction.</summary>
internal static class VersionPublication
{
    public sealed record NewVersion(
        string DatasetId, int Version, DatasetVersionDocument Parent, DatasetOperation Operation, string CreatedBy, WrittenVersion Written,
        SplitAssignment? Split);

    public static DatasetVersionInfo Publish(LiteDatabase database, NewVersion v)
    {
        var versions = database.GetCollection<DatasetVersionDocument>(CollectionNames.DatasetVersions);
        var newest = versions.Query().Where(d => d.DatasetId == v.DatasetId).OrderByDescending(d => d.CreatedAt).Limit(1).FirstOrDefault();
        var document = new DatasetVersionDocument
        {
            Id = DatasetVersionDocument.KeyFor(v.DatasetId, v.Version),
            DatasetId = v.DatasetId,
            Version = v.Version,
            ParentVersion = v.Parent.Version,
            Operation = v.Operation.Name,
            OperationParameters = v.Operation.Parameters.Select(p => new OperationParameter { Name = p.Key, Value = p.Value }).ToList(),
            CreatedBy = string.IsNullOrWhiteSpace(v.CreatedBy) ? DatasetVersionInfo.Anonymous : v.CreatedBy,
            SourceFileName = v.Parent.SourceFileName,
            Format = v.Parent.Format,
            Columns = v.Parent.Columns.ToList(),
            TextColumn = v.Parent.TextColumn,
            LabelColumn = v.Parent.LabelColumn,
            LabelCounts = v.Written.LabelCounts.Select(c => new LabelCount { Label = c.Key, Count = c.Value }).ToList(),
            RowCount = v.Written.RowCount,
            MaxRowId = Math.Max(v.Written.MaxRowId, v.Parent.MaxRowId),
            ContentHash = v.Written.ContentHash,
            Report = ReportDocument.From(v.Written.Report),
            Split = v.Split is null ? null : SplitDocument.From(v.Split),
            CreatedAt = CreationTime.After(newest?.CreatedAt),
        };
        PageList.In(database).InsertBulk(PageList.ToDocuments(v.DatasetId, v.Version, v.Written.Pages));
        if (v.Split is not null) SplitStorage.Insert(database, v.DatasetId, v.Version, v.Split);
        versions.Insert(document);

        var datasets = database.GetCollection<DatasetDocument>(CollectionNames.Datasets);
        var dataset = datasets.FindById(v.DatasetId);
        dataset.LatestVersion = v.Version;
        dataset.Rows = v.Written.RowCount;
        dataset.Labels = v.Written.LabelCounts.Select(c => c.Key).ToList();
        datasets.Update(dataset);
        UnfinishedImports.Unmark(database, v.DatasetId, v.Version);
        return document.ToInfo();
    }
}
