using TuneStudio.Storage;

namespace TuneStudio.Web;

// Where files live under the data folder.
public sealed class StudioPaths(StudioDatabase db)
{
    public string CheckpointsFor(string runId) => Path.Combine(db.BlobDirectory, "checkpoints", runId);
}
