using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace TuneStudio.Engine.Checkpoints;

// The safetensors format (Hugging Face): an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then raw little-endian data.
// Our own few lines instead of a package, so the engine depends on TorchSharp alone.
public static class Safetensors
{
    private const string MetadataKey = "__metadata__";

    // A header names each tensor once; a repeated name is a damaged or crafted file, not a choice between copies.
    private static readonly JsonDocumentOptions HeaderOptions = new() { AllowDuplicateProperties = false, MaxDepth = 8 };

    private static readonly Dictionary<ScalarType, (string Name, int Size)> DTypes = new()
    {
        [ScalarType.Float32] = ("F32", 4),
        [ScalarType.Float64] = ("F64", 8),
        [ScalarType.Float16] = ("F16", 2),
        [ScalarType.BFloat16] = ("BF16", 2),
        [ScalarType.Int64] = ("I64", 8),
        [ScalarType.Int32] = ("I32", 4),
        [ScalarType.Int16] = ("I16", 2),
        [ScalarType.Int8] = ("I8", 1),
        [ScalarType.Byte] = ("U8", 1),
        [ScalarType.Bool] = ("BOOL", 1),
    };

    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var scope = NewDisposeScope();
        var entries = tensors
            .OrderBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => (entry.Key, Tensor: entry.Value.detach().cpu().contiguous()))
            .ToList();

        var header = BuildHeader(entries, metadata);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var (_, tensor) in entries)
            stream.Write(tensor.bytes);
        stream.Flush(flushToDisk: true);
    }

    public static SafetensorsFile Read(string path)
    {
        var file = File.ReadAllBytes(path);
        if (file.Length < 8) throw new InvalidDataException($"{path} is too short to be a safetensors file.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > (ulong)(file.Length - 8)) throw new InvalidDataException($"{path} has a header longer than the file.");
        var dataStart = 8 + (int)headerLength;

        using var header = ParseHeader(file.AsMemory(8, (int)headerLength), path);
        var metadata = new Dictionary<string, string>();
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var property in header.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    foreach (var item in property.Value.EnumerateObject())
                        metadata[item.Name] = item.Value.GetString() ?? "";
                    continue;
                }
                tensors[property.Name] = ReadTensor(property, file, dataStart, path);
            }
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw new InvalidDataException($"{path}: the header does not describe tensors as safetensors does ({e.Message}).", e);
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
        return new SafetensorsFile(tensors, metadata);
    }

    // The tensors' names and shapes from the header alone, without reading the data.
    public static IReadOnlyDictionary<string, long[]> ReadShapes(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> length = stackalloc byte[8];
        if (stream.ReadAtLeast(length, 8, throwOnEndOfStream: false) < 8) throw new InvalidDataException($"{path} is too short to be a safetensors file.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length);
        if (headerLength > (ulong)(stream.Length - 8) || headerLength > int.MaxValue) throw new InvalidDataException($"{path} has a header longer than the file.");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        using var json = ParseHeader(header, path);
        try
        {
            var shapes = json.RootElement.EnumerateObject()
                .Where(property => property.Name != MetadataKey)
                .ToDictionary(property => property.Name,
                    property => property.Value.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt64()).ToArray(), StringComparer.Ordinal);
            foreach (var (name, shape) in shapes)
                if (shape.Any(dim => dim < 0) || shape.Length > 8)
                    throw new InvalidDataException($"{path}: tensor '{name}' has the shape [{string.Join(", ", shape)}].");
            return shapes;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: the header does not describe tensors as safetensors does ({e.Message}).", e);
        }
    }

    // An empty, truncated or non-JSON header is a file that is not safetensors: InvalidDataException, as every other
    // problem with the file, so importers report it instead of failing.
    private static JsonDocument ParseHeader(ReadOnlyMemory<byte> header, string path)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(header, HeaderOptions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: the header is not JSON ({e.Message}).", e);
        }
        if (json.RootElement.ValueKind != JsonValueKind.Object)
        {
            json.Dispose();
            throw new InvalidDataException($"{path}: the header is not a JSON object.");
        }
        return json;
    }

    private static Tensor ReadTensor(JsonProperty property, byte[] file, int dataStart, string path)
    {
        var dtypeName = property.Value.GetProperty("dtype").GetString();
        var (dtype, size) = DTypes.Where(entry => entry.Value.Name == dtypeName).Select(entry => (entry.Key, entry.Value.Size)).FirstOrDefault();
        if (size == 0) throw new InvalidDataException($"{path}: tensor '{property.Name}' has unsupported dtype '{dtypeName}'.");

        var shape = property.Value.GetProperty("shape").EnumerateArray().Select(dim => dim.GetInt64()).ToArray();
        var offsets = property.Value.GetProperty("data_offsets").EnumerateArray().Select(offset => offset.GetInt64()).ToArray();
        if (shape.Any(dim => dim < 0)) throw new InvalidDataException($"{path}: tensor '{property.Name}' has the shape [{string.Join(", ", shape)}].");
        long expectedBytes;
        try { expectedBytes = checked(shape.Aggregate(1L, (product, dim) => product * dim) * size); }
        catch (OverflowException) { throw new InvalidDataException($"{path}: tensor '{property.Name}' is larger than any file."); }
        if (offsets.Length != 2 || offsets[1] - offsets[0] != expectedBytes || dataStart + offsets[1] > file.Length || offsets[0] < 0)
            throw new InvalidDataException($"{path}: tensor '{property.Name}' has data offsets that do not match its shape or the file.");

        var tensor = empty(shape, dtype);
        if (expectedBytes > 0)
            tensor.bytes = file.AsSpan(dataStart + (int)offsets[0], (int)expectedBytes);
        return tensor;
    }

    private static byte[] BuildHeader(IReadOnlyList<(string Name, Tensor Tensor)> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }

            long offset = 0;
            foreach (var (name, tensor) in entries)
            {
                if (!DTypes.TryGetValue(tensor.dtype, out var dtype))
                    throw new NotSupportedException($"Tensor '{name}' has dtype {tensor.dtype}, which safetensors writing does not support here.");
                var bytes = tensor.numel() * dtype.Size;
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype.Name);
                json.WriteStartArray("shape");
                foreach (var dim in tensor.shape) json.WriteNumberValue(dim);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }

        // The format pads the header with spaces so the data starts 8-byte aligned.
        var header = buffer.ToArray();
        var padded = (header.Length + 7) / 8 * 8;
        var result = new byte[padded];
        header.CopyTo(result, 0);
        result.AsSpan(header.Length).Fill((byte)' ');
        return result;
    }
}
