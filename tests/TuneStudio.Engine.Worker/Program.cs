using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TuneStudio.Engine;

// Usage: TuneStudio.Engine.Worker <job.json> <losses.txt> [checkpoint-to-resume]
// Runs (or resumes) the job and appends "step<TAB>loss-bits" per optimizer step to losses.txt, flushed at once.
// Prints "checkpoint <step> <directory>" after each checkpoint is on disk, then "done <outcome> [reason]".
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
var spec = JsonSerializer.Deserialize<WorkerJob>(File.ReadAllText(args[0]), json)!;
var rows = File.ReadAllLines(spec.DataFile).Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')).Take(spec.Take).ToList();
var labels = rows.Select(row => row[1]).Distinct().Order(StringComparer.Ordinal).ToList();
var examples = rows.Select(row => new TextExample(row[0], labels.IndexOf(row[1]))).ToList();
var job = new TrainingJob(spec.Config, examples, labels, spec.CheckpointRoot);

using var losses = new StreamWriter(args[1], append: true);
var observer = new LossFileObserver(losses);
var result = args.Length > 2
    ? TextClassificationTrainer.Resume(job, args[2], observer, CancellationToken.None)
    : TextClassificationTrainer.Run(job, observer, CancellationToken.None);
Console.WriteLine($"done {result.Outcome} {result.FailureReason}");
return result.Outcome == TrainingOutcome.Completed ? 0 : 1;

internal sealed record WorkerJob(TrainingConfig Config, string DataFile, int Take, string CheckpointRoot);

internal sealed class LossFileObserver(StreamWriter losses) : ITrainingObserver
{
    public void OnMetrics(IReadOnlyList<MetricPoint> points)
    {
        foreach (var point in points.Where(point => point.Key == "train/loss"))
            losses.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{point.Step}\t{BitConverter.DoubleToInt64Bits(point.Value)}"));
        losses.Flush();
    }

    public void OnCheckpoint(CheckpointInfo checkpoint)
    {
        Console.WriteLine($"checkpoint {checkpoint.Step} {checkpoint.Directory}");
        Console.Out.Flush();
    }

    public void OnExamples(int train, int validation) { }

    public void OnMessage(string message) { }
}
