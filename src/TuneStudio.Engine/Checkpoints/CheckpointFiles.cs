namespace TuneStudio.Engine.Checkpoints;

public static class CheckpointFiles
{
    public const string Weights = "model.safetensors";
    public const string State = "trainer_state.json";
    public const string TemporaryMarker = ".tmp-";

    public static string Name(int epoch, long step) => $"epoch-{epoch}-step-{step}";
}
