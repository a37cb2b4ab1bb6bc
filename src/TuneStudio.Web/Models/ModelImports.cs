using System.IO.Compression;
using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Models;

namespace TuneStudio.Web.Models;

public sealed record ModelImportResult(ModelInfo? Model, IReadOnlyList<string> Problems);

// Imports a foundation into the catalogue: a Hugging Face BERT-family folder uploaded as a zip, or a torchvision
// ResNet-18/34/50 state dict (a zip with model.safetensors and an optional config.json, or the .safetensors file
// alone). Only the files a model needs are taken from the archive; nothing is kept or registered unless every
// tensor checks out.
public sealed class ModelImports(ImportedModelStore store, ModelCatalog catalog, AuditLog audit, IOptions<StudioOptions> options, ILogger<ModelImports> logger,
    IOptions<Security.StudioLimits> limits)
{
    // ImportedModelRecord.Kind: which reader opens the folder. Records from before image imports have "".
    public const string BertKind = "";
    public const string TorchvisionResNetKind = "torchvision-resnet";

    // Every catalogue entry the Models page and GET /api/models show: text models, then image models.
    public IReadOnlyList<ModelInfo> AllModels => catalog.All;

    private static readonly string[] WantedFiles = [HuggingFaceFiles.Config, HuggingFaceFiles.Weights, HuggingFaceFiles.Vocabulary];

    // Registers the models imported before this start; a folder that no longer loads is reported, not fatal.
    public void RegisterStored()
    {
        foreach (var record in store.List())
        {
            try { Register(record.Kind, record.Id, record.Name, Source(record.SourceFileName), record.Folder); }
            catch (Exception e) { logger.LogError(e, "Imported model {Id} at {Folder} could not be loaded", record.Id, record.Folder); }
        }
    }

    public ModelImportResult Import(Stream zip, string fileName, string name, string by)
    {
        if (string.IsNullOrWhiteSpace(name)) return Rejected("Give the model a name.");
        if (InputText.CheckName(name.Trim(), "The model's name") is { } badName) return Rejected(badName);
        var id = "hf-" + Guid.NewGuid().ToString("N")[..8];
        var staging = Path.Combine(store.ModelsFolder, $"{id}.tmp");
        var folder = Path.Combine(store.ModelsFolder, id);
        try
        {
            Directory.CreateDirectory(staging);
            var extractProblems = fileName.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
                ? CopyWeights(zip, fileName, staging)
                : Extract(zip, fileName, staging);
            if (extractProblems.Count > 0) return Rejected([.. extractProblems]);
            var kind = TorchvisionResNetImport.Recognises(staging) ? TorchvisionResNetKind : BertKind;
            var maxBytes = limits.Value.ModelBytes;
            var problems = kind == TorchvisionResNetKind ? TorchvisionResNetImport.Validate(staging, maxBytes) : ImportedBertDefinition.Validate(staging, maxBytes);
            if (problems.Count > 0) return Rejected([.. problems]);

            Directory.Move(staging, folder);
            var info = Register(kind, id, name.Trim(), Source(fileName), folder);
            store.Add(new ImportedModelRecord { Id = id, Name = name.Trim(), Kind = kind, Folder = folder, SourceFileName = fileName, ImportedBy = by, ImportedAt = DateTime.UtcNow });
            audit.Record(by, AuditActions.ModelImported, id, $"{name.Trim()} from {fileName}");
            return new ModelImportResult(info, []);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    // Both kinds join the one catalogue: text encoders train text and NER datasets, ResNets image datasets.
    private ModelInfo Register(string kind, string id, string name, string source, string folder)
    {
        if (kind == TorchvisionResNetKind)
        {
            var resNet = ImportedResNetDefinition.Open(id, name, source, folder);
            catalog.Register(resNet);
            return resNet.Info;
        }
        var bert = ImportedBertDefinition.Open(id, name, source, folder);
        catalog.Register(bert);
        return bert.Info;
    }

    // A bare state dict uploaded as .safetensors: it becomes the folder's model.safetensors.
    private List<string> CopyWeights(Stream upload, string fileName, string staging)
    {
        using var target = File.Create(Path.Combine(staging, HuggingFaceFiles.Weights));
        try { CopyAtMost(upload, target, options.Value.MaxUploadBytes, fileName); }
        catch (InvalidDataException e) { return [e.Message]; }
        return [];
    }

    // Takes config.json, model.safetensors and vocab.txt from anywhere in the archive (a folder inside is fine),
    // by file name only, so no entry can write outside the staging folder; the total is capped.
    private List<string> Extract(Stream zip, string fileName, string staging)
    {
        long budget = options.Value.MaxUploadBytes * 4;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read);
            foreach (var wanted in WantedFiles)
            {
                var entries = archive.Entries.Where(e => Path.GetFileName(e.FullName) == wanted).ToList();
                if (entries.Count > 1) return [$"{fileName} holds more than one {wanted}."];
                if (entries.Count == 0) continue;
                var entry = entries[0];
                if (entry.Length > budget) return [$"{wanted} unpacks to {entry.Length:N0} bytes, over the {budget:N0}-byte limit."];
                budget -= entry.Length;
                using var source = entry.Open();
                using var target = File.Create(Path.Combine(staging, wanted));
                CopyAtMost(source, target, entry.Length, wanted);
            }
            return [];
        }
        // A file shorter than a zip's end record makes the upload stream refuse the seek: not a zip either.
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException or IOException)
        {
            return [$"{fileName} is not a readable zip archive: {e.Message}"];
        }
    }

    // The declared size can lie (a zip bomb): stop at it.
    private static void CopyAtMost(Stream source, Stream target, long limit, string name)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            copied += read;
            if (copied > limit) throw new InvalidDataException($"{name} unpacks to more than it declares.");
            target.Write(buffer, 0, read);
        }
    }

    private static string Source(string fileName) => $"imported from {fileName}";

    private static ModelImportResult Rejected(params string[] problems) => new(null, problems);
}
