namespace TuneStudio.Engine.Pretrained;

// Where the ImageNet ResNet-18 comes from: the Microsoft.ML.DnnImageFeaturizer.ResNet18 NuGet package's two ONNX
// files, which the engine's build copies to models/ beside every app and test that references the engine.
public static class ResNet18Package
{
    public const string Source = "NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (ONNX from CNTK, MIT)";

    public static string ModelPath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "ResNet18.onnx");

    public static string PreprocessPath { get; } = Path.Combine(AppContext.BaseDirectory, "models", "ResNetPreprocess.onnx");

    public static byte[] ReadOnnxModel() => File.ReadAllBytes(Require(ModelPath));

    public static byte[] ReadPreprocessModel() => File.ReadAllBytes(Require(PreprocessPath));

    private static string Require(string path) =>
        File.Exists(path)
            ? path
            : throw new FileNotFoundException(
                $"ResNet-18 files are missing: expected {path}. The TuneStudio.Engine build copies it from the NuGet package; rebuild.", path);
}
