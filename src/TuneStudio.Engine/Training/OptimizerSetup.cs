using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Models;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Training;

// One optimizer parameter group: its learning rate is the schedule's rate times LearningRateScale.
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters, double LearningRateScale, double WeightDecay);

// Builds the optimizer's parameter groups and the optimizer. Groups follow depth for discriminative learning rates
// (head; top block at 1; each block below × LayerwiseLrDecay; embeddings and the rest one step below the bottom block),
// each split into decayed (matrices, embeddings) and undecayed (1-D: biases and norm weights) parameters, which needs
// nothing from a model beyond its blocks and head. An adapter may give some of its parameters a rate ratio (LoRA+'s
// B matrices): they form their own groups ("block3/lora_B"), at the group's scale times the ratio, with the same
// weight-decay rule. Empty groups are left out.
public static class OptimizerSetup
{
    // `eligible`: parameters that will train at some point of the run (gradual unfreezing's frozen blocks included:
    // a parameter without a gradient is skipped by the optimizer's step).
    public static IReadOnlyList<ParameterGroup> Groups(IFineTunableModel model, TrainingConfig config, Func<string, Parameter, bool> eligible)
    {
        var blocks = model.EncoderBlocks;
        var depthOf = new Dictionary<IntPtr, int>();
        for (var i = 0; i < blocks.Count; i++)
            foreach (var parameter in blocks[i].parameters())
                depthOf[parameter.Handle] = i;
        var head = model.ClassifierHead.parameters().Select(parameter => parameter.Handle).ToHashSet();
        var headScale = (config.HeadLearningRate ?? config.LearningRate) / config.LearningRate;

        (string Name, double Scale) Depth(Parameter parameter) =>
            head.Contains(parameter.Handle) ? ("head", headScale)
            : depthOf.TryGetValue(parameter.Handle, out var depth) ? ($"block{depth}", Math.Pow(config.LayerwiseLrDecay, blocks.Count - 1 - depth))
            : ("embeddings", Math.Pow(config.LayerwiseLrDecay, blocks.Count));

        var adapter = Adapters.AdapterRegistry.For(config.Method);
        (string Name, double Scale) Level(string name, Parameter parameter)
        {
            var level = Depth(parameter);
            var ratio = adapter?.LearningRateRatio(name, config) ?? 1;
            return ratio == 1 ? level : ($"{level.Name}/{name[(name.LastIndexOf('.') + 1)..]}", level.Scale * ratio);
        }

        return model.named_parameters()
            .Where(entry => eligible(entry.name, entry.parameter))
            .GroupBy(entry => (Level: Level(entry.name, entry.parameter), Decayed: entry.parameter.dim() >= 2))
            .OrderByDescending(group => group.Key.Level.Scale).ThenBy(group => group.Key.Level.Name, StringComparer.Ordinal).ThenBy(group => group.Key.Decayed)
            .Select(group => new ParameterGroup(
                group.Key.Level.Name + (group.Key.Decayed ? "" : "/no_decay"),
                group.Select(entry => entry.parameter).ToList(),
                group.Key.Level.Scale,
                group.Key.Decayed ? config.WeightDecay : 0))
            .ToList();
    }

    // Adam adds weight decay to the gradient (L2); AdamW decouples it; SGD adds it to the gradient.
    public static OptimizerHelper Create(IReadOnlyList<ParameterGroup> groups, TrainingConfig config)
    {
        var lr = config.LearningRate;
        return config.Optimizer switch
        {
            OptimizerKind.AdamW => optim.AdamW(
                groups.Select(g => new AdamW.ParamGroup(g.Parameters, lr * g.LearningRateScale, config.Beta1, config.Beta2, config.Epsilon, g.WeightDecay)),
                lr, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay),
            OptimizerKind.Adam => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, lr * g.LearningRateScale, config.Beta1, config.Beta2, config.Epsilon, g.WeightDecay)),
                lr, config.Beta1, config.Beta2, config.Epsilon, config.WeightDecay),
            OptimizerKind.Sgd => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, lr * g.LearningRateScale, config.Momentum, 0, g.WeightDecay, config.Nesterov)),
                lr, config.Momentum, 0, config.WeightDecay, config.Nesterov),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Optimizer, "Unknown optimizer."),
        };
    }

    public static void SetLearningRate(OptimizerHelper optimizer, IReadOnlyList<ParameterGroup> groups, double learningRate)
    {
        var index = 0;
        foreach (var group in optimizer.ParamGroups)
            group.LearningRate = learningRate * groups[index++].LearningRateScale;
    }
}
