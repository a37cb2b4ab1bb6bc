using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Adapters.Freeze;

// Classic partial fine-tuning: everything frozen except the head and the top N encoder blocks.
public static class LayerFreezer
{
    public static void FreezeAllButTop(TextClassifierModel model, int trainableTopBlocks)
    {
        foreach (var parameter in model.parameters())
            parameter.requires_grad = false;

        var blocks = model.EncoderBlocks;
        foreach (var block in blocks.Skip(Math.Max(0, blocks.Count - trainableTopBlocks)))
        foreach (var parameter in block.parameters())
            parameter.requires_grad = true;

        foreach (var parameter in model.ClassifierHead.parameters())
            parameter.requires_grad = true;
    }
}
