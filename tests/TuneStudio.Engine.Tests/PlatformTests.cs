using TorchSharp;
using TuneStudio.Engine;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests;

public class PlatformTests
{
    [Fact]
    public void TorchSharp_loads_and_computes_on_this_host()
    {
        TorchRuntime.Configure();
        using var a = tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        using var product = a.matmul(a);

        Assert.Equal(new float[] { 7, 10, 15, 22 }, product.data<float>().ToArray());
        Assert.Contains(TorchRuntime.DeviceName, new[] { "cpu", "cuda" });
    }

    [Fact]
    public void Configure_is_idempotent_and_leaves_a_core_free()
    {
        TorchRuntime.Configure();
        TorchRuntime.Configure();

        if (TorchRuntime.DeviceName == "cpu")
            Assert.Equal(Math.Max(1, Environment.ProcessorCount - 1), torch.get_num_threads());
    }
}
