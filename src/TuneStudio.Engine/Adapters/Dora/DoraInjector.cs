using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Adapters.Dora;

// DoRA adapts the layers LoRA would, trains what LoRA would (its bias modes included), each with a DoraLinear.
public static class DoraInjector
{
    public static IReadOnlyList<string> Inject(TextClassifierModel model, LoraOptions options) =>
        LoraInjector.Inject(model, options, "DoRA", layer => new DoraLinear(layer, options.Rank, options.Alpha, options.Dropout, options.UseRsLora));
}
