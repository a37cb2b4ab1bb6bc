namespace TuneStudio.Engine;

public sealed record TextExample(string Text, int Label) : ILabelledExample;
