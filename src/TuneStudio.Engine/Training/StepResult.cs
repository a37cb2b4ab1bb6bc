namespace TuneStudio.Engine.Training;

// One optimizer step's outcome. Skipped: the loss or the gradient was not finite, so no update was made.
internal readonly record struct StepResult(double Loss, double GradientNorm, int Examples, bool Skipped);
