using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using TuneStudio.Engine.Models.Bert;
using TuneStudio.Engine.Pretrained;
using static TorchSharp.torch;

namespace TuneStudio.Bench;

// The same batch through the engine's MiniLM (eval, no_grad, torch threads = cores) and through ONNX Runtime
// (IntraOpNumThreads = cores: its default used one thread here).
public static class InferenceBench
{
    private const int Warmup = 3, Runs = 15;

    public static void Run()
    {
        torch.set_num_threads(Environment.ProcessorCount);
        var definition = new MiniLmDefinition();
        var tokenizer = (WordPieceTokenizer)definition.CreateTokenizer();
        using var model = (BertTextClassifier)definition.CreateModel(2);
        model.eval();
        using var batch = NewDisposeScope();
        var inputs = tokenizer.Encode(Workload.Texts, Workload.Length, Workload.Cpu);
        if (inputs.InputIds.shape[1] != Workload.Length) throw new InvalidOperationException("The workload does not fill 64 tokens.");

        var torchTimes = Measure(() =>
        {
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            model.Bert.forward(inputs.InputIds, inputs.AttentionMask).data<float>()[0].ToString();
        });

        using var session = new InferenceSession(MiniLmPackage.ReadOnnxModel(), new SessionOptions { IntraOpNumThreads = Environment.ProcessorCount });
        int[] dims = [Workload.Batch, Workload.Length];
        var ids = new DenseTensor<long>(inputs.InputIds.data<long>().ToArray(), dims);
        var mask = new DenseTensor<long>(Enumerable.Repeat(1L, Workload.Batch * Workload.Length).ToArray(), dims);
        var types = new DenseTensor<long>(dims);
        var onnxTimes = Measure(() =>
        {
            using var outputs = session.Run([
                NamedOnnxValue.CreateFromTensor("input_ids", ids),
                NamedOnnxValue.CreateFromTensor("attention_mask", mask),
                NamedOnnxValue.CreateFromTensor("token_type_ids", types),
            ]);
        });

        var torchMedian = Workload.Median(torchTimes);
        var onnxMedian = Workload.Median(onnxTimes);
        Console.WriteLine($"inference: TorchSharp {torchMedian:F0} ms, ONNX Runtime {onnxMedian:F0} ms, TorchSharp / ONNX Runtime {torchMedian / onnxMedian:F2}x");
    }

    private static List<double> Measure(Action action)
    {
        for (var i = 0; i < Warmup; i++) action();
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        return times;
    }
}
