namespace TuneStudio.Engine.Models;

// One catalogue entry: what to show about a model, and (in its subclass, text or image) how to build it. Which tasks
// it trains is the tasks' call (ITrainingTask.Fits), not the model's.
public abstract class ModelDefinition
{
    public abstract ModelInfo Info { get; }

    // A training run calls this once its model is built: weights a definition keeps for building further models
    // would otherwise sit beside the run's own copy for the whole run.
    public virtual void ReleaseCachedWeights() { }
}
