namespace TuneStudio.Engine.Onnx;

// The parts of an ONNX model the engine reads: its weights (initializers) and the graph edges that give
// unnamed weights a meaning. Tensor data stays a slice of the file's bytes until asked for.
public sealed record OnnxModel(
    IReadOnlyDictionary<string, OnnxTensor> Initializers,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs);

public sealed record OnnxNode(string Name, string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs)
{
    // Scalar and list attributes (epsilon, pads, strides...); graph and tensor attributes are not read.
    public IReadOnlyDictionary<string, OnnxAttribute> Attributes { get; init; } = new Dictionary<string, OnnxAttribute>();

    public float Float(string name) =>
        Attributes.TryGetValue(name, out var attribute) && attribute.Float is { } value
            ? value
            : throw new InvalidDataException($"ONNX node '{Name}' ({OpType}) has no float attribute '{name}'.");

    public long[] Ints(string name, long[]? fallback = null) =>
        Attributes.TryGetValue(name, out var attribute) && attribute.Ints.Length > 0
            ? attribute.Ints
            : fallback ?? throw new InvalidDataException($"ONNX node '{Name}' ({OpType}) has no ints attribute '{name}'.");
}

// AttributeProto's scalar and repeated-int forms: f (2), i (3), s (4), ints (8).
public sealed record OnnxAttribute(string Name, float? Float, long? Int, string? Text, long[] Ints);

// DataType follows onnx.proto's TensorProto.DataType (1 = FLOAT, 7 = INT64...).
public sealed record OnnxTensor(string Name, long[] Dims, int DataType, ReadOnlyMemory<byte> RawData, float[]? FloatData)
{
    public const int Float = 1;

    public long ElementCount => Dims.Aggregate(1L, (product, dim) => product * dim);

    // A CPU float32 tensor of this initializer, filled straight from the file's bytes.
    public TorchSharp.torch.Tensor ToTensor()
    {
        if (DataType != Float || FloatData is { Length: > 0 })
            return TorchSharp.torch.tensor(ToFloats(), Dims);
        CheckRawLength();
        var tensor = TorchSharp.torch.empty(Dims, TorchSharp.torch.ScalarType.Float32);
        if (RawData.Length > 0) tensor.bytes = System.Runtime.InteropServices.MemoryMarshal.AsMemory(RawData).Span;
        return tensor;
    }

    public float[] ToFloats()
    {
        if (DataType != Float)
            throw new InvalidDataException($"ONNX tensor '{Name}' has data type {DataType}, not FLOAT.");
        if (FloatData is { Length: > 0 }) return FloatData;
        CheckRawLength();
        var values = new float[ElementCount];
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(RawData.Span).CopyTo(values);
        return values;
    }

    private void CheckRawLength()
    {
        if (RawData.Length != ElementCount * sizeof(float))
            throw new InvalidDataException($"ONNX tensor '{Name}' holds {RawData.Length} bytes for {ElementCount} floats.");
    }
}
