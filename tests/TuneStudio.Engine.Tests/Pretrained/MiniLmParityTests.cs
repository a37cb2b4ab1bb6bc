using Xunit.Abstractions;

namespace TuneStudio.Engine.Tests.Pretrained;

public class MiniLmParityTests(MiniLmFixture miniLm, ITestOutputHelper output) : IClassFixture<MiniLmFixture>
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void MiniLM_in_TorchSharp_matches_ONNX_Runtime_on_one_sentence()
    {
        string[] texts = ["The quick brown fox jumps over the lazy dog."];

        var engine = miniLm.EngineHiddenStates(texts);
        var reference = miniLm.ReferenceHiddenStates(texts);

        Assert.Equal(reference.Length, engine.Length);
        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {MaxAbsDifference(engine, reference):E2}");
        Assert.InRange(MaxAbsDifference(engine, reference), 0, Tolerance);
    }

    [Fact]
    public void MiniLM_in_TorchSharp_matches_ONNX_Runtime_on_a_padded_batch()
    {
        string[] texts = ["A short one.", "This sentence is quite a bit longer than the first, so the first gets padding."];

        var engine = miniLm.EngineHiddenStates(texts);
        var reference = miniLm.ReferenceHiddenStates(texts);

        Assert.Equal(reference.Length, engine.Length);
        output.WriteLine($"max |TorchSharp - ONNX Runtime| = {MaxAbsDifference(engine, reference):E2}");
        Assert.InRange(MaxAbsDifference(engine, reference), 0, Tolerance);
    }

    [Fact]
    public void Padding_does_not_change_a_sentence_embedding()
    {
        var alone = miniLm.EngineEmbeddings(["A short one."])[0];
        var padded = miniLm.EngineEmbeddings(["A short one.", "This sentence is quite a bit longer than the first one is."])[0];

        Assert.InRange(MaxAbsDifference(alone, padded), 0, Tolerance);
    }

    [Fact]
    public void Mean_pooled_embeddings_rank_a_paraphrase_above_an_unrelated_sentence()
    {
        var embeddings = miniLm.EngineEmbeddings([
            "A man is playing a guitar.",
            "Someone is strumming a guitar.",
            "The stock market fell sharply on Tuesday.",
        ]);

        var paraphrase = Cosine(embeddings[0], embeddings[1]);
        var unrelated = Cosine(embeddings[0], embeddings[2]);

        output.WriteLine($"cosine: paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
        Assert.True(paraphrase > unrelated + 0.3, $"paraphrase {paraphrase:F3}, unrelated {unrelated:F3}");
    }

    private static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, normA = 0, normB = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            normA += a[i] * a[i];
            normB += b[i] * b[i];
        }
        return dot / Math.Sqrt(normA * normB);
    }
}
