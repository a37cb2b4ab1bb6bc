using System.Text.Json;
using TuneStudio.Engine;
using TuneStudio.Engine.Evaluation;
using TuneStudio.Engine.Tasks;
using TuneStudio.Storage;
using TuneStudio.Web.Datasets;

namespace TuneStudio.Web.Evaluations;

// The one evaluation worker: scores queued evaluations one at a time on a dedicated thread, beside the training
// worker (both share the CPU or GPU; an evaluation runs under no_grad and holds one batch at a time).
public sealed class EvaluationWorker(
    EvaluationQueue queue, EvaluationStore store, EvaluationService service, RunStore runs, DatasetStore datasets, ModelCatalog catalog,
    ILogger<EvaluationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int interrupted = store.MarkRunningAsInterrupted();
        if (interrupted > 0) logger.LogWarning("{Count} evaluation(s) were running when the studio stopped; marked interrupted", interrupted);
        foreach (var evaluation in store.ListQueued()) queue.Enqueue(evaluation.Id);

        TorchRuntime.Configure();
        while (!stoppingToken.IsCancellationRequested)
        {
            string id;
            try { id = await queue.DequeueAsync(stoppingToken); }
            catch (OperationCanceledException) { return; }
            await EvaluateOne(id, stoppingToken);
        }
    }

    private async Task EvaluateOne(string id, CancellationToken stoppingToken)
    {
        EvaluationRecord? evaluation;
        CancellationToken token;
        lock (queue.Transitions)
        {
            evaluation = store.Get(id);
            if (evaluation is null || evaluation.Status != EvaluationStatus.Queued) return;
            evaluation = store.Update(id, e => { e.Status = EvaluationStatus.Running; e.StartedAt = DateTime.UtcNow; e.Progress = 0; })!;
            token = queue.Activate(id, stoppingToken);
        }
        service.Notify(evaluation);
        try
        {
            await Task.Factory.StartNew(() => Score(evaluation, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            logger.LogInformation("Evaluation {Id} of run {RunId} completed", id, evaluation.RunId);
        }
        catch (OperationCanceledException)
        {
            var (status, message) = stoppingToken.IsCancellationRequested
                ? (EvaluationStatus.Interrupted, "The studio stopped while this evaluation ran; start it again.")
                : (EvaluationStatus.Cancelled, "Cancelled by a user; nothing was stored.");
            store.Update(id, e => { e.Status = status; e.Message = message; e.EndedAt = DateTime.UtcNow; });
        }
        catch (Exception e)
        {
            logger.LogError(e, "Evaluation {Id} of run {RunId} failed", id, evaluation.RunId);
            store.Update(id, r => { r.Status = EvaluationStatus.Failed; r.Message = e.Message; r.EndedAt = DateTime.UtcNow; });
        }
        finally
        {
            queue.Deactivate(id);
        }
        if (store.Get(id) is { } ended) service.Notify(ended);
    }

    private void Score(EvaluationRecord evaluation, CancellationToken token)
    {
        var checkpoint = runs.GetCheckpoint(evaluation.CheckpointId)
            ?? throw new InvalidOperationException($"Checkpoint {evaluation.CheckpointName} was deleted before the evaluation ran.");
        var (input, problem) = service.Resolve(evaluation, checkpoint);
        if (input is null) throw new InvalidOperationException(problem!.Message);
        var task = catalog.Tasks.Get(input.State.Config.Task);
        var wanted = input.Positions.ToHashSet();
        var rows = datasets.ReadAllRows(evaluation.DatasetId, evaluation.DatasetVersion).Where(row => wanted.Contains((int)row.Index)).OrderBy(row => row.Index).ToList();
        var taskRows = rows.Select(row => new TaskRow(row.Text, row.Label)).ToList();
        var job = new EvaluationJob(checkpoint.Directory, taskRows)
        {
            BatchSize = Math.Clamp(input.State.Config.BatchSize, 1, 256),
            ReadImage = task.Name == TaskNames.ImageClassification ? text => ImageRows.Decode(datasets, text) : null,
        };

        // Robustness scores the rows once per strength; the plain (or weakest) pass gives the examples.
        var strengths = evaluation.PerturbationKind is null ? [0.0] : evaluation.PerturbationStrengths ?? [0.0];
        var passes = new List<(double Strength, EvaluationReport Report)>();
        var lastReported = -1.0;
        foreach (var (strength, pass) in strengths.Select((strength, pass) => (strength, pass)))
        {
            var progress = new Progress(fraction =>
            {
                var overall = (pass + fraction) / strengths.Count;
                if (overall - lastReported < 0.02 && fraction < 1) return;
                lastReported = overall;
                if (store.Update(evaluation.Id, e => e.Progress = overall) is { } updated) service.Notify(updated);
            });
            var perturbed = evaluation.PerturbationKind is { } kind ? EvaluationPerturbations.Apply(job, kind, strength, input.State.Config.Seed, task.Name) : job;
            passes.Add((strength, task.Evaluate(perturbed, catalog, progress, token)));
        }
        token.ThrowIfCancellationRequested();

        var main = passes.OrderBy(p => p.Strength).First().Report;
        var examples = main.Examples.Select(example => new EvaluationExample
        {
            Row = (int)rows[example.Index].Index,
            Text = rows[example.Index].Text,
            TrueLabel = example.TrueLabel,
            PredictedLabel = example.PredictedLabel,
            Correct = example.Correct,
            Confidence = Finite(example.Confidence),
            Loss = Finite(example.Loss),
            Probabilities = example.Probabilities,
            Detail = example.Detail,
        }).ToList();
        var report = EvaluationReportJson.Serialize(main, evaluation.PerturbationKind is null ? null : passes.Select(p => (p.Strength, p.Report.Metrics)).ToList());
        store.Complete(evaluation.Id, examples, e =>
        {
            e.Metrics = main.Metrics.Where(m => double.IsFinite(m.Value)).ToDictionary(m => m.Key, m => m.Value);
            e.ReportJson = report;
            e.Progress = 1;
            e.EndedAt = DateTime.UtcNow;
            e.Message = $"Scored {examples.Count:N0} rows.";
        });
    }

    // LiteDB and JSON keep no NaN or infinity: a row whose loss overflowed sorts as the worst.
    private static double Finite(double value) => double.IsNaN(value) ? double.MaxValue : Math.Clamp(value, double.MinValue, double.MaxValue);

    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
