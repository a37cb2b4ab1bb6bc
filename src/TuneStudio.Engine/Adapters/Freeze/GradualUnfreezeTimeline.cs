namespace TuneStudio.Engine.Adapters.Freeze;

// ULMFiT's gradual unfreezing as a pure function: the head trains from the start, and after every `every`
// steps (or epochs) one more encoder block, top down, joins. Stage s (0-based) trains the top s blocks.
public sealed record GradualUnfreezeTimeline(int BlockCount, int Every, UnfreezeUnit Unit, int StepsPerEpoch)
{
    // Trainable top blocks during optimizer step `step` (1-based) of epoch `epoch` (1-based).
    public int TrainableBlocksAt(long step, int epoch)
    {
        var stage = Unit == UnfreezeUnit.Steps ? (step - 1) / Every : (epoch - 1) / Every;
        return (int)Math.Min(BlockCount, stage);
    }

    // The first step of each stage: (step, trainable top blocks), starting with (1, 0).
    public IReadOnlyList<(long Step, int TrainableBlocks)> Stages(long totalSteps)
    {
        var stages = new List<(long, int)>();
        for (var blocks = 0; blocks <= BlockCount; blocks++)
        {
            long first = Unit == UnfreezeUnit.Steps
                ? (long)blocks * Every + 1
                : (long)blocks * Every * StepsPerEpoch + 1;
            if (first > totalSteps) break;
            stages.Add((first, blocks));
        }
        return stages;
    }
}
