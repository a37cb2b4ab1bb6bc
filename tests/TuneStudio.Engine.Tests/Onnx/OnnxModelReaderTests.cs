using TuneStudio.Engine.Onnx;
using TuneStudio.Engine.Pretrained;

namespace TuneStudio.Engine.Tests.Onnx;

public class OnnxModelReaderTests
{
    [Fact]
    public void Reads_the_MiniLM_initializers_graph_inputs_and_outputs()
    {
        var model = OnnxModelReader.Read(MiniLmPackage.ReadOnnxModel());

        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], model.Inputs);
        Assert.Contains("last_hidden_state", model.Outputs);
        var words = model.Initializers["embeddings.word_embeddings.weight"];
        Assert.Equal([30522L, 384L], words.Dims);
        Assert.Equal(OnnxTensor.Float, words.DataType);
        Assert.Equal(30522 * 384, words.ToFloats().Length);
        Assert.Contains(model.Nodes, node => node.OpType == "MatMul");
    }

    [Fact]
    public void Names_every_MiniLM_weight_the_Hugging_Face_way()
    {
        var model = OnnxModelReader.Read(MiniLmPackage.ReadOnnxModel());
        var weights = OnnxBertWeights.ToStateDict(model);
        try
        {
            Assert.Equal([384L, 384L], weights["encoder.layer.0.attention.self.query.weight"].shape);
            Assert.Equal([1536L, 384L], weights["encoder.layer.5.intermediate.dense.weight"].shape);
            Assert.Equal([384L, 1536L], weights["encoder.layer.5.output.dense.weight"].shape);
            // 5 embedding tensors, 16 per layer, pooler weight and bias.
            Assert.Equal(5 + 6 * 16 + 2, weights.Count);
        }
        finally
        {
            foreach (var weight in weights.Values) weight.Dispose();
        }
    }

    [Fact]
    public void A_truncated_file_is_rejected_with_a_clear_error()
    {
        var model = MiniLmPackage.ReadOnnxModel();
        var truncated = model.AsSpan(0, model.Length / 2).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => OnnxModelReader.Read(truncated, "half.onnx"));

        Assert.Contains("half.onnx is truncated", error.Message);
    }

    [Fact]
    public void The_MiniLM_package_DLL_is_copied_beside_the_tests_and_lists_its_resources()
    {
        Assert.True(File.Exists(MiniLmPackage.AssemblyPath), MiniLmPackage.AssemblyPath);
        Assert.Contains(MiniLmPackage.ModelResource, AssemblyResources.Names(MiniLmPackage.AssemblyPath));
        Assert.Contains(MiniLmPackage.VocabularyResource, AssemblyResources.Names(MiniLmPackage.AssemblyPath));
    }
}
