using System.Text;
using TuneStudio.Engine.Onnx;

namespace TuneStudio.Engine.Tests.Onnx;

// Tiny ONNX models written byte by byte, for encodings the MiniLM file does not use.
public class HandWrittenOnnxTests
{
    [Fact]
    public void Reads_packed_and_unpacked_float_data_dims_and_node_edges()
    {
        var packed = Message(String(8, "w"), Varint(1, 2), Varint(1, 1), Varint(2, 1), Bytes(4, Floats(1.5f, -2f)));
        var unpacked = Message(String(8, "b"), Bytes(1, Varints(2)), Varint(2, 1), Fixed32(4, 0.25f), Fixed32(4, 4f));
        var node = Message(String(1, "x"), String(1, "w"), String(2, "y"), String(3, "mm"), String(4, "MatMul"));
        var graph = Message(Bytes(1, node), Bytes(5, packed), Bytes(5, unpacked), Bytes(11, String(1, "x")), Bytes(12, String(1, "y")));
        var model = OnnxModelReader.Read(Message(Varint(1, 8), Bytes(7, graph)));

        Assert.Equal([1.5f, -2f], model.Initializers["w"].ToFloats());
        Assert.Equal([2L, 1L], model.Initializers["w"].Dims);
        Assert.Equal([0.25f, 4f], model.Initializers["b"].ToFloats());
        Assert.Equal([2L], model.Initializers["b"].Dims);
        var matMul = Assert.Single(model.Nodes);
        Assert.Equal(("MatMul", "mm"), (matMul.OpType, matMul.Name));
        Assert.Equal(["x", "w"], matMul.Inputs);
        Assert.Equal(["y"], model.Outputs);
        Assert.Equal(["x"], model.Inputs);
    }

    [Fact]
    public void Externally_stored_weights_are_refused_by_name()
    {
        var tensor = Message(String(8, "big"), Varint(2, 1), Varint(14, 1));
        var model = Message(Bytes(7, Message(Bytes(5, tensor))));

        var error = Assert.Throws<NotSupportedException>(() => OnnxModelReader.Read(model));

        Assert.Contains("'big'", error.Message);
    }

    [Fact]
    public void A_file_without_a_graph_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => OnnxModelReader.Read(Message(Varint(1, 8))));
    }

    private static byte[] Message(params byte[][] fields) => fields.SelectMany(field => field).ToArray();

    private static byte[] Varint(int field, ulong value) => [.. Varints((ulong)(field << 3)), .. Varints(value)];

    private static byte[] Varints(params ulong[] values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            var rest = value;
            while (rest >= 0x80) { bytes.Add((byte)(rest | 0x80)); rest >>= 7; }
            bytes.Add((byte)rest);
        }
        return bytes.ToArray();
    }

    private static byte[] Bytes(int field, byte[] content) => [.. Varints((ulong)(field << 3 | 2), (ulong)content.Length), .. content];

    private static byte[] String(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    private static byte[] Fixed32(int field, float value) => [.. Varints((ulong)(field << 3 | 5)), .. BitConverter.GetBytes(value)];

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();
}
