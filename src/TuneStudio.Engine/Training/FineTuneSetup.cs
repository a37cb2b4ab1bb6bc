using TorchSharp;
using TuneStudio.Engine.Adapters.Freeze;
using TuneStudio.Engine.Adapters.Lora;
using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Training;

// Builds the model a config describes, shaped for its fine-tuning method: the trainer uses it before
// training, and checkpoint loading uses it so the saved names (LoRA's included) line up.
public static class FineTuneSetup
{
    public static TextClassifierDefinition Definition(TrainingConfig config) =>
        ModelCatalog.FindDefinition(config.Model) ?? throw new ArgumentException($"Unknown model '{config.Model}'.");

    public static TextClassifierModel CreateModel(TrainingConfig config, int labelCount, torch.Device? device = null)
    {
        var model = Definition(config).CreateModel(labelCount);
        if (device is not null) model.to(device);

        switch (config.Method)
        {
            case FineTuneMethod.Lora:
                LoraInjector.Inject(model, config.Lora);
                break;
            case FineTuneMethod.Freeze:
                LayerFreezer.FreezeAllButTop(model, config.TrainableTopLayers);
                break;
            case FineTuneMethod.Full:
                break;
            default:
                throw new ArgumentException($"Unknown fine-tuning method {config.Method}.");
        }
        return model;
    }
}
