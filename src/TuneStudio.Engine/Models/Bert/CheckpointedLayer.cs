using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace TuneStudio.Engine.Models.Bert;

// Gradient checkpointing for one encoder layer: the forward keeps only the layer's input (and torch's generator
// state), not its attention scores, feed-forward activations and dropout masks; the backward runs the layer again
// from that input with the generator put back, so the dropout masks and hence the gradients are the ones the
// forward used, then backpropagates through the recomputed graph. Trades one extra layer forward per layer for
// memory: the activations of only one layer live at a time during the backward.
internal sealed class CheckpointedLayer : SingleTensorFunction<CheckpointedLayer>
{
    public override string Name => nameof(CheckpointedLayer);

    public static Tensor Run(BertLayer layer, Tensor hidden, Tensor attentionMask)
    {
        var inputNeedsGradient = hidden.requires_grad;
        // Nothing below or in this layer trains: no graph to keep, nothing to recompute.
        if (!inputNeedsGradient && !layer.parameters().Any(parameter => parameter.requires_grad))
            return layer.forward(hidden, attentionMask);
        // autograd only records a custom function whose inputs need gradients. With frozen embeddings (LoRA) the
        // bottom layer's input does not, yet its adapters must still get theirs: hand the function a detached
        // copy that asks for one, and let backward return no gradient for it.
        var input = inputNeedsGradient ? hidden : hidden.detach().requires_grad_(true);
        return apply(layer, input, attentionMask, inputNeedsGradient);
    }

    // Runs under no_grad (apply_internal turns autograd off), so the layer records nothing.
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var (layer, hidden, attentionMask) = ((BertLayer)vars[0], (Tensor)vars[1], (Tensor)vars[2]);
        ctx.save_for_backward([hidden, attentionMask]);
        ctx.save_data("layer", layer);
        ctx.save_data("inputNeedsGradient", vars[3]);
        ctx.save_data("generator", new GeneratorState(random.get_rng_state().DetachFromDisposeScope()));
        return layer.forward(hidden, attentionMask);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor gradOutput)
    {
        var layer = (BertLayer)ctx.get_data("layer");
        var inputNeedsGradient = (bool)ctx.get_data("inputNeedsGradient");
        using var generator = (GeneratorState)ctx.get_data("generator");
        var saved = ctx.get_saved_variables();
        Tensor? inputGradient;
        // The recomputed activations die here, layer by layer, rather than at the end of the training step.
        using (var scope = NewDisposeScope())
        {
            var input = saved[0].detach().requires_grad_(inputNeedsGradient);
            Tensor output;
            using (enable_grad())
            {
                // The step that runs this backward holds TorchRuntime.RandomGenerator (a re-entrant lock), so
                // rewinding the generator here cannot interleave with anyone else's draws.
                output = TorchRuntime.PreservingRandomState(() =>
                {
                    random.set_rng_state(generator.State);
                    return layer.forward(input, saved[1]);
                });
                torch.autograd.backward([output], [gradOutput]);
            }
            inputGradient = inputNeedsGradient ? input.grad!.MoveToOuterDisposeScope() : null;
        }
        // glibc would keep the recomputed layer's freed pages and grow the heap for the next one: on MiniLM this
        // trim took LoRA's training peak from 0.50x to 0.40x full fine-tuning's, for ~20% more step time
        // (docs/benchmarks.md).
        TorchRuntime.TrimNativeHeap();
        return [null!, inputGradient!, null!, null!];
    }

    // A tensor kept as plain data: save_data is for non-tensors, and the state is not part of the graph.
    private sealed record GeneratorState(Tensor State) : IDisposable
    {
        public void Dispose() => State.Dispose();
    }
}
