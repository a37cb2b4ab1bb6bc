namespace TuneStudio.Storage.Models;

// A foundation model a user imported: its files live in Folder (under the blob folder).
public sealed class ImportedModelRecord
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";

    // Which reader opens Folder (the web's ModelImports names them); "" for a BERT-family encoder.
    public string Kind { get; set; } = "";
    public string Folder { get; set; } = "";
    public string SourceFileName { get; set; } = "";
    public string ImportedBy { get; set; } = "";
    public DateTime ImportedAt { get; set; }

    // The run (and checkpoint) an export of ours came from, read from the zip's tunestudio.json; null for outside models.
    public string? FromRun { get; set; }

    // What the catalogue shows as "weights from"; null for records from before PEFT imports (then made from SourceFileName).
    public string? Source { get; set; }
    public string? FromCheckpoint { get; set; }
}
