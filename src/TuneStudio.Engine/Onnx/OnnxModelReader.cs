using System.Text;

namespace TuneStudio.Engine.Onnx;

// Reads ONNX's protobuf without ONNX Runtime: ModelProto.graph (7) → GraphProto.node (1), initializer (5),
// input (11), output (12); TensorProto dims (1), data_type (2), float_data (4), name (8), raw_data (9);
// data_location (14); NodeProto input (1), output (2), name (3), op_type (4), attribute (5); ValueInfoProto name (1).
// Field numbers from onnx.proto.
public static class OnnxModelReader
{
    public static OnnxModel Read(byte[] model, string what = "ONNX model")
    {
        var reader = new ProtobufReader(model, 0, what);
        OnnxModel? graph = null;
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 7 && wireType == ProtobufReader.LengthDelimited)
            {
                var (offset, length) = reader.ReadLengthDelimited();
                graph = ReadGraph(model.AsMemory(offset, length), what);
            }
            else reader.Skip(wireType);
        }
        return graph ?? throw new InvalidDataException($"{what} has no graph.");
    }

    private static OnnxModel ReadGraph(ReadOnlyMemory<byte> graph, string what)
    {
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var nodes = new List<OnnxNode>();
        var inputs = new List<string>();
        var outputs = new List<string>();
        var reader = new ProtobufReader(graph.Span, 0, what);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType != ProtobufReader.LengthDelimited) { reader.Skip(wireType); continue; }
            var (offset, length) = reader.ReadLengthDelimited();
            var slice = graph.Slice(offset, length);
            switch (field)
            {
                case 1: nodes.Add(ReadNode(slice.Span, what)); break;
                case 5:
                    var tensor = ReadTensor(slice, what);
                    initializers[tensor.Name] = tensor;
                    break;
                case 11: inputs.Add(ReadValueInfoName(slice.Span, what)); break;
                case 12: outputs.Add(ReadValueInfoName(slice.Span, what)); break;
            }
        }
        return new OnnxModel(initializers, nodes, inputs, outputs);
    }

    private static OnnxNode ReadNode(ReadOnlySpan<byte> node, string what)
    {
        string name = "", opType = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        var reader = new ProtobufReader(node, 0, what);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (wireType != ProtobufReader.LengthDelimited || field > 5) { reader.Skip(wireType); continue; }
            var (offset, length) = reader.ReadLengthDelimited();
            if (field == 5)
            {
                var attribute = ReadAttribute(node.Slice(offset, length), what);
                attributes[attribute.Name] = attribute;
                continue;
            }
            var text = Encoding.UTF8.GetString(node.Slice(offset, length));
            switch (field)
            {
                case 1: inputs.Add(text); break;
                case 2: outputs.Add(text); break;
                case 3: name = text; break;
                case 4: opType = text; break;
            }
        }
        return new OnnxNode(name, opType, inputs, outputs) { Attributes = attributes };
    }

    private static OnnxAttribute ReadAttribute(ReadOnlySpan<byte> attribute, string what)
    {
        string name = "";
        string? text = null;
        float? single = null;
        long? integer = null;
        var ints = new List<long>();
        var reader = new ProtobufReader(attribute, 0, what);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, ProtobufReader.LengthDelimited):
                    var (nameOffset, nameLength) = reader.ReadLengthDelimited();
                    name = Encoding.UTF8.GetString(attribute.Slice(nameOffset, nameLength));
                    break;
                case (2, ProtobufReader.Fixed32):
                    var start = reader.Position;
                    reader.Skip(wireType);
                    single = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(attribute.Slice(start, 4));
                    break;
                case (3, ProtobufReader.Varint): integer = (long)reader.ReadVarint(); break;
                case (4, ProtobufReader.LengthDelimited):
                    var (textOffset, textLength) = reader.ReadLengthDelimited();
                    text = Encoding.UTF8.GetString(attribute.Slice(textOffset, textLength));
                    break;
                case (8, ProtobufReader.Varint): ints.Add((long)reader.ReadVarint()); break;
                case (8, ProtobufReader.LengthDelimited):
                    var (intsOffset, intsLength) = reader.ReadLengthDelimited();
                    var packed = new ProtobufReader(attribute[..(intsOffset + intsLength)], intsOffset, what);
                    while (!packed.AtEnd) ints.Add((long)packed.ReadVarint());
                    break;
                default: reader.Skip(wireType); break;
            }
        }
        return new OnnxAttribute(name, single, integer, text, ints.ToArray());
    }

    private static OnnxTensor ReadTensor(ReadOnlyMemory<byte> tensor, string what)
    {
        var dims = new List<long>();
        var dataType = 0;
        var name = "";
        ReadOnlyMemory<byte> raw = default;
        List<float>? floats = null;
        var span = tensor.Span;
        var reader = new ProtobufReader(span, 0, what);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            switch (field, wireType)
            {
                case (1, ProtobufReader.Varint): dims.Add((long)reader.ReadVarint()); break;
                case (1, ProtobufReader.LengthDelimited):
                    var (dimsOffset, dimsLength) = reader.ReadLengthDelimited();
                    var packed = new ProtobufReader(span[..(dimsOffset + dimsLength)], dimsOffset, what);
                    while (!packed.AtEnd) dims.Add((long)packed.ReadVarint());
                    break;
                case (2, ProtobufReader.Varint): dataType = (int)reader.ReadVarint(); break;
                case (4, ProtobufReader.LengthDelimited):
                    var (floatOffset, floatLength) = reader.ReadLengthDelimited();
                    (floats ??= []).AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(span.Slice(floatOffset, floatLength)));
                    break;
                case (4, ProtobufReader.Fixed32): // float_data written unpacked
                    var start = reader.Position;
                    reader.Skip(wireType);
                    (floats ??= []).Add(System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(span.Slice(start, 4)));
                    break;
                case (14, ProtobufReader.Varint):
                    // data_location = EXTERNAL: the weights live in another file, which this reader does not follow.
                    if (reader.ReadVarint() == 1)
                        throw new NotSupportedException($"{what}: tensor '{name}' keeps its data outside the model file (external data), which is not supported.");
                    break;
                case (8, ProtobufReader.LengthDelimited):
                    var (nameOffset, nameLength) = reader.ReadLengthDelimited();
                    name = Encoding.UTF8.GetString(span.Slice(nameOffset, nameLength));
                    break;
                case (9, ProtobufReader.LengthDelimited):
                    var (rawOffset, rawLength) = reader.ReadLengthDelimited();
                    raw = tensor.Slice(rawOffset, rawLength);
                    break;
                default: reader.Skip(wireType); break;
            }
        }
        return new OnnxTensor(name, dims.ToArray(), dataType, raw, floats?.ToArray());
    }

    private static string ReadValueInfoName(ReadOnlySpan<byte> valueInfo, string what)
    {
        var reader = new ProtobufReader(valueInfo, 0, what);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadTag();
            if (field == 1 && wireType == ProtobufReader.LengthDelimited)
            {
                var (offset, length) = reader.ReadLengthDelimited();
                return Encoding.UTF8.GetString(valueInfo.Slice(offset, length));
            }
            reader.Skip(wireType);
        }
        return "";
    }
}
