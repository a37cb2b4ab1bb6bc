namespace TuneStudio.Engine;

// What the shared recipe needs to know of any example: its class, which the split stratifies by and which must
// index into the job's labels.
public interface ILabelledExample
{
    int Label { get; }
}
