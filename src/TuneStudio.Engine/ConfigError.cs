namespace TuneStudio.Engine;

public sealed record ConfigError(string Field, string Message);
