using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using TuneStudio.Engine.Checkpoints;
using TuneStudio.Engine.Tests.Support;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Tests.Checkpoints;

public class SafetensorsTests
{
    [Fact]
    public void Round_trip_keeps_names_shapes_values_and_metadata()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "t.safetensors");
        using var scope = NewDisposeScope();
        var tensors = new Dictionary<string, Tensor>
        {
            ["encoder.weight"] = randn(3, 5),
            ["encoder.bias"] = tensor(new float[] { 1.5f, -2f, float.Epsilon }),
            ["scalar"] = tensor(42f),
            ["ids"] = tensor(new long[] { 1, 2, long.MaxValue }),
        };

        Safetensors.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        using var read = Safetensors.Read(path);

        Assert.Equal(tensors.Keys.Order(), read.Tensors.Keys.Order());
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.shape, read.Tensors[name].shape);
            Assert.Equal(expected.dtype, read.Tensors[name].dtype);
            Assert.Equal(expected.bytes.ToArray(), read.Tensors[name].bytes.ToArray());
        }
        Assert.Equal("pt", read.Metadata["format"]);
    }

    [Fact]
    public void The_header_is_length_prefixed_JSON_with_dtype_shape_and_offsets()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "t.safetensors");
        using var scope = NewDisposeScope();
        Safetensors.Write(path, new Dictionary<string, Tensor> { ["b"] = zeros(2, 3), ["a"] = ones(4) });

        var bytes = File.ReadAllBytes(path);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(Encoding.UTF8.GetString(bytes, 8, headerLength));

        Assert.Equal(0, (8 + headerLength) % 8);
        var a = header.RootElement.GetProperty("a");
        Assert.Equal("F32", a.GetProperty("dtype").GetString());
        Assert.Equal([4L], a.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt64()));
        Assert.Equal([0L, 16L], a.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()));
        Assert.Equal([16L, 40L], header.RootElement.GetProperty("b").GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()));
        Assert.Equal(8 + headerLength + 40, bytes.Length);
        Assert.Equal(1f, BitConverter.ToSingle(bytes, 8 + headerLength));
    }

    [Fact]
    public void A_file_whose_offsets_do_not_fit_is_rejected()
    {
        using var directory = new TemporaryDirectory();
        var path = Path.Combine(directory.Path, "bad.safetensors");
        var header = Encoding.UTF8.GetBytes("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""");
        var file = new byte[8 + header.Length + 8];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        File.WriteAllBytes(path, file);

        Assert.Throws<InvalidDataException>(() => Safetensors.Read(path));
    }
}
