using TorchSharp;
using TorchSharp.Modules;
using TuneStudio.Engine.Adapters.Dora;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Adapters.Dora;

// DoRA's layer against the paper's formula written out here: y = m / ||W + s·BA||_rows ⊙ ((W + s·BA) x) + b,
// with the norm a constant to the backward.
public class DoraLinearTests
{
    private const int In = 6, Out = 5, Rank = 2;
    private const double Alpha = 4;

    [Fact]
    public void The_magnitude_starts_as_the_row_norms_of_the_base_weight()
    {
        using var scope = NewDisposeScope();
        var (layer, baseLayer) = Create();

        var expected = Enumerable.Range(0, Out)
            .Select(row => Math.Sqrt(Enumerable.Range(0, In).Sum(col => Math.Pow(baseLayer.weight![row, col].item<float>(), 2))))
            .ToArray();

        var magnitude = Parameter(layer, "lora_magnitude_vector").data<float>().ToArray();
        Assert.Equal(Out, magnitude.Length);
        Assert.All(expected.Zip(magnitude), pair => Assert.Equal(pair.First, pair.Second, 5));
    }

    [Fact]
    public void The_output_and_gradients_are_the_formula_s_with_the_norm_detached()
    {
        using var scope = NewDisposeScope();
        var (layer, baseLayer) = Create();
        using (no_grad())
        {
            Parameter(layer, "lora_B").copy_(randn(Out, Rank) * 0.5);
            Parameter(layer, "lora_magnitude_vector").mul_(1.3);
        }
        var x = randn(3, In);

        var output = layer.forward(x);
        output.sum().backward();

        // The same computation from detached copies, so autograd sees only what the paper says it should.
        var a = Parameter(layer, "lora_A").detach().clone().requires_grad_();
        var b = Parameter(layer, "lora_B").detach().clone().requires_grad_();
        var m = Parameter(layer, "lora_magnitude_vector").detach().clone().requires_grad_();
        var weight = baseLayer.weight!.detach();
        var adapted = weight + b.matmul(a) * (Alpha / Rank);
        var norm = adapted.detach().pow(2).sum(1).sqrt();
        var expected = (m / norm) * x.matmul(adapted.t()) + baseLayer.bias!.detach();
        expected.sum().backward();

        Assert.True(output.allclose(expected, rtol: 0, atol: 1e-5));
        Assert.True(Parameter(layer, "lora_magnitude_vector").grad!.allclose(m.grad!, rtol: 0, atol: 1e-5));
        Assert.True(Parameter(layer, "lora_A").grad!.allclose(a.grad!, rtol: 0, atol: 1e-5));
        Assert.True(Parameter(layer, "lora_B").grad!.allclose(b.grad!, rtol: 0, atol: 1e-5));
        Assert.Null(baseLayer.weight!.grad);
    }

    [Fact]
    public void A_merge_that_would_make_weights_non_finite_is_refused()
    {
        using var scope = NewDisposeScope();
        var (layer, baseLayer) = Create();
        var before = baseLayer.weight!.data<float>().ToArray();
        using (no_grad())
            Parameter(layer, "lora_magnitude_vector").fill_(float.PositiveInfinity);

        Assert.Throws<InvalidOperationException>(layer.Merge);

        Assert.False(layer.Merged);
        Assert.Equal(before, baseLayer.weight!.data<float>().ToArray());
    }

    private static (DoraLinear Layer, Linear Base) Create()
    {
        TorchRuntime.Configure();
        torch.manual_seed(5);
        var baseLayer = nn.Linear(In, Out);
        return (new DoraLinear(baseLayer, Rank, Alpha, dropout: 0), baseLayer);
    }

    private static Parameter Parameter(nn.Module module, string name) =>
        module.named_parameters().Single(entry => entry.name == name).parameter;
}
