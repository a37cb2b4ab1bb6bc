namespace TuneStudio.Storage.Models;

public sealed class ImportedModelStore(StudioDatabase db)
{
    private const string Collection = "imported_models";

    public string ModelsFolder => Path.Combine(db.BlobDirectory, "models");

    public void Add(ImportedModelRecord model) =>
        db.Write(database => database.GetCollection<ImportedModelRecord>(Collection).Insert(model));

    public ImportedModelRecord? Get(string id) =>
        db.Read(database => database.GetCollection<ImportedModelRecord>(Collection).FindById(id));

    public bool Rename(string id, string name) => db.Write(database =>
    {
        var models = database.GetCollection<ImportedModelRecord>(Collection);
        if (models.FindById(id) is not { } record) return false;
        record.Name = name;
        return models.Update(record);
    });

    public bool Delete(string id) => db.Write(database => database.GetCollection<ImportedModelRecord>(Collection).Delete(id));

    public IReadOnlyList<ImportedModelRecord> List() =>
        db.Read(database => database.GetCollection<ImportedModelRecord>(Collection).FindAll().OrderBy(m => m.ImportedAt).ToList());
}
