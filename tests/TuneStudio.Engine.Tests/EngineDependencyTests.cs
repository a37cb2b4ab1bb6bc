using TuneStudio.Engine;

namespace TuneStudio.Engine.Tests;

public class EngineDependencyTests
{
    [Fact]
    public void Engine_references_only_TorchSharp()
    {
        var forbidden = new[] { "Microsoft.AspNetCore", "LiteDB", "TuneStudio.Storage", "TuneStudio.Web", "Microsoft.ML.OnnxRuntime" };
        var references = typeof(TextClassificationTrainer).Assembly.GetReferencedAssemblies().Select(name => name.Name ?? "").ToList();

        var offending = references.Where(name => forbidden.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))).ToList();

        Assert.Empty(offending);
        var outsideTheFramework = references.Where(name => !name.StartsWith("System") && name is not ("netstandard" or "mscorlib")).ToList();
        // WordPiece for BERT-family models comes from Microsoft.ML.Tokenizers; nothing else outside TorchSharp.
        Assert.Equal(["Microsoft.ML.Tokenizers", "TorchSharp"], outsideTheFramework.Order(StringComparer.Ordinal));
    }
}
