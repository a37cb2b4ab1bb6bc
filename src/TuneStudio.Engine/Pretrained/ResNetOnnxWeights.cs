using TuneStudio.Engine.Models.ResNet;
using TuneStudio.Engine.Onnx;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Names the CNTK ResNet's weights the torchvision way. CNTK's export names them by position ("Parameter91",
// "Constant98") and does not list a block's shortcut before its main path, so the names come from the graph's
// edges: the Conv on the graph input is the stem; each residual Add ends a block, and of its two inputs the
// BatchNorm reached through Conv ← Relu ← BatchNorm ← Conv is the main path (conv2/bn2 after conv1/bn1), a
// BatchNorm fed straight by a Conv is the 1×1 downsample, anything else an identity shortcut. A block with a
// downsample starts a new stage. Every window's pads and strides (at the 224×224 input the graph was exported
// for) and every BatchNorm's epsilon are checked against the ResNetConfig the weights are meant for, and every
// initializer must be used exactly once.
public static class ResNetOnnxWeights
{
    // Float tensors on the CPU, keyed by ResNet parameter/buffer name (no fc.*); the caller owns them.
    public static Dictionary<string, Tensor> ToStateDict(OnnxModel model, ResNetConfig config)
    {
        var graph = new Graph(model, config);
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            graph.Read(weights);
            var unused = model.Initializers.Keys.Where(name => !graph.Used.Contains(name)).ToList();
            if (unused.Count > 0)
                throw new InvalidDataException($"The ResNet graph has weights no layer uses: {string.Join(", ", unused)}.");
            return weights;
        }
        catch
        {
            foreach (var weight in weights.Values) weight.Dispose();
            throw;
        }
    }

    private const int ExportedSize = 224;

    private sealed class Graph(OnnxModel model, ResNetConfig config)
    {
        private readonly Dictionary<string, OnnxNode> producers = model.Nodes
            .SelectMany(node => node.Outputs.Select(output => (output, node)))
            .ToDictionary(pair => pair.output, pair => pair.node, StringComparer.Ordinal);

        private readonly ILookup<string, OnnxNode> consumers = model.Nodes
            .SelectMany(node => node.Inputs.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node, StringComparer.Ordinal);

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public void Read(Dictionary<string, Tensor> weights)
        {
            var input = model.Inputs.Single(name => !model.Initializers.ContainsKey(name));
            var stem = consumers[input].Single(node => node.OpType == "Conv");
            AddConvolution(weights, "conv1", stem, kernel: 7, stride: 2, ExportedSize);
            AddBatchNorm(weights, "bn1", SingleConsumer(stem, "BatchNormalization"));
            var maxPool = model.Nodes.Single(node => node.OpType == "MaxPool");
            CheckWindow(maxPool, kernel: 3, stride: 2, ExportedSize / 2);

            var blocksPerStage = new List<int>();
            foreach (var add in model.Nodes.Where(node => node.OpType == "Add"))
            {
                var block = Block(add);
                if (blocksPerStage.Count == 0 || block.Downsample is not null) blocksPerStage.Add(0);
                var stage = blocksPerStage.Count;
                var prefix = $"layer{stage}.{blocksPerStage[^1]++}.";
                if (stage > config.BlocksPerStage.Count) break;
                var stride = stage > 1 && blocksPerStage[^1] == 1 ? 2 : 1;
                var mapSize = ExportedSize / 4 >> (stage - 1); // the stage's output: 56, 28, 14, 7
                AddConvolution(weights, prefix + "conv1", block.Conv1, kernel: 3, stride, mapSize * stride);
                AddBatchNorm(weights, prefix + "bn1", block.Bn1);
                AddConvolution(weights, prefix + "conv2", block.Conv2, kernel: 3, stride: 1, mapSize);
                AddBatchNorm(weights, prefix + "bn2", block.Bn2);
                if (block.Downsample is var (conv, bn))
                {
                    AddConvolution(weights, prefix + "downsample.0", conv, kernel: 1, stride: 2, mapSize * 2);
                    AddBatchNorm(weights, prefix + "downsample.1", bn);
                }
            }
            if (!blocksPerStage.SequenceEqual(config.BlocksPerStage))
                throw new InvalidDataException(
                    $"The graph's stages have [{string.Join(", ", blocksPerStage)}] blocks; the model expects [{string.Join(", ", config.BlocksPerStage)}].");
        }

        private (OnnxNode Conv1, OnnxNode Bn1, OnnxNode Conv2, OnnxNode Bn2, (OnnxNode Conv, OnnxNode Bn)? Downsample) Block(OnnxNode add)
        {
            (OnnxNode, OnnxNode, OnnxNode, OnnxNode)? main = null;
            (OnnxNode, OnnxNode)? downsample = null;
            foreach (var input in add.Inputs)
            {
                if (Producer(input) is not { OpType: "BatchNormalization" } bn) continue; // identity shortcut
                var conv = Producer(bn.Inputs[0]) ?? throw Malformed(bn, "is not fed by a Conv");
                if (Producer(conv.Inputs[0]) is { OpType: "Relu" } relu && Producer(relu.Inputs[0]) is { OpType: "BatchNormalization" } bn1)
                    main = (Producer(bn1.Inputs[0]) ?? throw Malformed(bn1, "is not fed by a Conv"), bn1, conv, bn);
                else
                    downsample = (conv, bn);
            }
            var (conv1, firstBn, conv2, secondBn) = main ?? throw Malformed(add, "has no Conv-BN-Relu-Conv-BN main path");
            return (conv1, firstBn, conv2, secondBn, downsample);
        }

        private void AddConvolution(Dictionary<string, Tensor> weights, string name, OnnxNode conv, int kernel, int stride, int inputSize)
        {
            if (conv.OpType != "Conv") throw Malformed(conv, $"should be the Conv for '{name}'");
            if (conv.Inputs.Count != 2) throw Malformed(conv, "has a bias, which ResNet's convolutions do not");
            if (conv.Ints("group", [1]).Single() != 1 || conv.Ints("dilations", [1, 1]).Any(d => d != 1))
                throw Malformed(conv, "is grouped or dilated");
            CheckWindow(conv, kernel, stride, inputSize);
            weights[name + ".weight"] = Take(conv.Inputs[1]);
        }

        private void AddBatchNorm(Dictionary<string, Tensor> weights, string name, OnnxNode bn)
        {
            if (bn.OpType != "BatchNormalization" || bn.Inputs.Count != 5) throw Malformed(bn, $"should be the BatchNorm for '{name}'");
            if (bn.Float("epsilon") != (float)config.BatchNormEpsilon)
                throw Malformed(bn, $"has epsilon {bn.Float("epsilon")}, the model uses {config.BatchNormEpsilon}");
            weights[name + ".weight"] = Take(bn.Inputs[1]);
            weights[name + ".bias"] = Take(bn.Inputs[2]);
            weights[name + ".running_mean"] = Take(bn.Inputs[3]);
            weights[name + ".running_var"] = Take(bn.Inputs[4]);
            weights[name + ".num_batches_tracked"] = tensor(0L);
        }

        private void CheckWindow(OnnxNode node, int kernel, int stride, int inputSize)
        {
            var expectedPads = ResNetPaddingRule.OnnxPads(config.Padding, kernel, stride, inputSize);
            if (!node.Ints("kernel_shape").SequenceEqual([kernel, kernel]) || !node.Ints("strides", [1, 1]).SequenceEqual([stride, stride]))
                throw Malformed(node, $"should be a {kernel}×{kernel} window with stride {stride}");
            if (!node.Ints("pads", [0, 0, 0, 0]).SequenceEqual(expectedPads))
                throw Malformed(node, $"pads [{string.Join(", ", node.Ints("pads", [0, 0, 0, 0]))}], the model pads [{string.Join(", ", expectedPads)}]");
        }

        private Tensor Take(string initializer)
        {
            if (!Used.Add(initializer)) throw new InvalidDataException($"ONNX weight '{initializer}' is used by two layers.");
            return model.Initializers.TryGetValue(initializer, out var tensor)
                ? tensor.ToTensor()
                : throw new InvalidDataException($"ONNX weight '{initializer}' is not an initializer.");
        }

        private OnnxNode SingleConsumer(OnnxNode node, string opType) =>
            consumers[node.Outputs[0]].SingleOrDefault(consumer => consumer.OpType == opType) ?? throw Malformed(node, $"is not followed by {opType}");

        private OnnxNode? Producer(string output) => producers.GetValueOrDefault(output);

        private static InvalidDataException Malformed(OnnxNode node, string problem) =>
            new($"ResNet graph node '{node.Name}' ({node.OpType}) {problem}.");
    }
}
