using System.IO.Compression;
using Microsoft.Extensions.Options;
using TuneStudio.Engine;
using TuneStudio.Engine.Pretrained;
using TuneStudio.Storage;
using TuneStudio.Storage.Audit;
using TuneStudio.Storage.Models;

namespace TuneStudio.Web.Models;

// Warnings do not stop an import (a name another model has already).
public sealed record ModelImportResult(ModelInfo? Model, IReadOnlyList<string> Problems, IReadOnlyList<string>? Warnings = null);

// An imported model as the Models page and GET /api/models/{id} show it: the catalogue's entry plus where it came from.
public sealed record ImportedModelView(ModelInfo Model, string ImportedBy, DateTime ImportedAt, string SourceFileName, string? FromRun, string? FromCheckpoint);

public enum ModelChange { Done, NotFound, NotImported, Invalid, InUse }

public sealed record ModelChangeResult(ModelChange Outcome, string? Message = null, IReadOnlyList<string>? Runs = null);

// Imports a foundation into the catalogue: a Hugging Face BERT-family folder uploaded as a zip, or a torchvision
// ResNet-18/34/50 state dict (a zip with model.safetensors and an optional config.json, or the .safetensors file
// alone), or a PEFT adapter the studio exported (merged into its base model from the catalogue: PeftFoundation).
// Only the files a model needs are taken from the archive; nothing is kept or registered unless every tensor checks out.
// Imports can be renamed and deleted (not while a run uses them); each change is audited.
public sealed class ModelImports(ImportedModelStore store, ModelCatalog catalog, RunStore runs, AuditLog audit, IOptions<StudioOptions> options, ILogger<ModelImports> logger,
    IOptions<Security.StudioLimits> limits)
{
    // ImportedModelRecord.Kind: which reader opens the folder. Records from before image imports have "".
    public const string BertKind = "";
    public const string TorchvisionResNetKind = "torchvision-resnet";

    // Every catalogue entry the Models page and GET /api/models show: text models, then image models.
    public IReadOnlyList<ModelInfo> AllModels => catalog.All;

    private static readonly string[] WantedFiles =
        [HuggingFaceFiles.Config, HuggingFaceFiles.Weights, HuggingFaceFiles.Vocabulary, HuggingFaceFiles.AdapterConfig, HuggingFaceFiles.AdapterWeights, ExportOrigin.FileName];

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
            var source = Source(fileName);
            if (PeftFoundation.Recognises(staging))
            {
                // Our own PEFT export: the adapter is merged into its base, which must be in this catalogue.
                var baseId = PeftFoundation.BaseModelOf(staging);
                var merged = PeftFoundation.MergeInto(staging, catalog);
                if (merged.Count > 0) return Rejected([.. merged]);
                source = $"a PEFT adapter merged into {catalog.Find(baseId ?? "")?.Name ?? baseId}, imported from {fileName}";
            }
            var kind = TorchvisionResNetImport.Recognises(staging) ? TorchvisionResNetKind : BertKind;
            var maxBytes = limits.Value.ModelBytes;
            var problems = kind == TorchvisionResNetKind ? TorchvisionResNetImport.Validate(staging, maxBytes) : ImportedBertDefinition.Validate(staging, maxBytes);
            if (problems.Count > 0) return Rejected([.. problems]);
            var origin = ExportOrigin.Read(staging);

            Directory.Move(staging, folder);
            var trimmed = name.Trim();
            var info = Register(kind, id, trimmed, source, folder);
            store.Add(new ImportedModelRecord
            {
                Id = id, Name = trimmed, Kind = kind, Folder = folder, SourceFileName = fileName, ImportedBy = by, ImportedAt = DateTime.UtcNow,
                Source = source, FromRun = origin?.Run, FromCheckpoint = origin?.Checkpoint,
            });
            audit.Record(by, AuditActions.ModelImported, id, $"{trimmed} from {fileName}{(origin?.Run is { } run ? $" (run {run})" : "")}");
            return new ModelImportResult(info, [], DuplicateName(trimmed, except: id) is { } warning ? [warning] : []);
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>A warning when another model already has <paramref name="name"/> (any case): two rows no one can tell apart.</summary>
    public string? DuplicateName(string name, string? except = null)
    {
        var same = catalog.All.Where(m => m.Id != except && string.Equals(m.Name.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase)).ToList();
        return same.Count == 0 ? null : $"Another model is already called '{name.Trim()}' ({string.Join(", ", same.Select(m => m.Id))}); consider renaming one.";
    }

    public ImportedModelView? Imported(string id) =>
        store.Get(id) is { } record && catalog.Find(id) is { } info
            ? new ImportedModelView(info, record.ImportedBy, record.ImportedAt, record.SourceFileName, record.FromRun, record.FromCheckpoint)
            : null;

    public IReadOnlyList<ImportedModelView> ImportedModels() =>
        store.List().Select(r => Imported(r.Id)).OfType<ImportedModelView>().ToList();

    public ModelChangeResult Rename(string id, string name, string by)
    {
        if (catalog.Find(id) is not { } model) return new(ModelChange.NotFound, $"Model '{id}' does not exist.");
        if (store.Get(id) is null) return new(ModelChange.NotImported, $"'{model.Name}' is built in; only imported models can be renamed.");
        if (string.IsNullOrWhiteSpace(name)) return new(ModelChange.Invalid, "Give the model a name.");
        var trimmed = name.Trim();
        store.Rename(id, trimmed);
        catalog.Rename(id, trimmed);
        audit.Record(by, AuditActions.ModelRenamed, id, $"{model.Name} → {trimmed}");
        return new(ModelChange.Done, DuplicateName(trimmed, except: id));
    }

    // Refused while any run (of any state) names the model: its checkpoints, forks and resumes need the weights.
    public ModelChangeResult Delete(string id, string by)
    {
        if (catalog.Find(id) is not { } model) return new(ModelChange.NotFound, $"Model '{id}' does not exist.");
        if (store.Get(id) is not { } record) return new(ModelChange.NotImported, $"'{model.Name}' is built in; only imported models can be deleted.");
        var using_ = runs.List().Where(r => r.Model == id).Select(r => r.Id).ToList();
        if (using_.Count > 0)
            return new(ModelChange.InUse, $"'{model.Name}' is used by {(using_.Count == 1 ? "run" : "runs")} {string.Join(", ", using_)}; delete {(using_.Count == 1 ? "that run" : "those runs")} first.", using_);
        catalog.Remove(id);
        store.Delete(id);
        try { if (Directory.Exists(record.Folder)) Directory.Delete(record.Folder, recursive: true); }
        catch (IOException e) { logger.LogError(e, "The files of deleted model {Id} at {Folder} could not be removed", id, record.Folder); }
        audit.Record(by, AuditActions.ModelDeleted, id, $"{model.Name} ({record.SourceFileName})");
        return new(ModelChange.Done);
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
