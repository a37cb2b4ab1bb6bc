using TuneStudio.Engine;
using TuneStudio.Engine.Configuration;

namespace TuneStudio.Web.Components.Pages.Runs;

// The run dialog's config: an immutable TrainingConfig read and replaced field by field through the description
// (TrainingConfigFields), so no field is mirrored here.
public sealed class RunConfigModel
{
    public TrainingConfig Config { get; set; } = new();

    public object? this[string path]
    {
        get => TrainingConfigFields.Get(path).Get(Config);
        set => Config = TrainingConfigFields.Get(path).Set(Config, value);
    }

    public static RunConfigModel From(TrainingConfig config) => new() { Config = config };

    public TrainingConfig ToConfig() => Config;
}
