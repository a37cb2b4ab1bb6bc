using TuneStudio.Engine.Tasks;

namespace TuneStudio.Engine.Tasks.ImageClassification;

// A decoded image and its class: Pixels are rows of Width pixels with Channels interleaved values 0–255
// (1 = grey, 3 = RGB), as image decoders give them.
public sealed record ImageExample(byte[] Pixels, int Width, int Height, int Channels, int Label) : ILabelledExample;

public sealed record ImageTrainingJob(TrainingConfig Config, IReadOnlyList<ImageExample> Examples, IReadOnlyList<string> Labels, string CheckpointRoot)
    : TrainingJob<ImageExample>(Config with { Task = TaskNames.ImageClassification }, Examples, Labels, CheckpointRoot);
