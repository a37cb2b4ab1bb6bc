namespace TuneStudio.Storage;

/// <summary>
/// One uploaded file of an image dataset. <paramref name="Open"/> is called once per import pass and must return a
/// fresh stream from the start each time.
/// </summary>
public sealed record ImageUpload(string FileName, Func<Stream> Open);
