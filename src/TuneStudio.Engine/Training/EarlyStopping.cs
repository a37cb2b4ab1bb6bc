namespace TuneStudio.Engine.Training;

// The early-stopping state machine, fed one value of the watched metric per evaluation. Its state is a record
// so checkpoints can save and restore it.
public sealed record EarlyStoppingState(double? Best, int BestEvaluation, int Evaluations, int EvaluationsWithoutImprovement);

public sealed class EarlyStopping(EarlyStoppingOptions options, EarlyStoppingState? state = null)
{
    public EarlyStoppingState State { get; private set; } = state ?? new EarlyStoppingState(null, 0, 0, 0);

    public bool ShouldStop => options.Enabled && State.EvaluationsWithoutImprovement >= options.Patience;

    // Returns true when this value is the new best: better than the best so far by more than MinDelta.
    public bool Observe(double value)
    {
        var evaluation = State.Evaluations + 1;
        var improved = double.IsFinite(value) && (State.Best is not { } best || (options.Mode == MetricMode.Min
            ? value < best - options.MinDelta
            : value > best + options.MinDelta));
        State = improved
            ? new EarlyStoppingState(value, evaluation, evaluation, 0)
            : State with { Evaluations = evaluation, EvaluationsWithoutImprovement = State.EvaluationsWithoutImprovement + 1 };
        return improved;
    }
}
