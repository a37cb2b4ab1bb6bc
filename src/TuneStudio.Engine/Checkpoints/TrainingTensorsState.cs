using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Checkpoints;

// The tensor state beside the weights that exact resume needs: the optimizer's moments (TorchSharp's own format,
// which restores bit-exactly) and torch's CPU random generator, which drives dropout.
public static class TrainingTensorsState
{
    public static void Save(string directory, OptimizerHelper optimizer)
    {
        using (var stream = new FileStream(Path.Combine(directory, CheckpointFiles.OptimizerState), FileMode.CreateNew, FileAccess.Write))
        using (var writer = new BinaryWriter(stream))
        {
            optimizer.save_state_dict(writer);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        lock (TorchRuntime.RandomGenerator)
        {
            using var rng = torch.random.get_rng_state();
            CheckpointWriter.WriteBytes(Path.Combine(directory, CheckpointFiles.RandomState), rng.data<byte>().ToArray());
        }
    }

    public static void Load(string directory, OptimizerHelper optimizer)
    {
        using (var stream = File.OpenRead(Path.Combine(directory, CheckpointFiles.OptimizerState)))
        using (var reader = new BinaryReader(stream))
            optimizer.load_state_dict(reader);

        var bytes = File.ReadAllBytes(Path.Combine(directory, CheckpointFiles.RandomState));
        using var rng = torch.tensor(bytes, dtype: ScalarType.Byte);
        lock (TorchRuntime.RandomGenerator) torch.random.set_rng_state(rng);
    }
}
