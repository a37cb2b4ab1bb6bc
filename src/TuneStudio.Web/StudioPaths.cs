using TuneStudio.Storage;

namespace TuneStudio.Web;

// Where files live under the data folder.
public sealed class StudioPaths(StudioDatabase db)
{
    public string CheckpointsFor(string runId) => Path.Combine(db.BlobDirectory, "checkpoints", runId);

    // Uploads are spooled here, never to the system's temp folder, so what a killed studio left behind is found and
    // removed at its next start (Security/UploadTemp).
    public string TempDirectory { get; } = Path.Combine(db.DataDirectory, "temp");

    public string NewTempFile(string prefix, string extension = "")
    {
        Directory.CreateDirectory(TempDirectory);
        return Path.Combine(TempDirectory, $"{prefix}-{Guid.NewGuid():N}{extension}");
    }
}
