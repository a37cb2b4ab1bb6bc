using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Pretrained;

// One MiniLM built by the engine and the same ONNX file run by ONNX Runtime (the reference), shared by a test class.
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        TorchRuntime.Configure();
        Model = (BertTextClassifier)new MiniLmDefinition().CreateModel(labelCount: 2);
        Model.eval();
        Tokenizer = (WordPieceTokenizer)new MiniLmDefinition().CreateTokenizer();
        Reference = new InferenceSession(MiniLmPackage.ReadOnnxModel(), new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
    }

    public BertTextClassifier Model { get; }

    public WordPieceTokenizer Tokenizer { get; }

    public InferenceSession Reference { get; }

    // Last hidden state [batch, length, hidden] from the engine, flattened.
    public float[] EngineHiddenStates(IReadOnlyList<string> texts, int maxLength = 64)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = Tokenizer.Encode(texts, maxLength, CPU);
        return Model.Bert.forward(batch.InputIds, batch.AttentionMask).data<float>().ToArray();
    }

    public float[][] EngineEmbeddings(IReadOnlyList<string> texts)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var batch = Tokenizer.Encode(texts, 128, CPU);
        var flat = Model.Embed(batch.InputIds, batch.AttentionMask).data<float>().ToArray();
        var width = flat.Length / texts.Count;
        return Enumerable.Range(0, texts.Count).Select(row => flat.AsSpan(row * width, width).ToArray()).ToArray();
    }

    // The same padded batch through ONNX Runtime: ids, mask (1/0) and all-zero token types, as int64.
    public float[] ReferenceHiddenStates(IReadOnlyList<string> texts, int maxLength = 64)
    {
        var encoded = texts.Select(text => Tokenizer.EncodeOne(text, maxLength)).ToArray();
        var length = encoded.Max(ids => ids.Length);
        var ids = new DenseTensor<long>([texts.Count, length]);
        var mask = new DenseTensor<long>([texts.Count, length]);
        var types = new DenseTensor<long>([texts.Count, length]);
        for (var row = 0; row < encoded.Length; row++)
            for (var column = 0; column < encoded[row].Length; column++)
            {
                ids[row, column] = encoded[row][column];
                mask[row, column] = 1;
            }

        using var outputs = Reference.Run([
            NamedOnnxValue.CreateFromTensor("input_ids", ids),
            NamedOnnxValue.CreateFromTensor("attention_mask", mask),
            NamedOnnxValue.CreateFromTensor("token_type_ids", types),
        ]);
        return outputs.First(output => output.Name == "last_hidden_state").AsEnumerable<float>().ToArray();
    }

    public void Dispose()
    {
        Reference.Dispose();
        Model.Dispose();
    }
}
