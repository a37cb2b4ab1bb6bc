namespace TuneStudio.Storage.Models;

public sealed class ImportedModelStore(StudioDatabase db)
{
    private const string Collection = "imported_models";

    public string ModelsFolder => Path.Combine(db.BlobDirectory, "models");

    public void Add(ImportedModelRecord model) =>
        db.Write(database => database.GetCollection<ImportedModelRecord>(Collection).Insert(model));

    public IReadOnlyList<ImportedModelRecord> List() =>
        db.Read(database => database.GetCollection<ImportedModelRecord>(Collection).FindAll().OrderBy(m => m.ImportedAt).ToList());
}
