using TuneStudio.Engine.Onnx;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Pretrained;

// Names an exported BERT's ONNX weights the Hugging Face way. The exporter keeps HF names for embeddings,
// biases and LayerNorms, but linear weights become anonymous MatMul constants stored [in, out]; each is named
// after the bias its MatMul's output is added to ("...query.bias" → "...query.weight") and transposed to
// nn.Linear's [out, in].
public static class OnnxBertWeights
{
    private static readonly string[] HuggingFacePrefixes = ["embeddings.", "encoder.", "pooler."];

    // Float tensors on the CPU, keyed by BertModel parameter name; the caller owns them.
    public static Dictionary<string, Tensor> ToStateDict(OnnxModel model)
    {
        var consumers = model.Nodes
            .SelectMany(node => node.Inputs.Select(input => (input, node)))
            .ToLookup(pair => pair.input, pair => pair.node);
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var tensor in model.Initializers.Values.Where(tensor => tensor.DataType == OnnxTensor.Float))
            {
                if (HuggingFacePrefixes.Any(tensor.Name.StartsWith))
                {
                    weights[tensor.Name] = tensor.ToTensor();
                    continue;
                }
                var name = LinearWeightName(tensor, consumers, model);
                if (name is null) continue;
                if (weights.ContainsKey(name))
                    throw new InvalidDataException($"Two ONNX MatMul weights map to '{name}'.");
                using var stored = tensor.ToTensor();
                using var transposed = stored.t();
                weights[name] = transposed.contiguous();
            }
        }
        catch
        {
            foreach (var weight in weights.Values) weight.Dispose();
            throw;
        }
        return weights;
    }

    private static string? LinearWeightName(OnnxTensor tensor, ILookup<string, OnnxNode> consumers, OnnxModel model)
    {
        if (tensor.Dims.Length != 2) return null;
        var matMul = consumers[tensor.Name].FirstOrDefault(node => node.OpType == "MatMul" && node.Inputs.Count == 2 && node.Inputs[1] == tensor.Name);
        if (matMul is null) return null;
        var add = consumers[matMul.Outputs[0]].FirstOrDefault(node => node.OpType == "Add");
        var bias = add?.Inputs.FirstOrDefault(input => input.EndsWith(".bias", StringComparison.Ordinal) && model.Initializers.ContainsKey(input));
        return bias is null ? null : bias[..^".bias".Length] + ".weight";
    }
}
