namespace TuneStudio.Web.Runs;

/// <summary>
/// Called on the training thread after each step's metrics have gone out, so blocking here holds the run between
/// steps. The studio registers none; tests register one to hold a run at a known step while they act, instead of
/// racing its speed.
/// </summary>
public interface ITrainingStepHook
{
    void AfterStep(string runId, long step);
}
