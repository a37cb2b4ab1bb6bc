using System.Security.Cryptography;

namespace TuneStudio.Storage;

/// <summary>
/// Recognises Fashion-MNIST, whose IDX files look exactly like MNIST's: by the SHA-256 of the first image of its train
/// or test file, which a slice taken from the start of either file shares too.
/// </summary>
internal static class FashionMnist
{
    /// <summary>Class names in label order, as Fashion-MNIST's README gives them.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    private static readonly HashSet<string> FirstImageHashes = new(StringComparer.Ordinal)
    {
        "5bd44e331a6d6998daf675700cd0c13dcd7af8ab954b7585124124da61459e7b", // train-images-idx3-ubyte, image 0
        "ffc7351ed0f8bae542820866086177fa4e0b366b97bf9d998dffdb8dbe138787", // t10k-images-idx3-ubyte, image 0
    };

    public static bool IsFirstImage(byte[] pixels) => FirstImageHashes.Contains(Convert.ToHexStringLower(SHA256.HashData(pixels)));
}
