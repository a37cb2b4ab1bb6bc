using TuneStudio.Engine.Models;

namespace TuneStudio.Engine.Adapters.Ia3;

// Wraps every Linear the options name (see Ia3Options) in an Ia3Linear and freezes everything but the vectors and
// the head.
public static class Ia3Injector
{
    // Returns the paths of the adapted layers.
    public static IReadOnlyList<string> Inject(TextClassifierModel model, Ia3Options options)
    {
        LinearLayers.FreezeAll(model);
        var names = options.TargetModules.Concat(options.FeedforwardModules).ToList();
        var targets = LinearLayers.Targets(model, path => LinearLayers.MatchesSuffix(path, names), "IA3", names);
        foreach (var (path, layer) in targets)
            LinearLayers.Replace(model, path, new Ia3Linear(layer, feedforward: LinearLayers.MatchesSuffix(path, options.FeedforwardModules)));
        LinearLayers.TrainHead(model);
        return targets.Select(target => target.Path).ToList();
    }
}
