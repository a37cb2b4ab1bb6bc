using TuneStudio.Engine.Adapters.Dora;
using TuneStudio.Engine.Adapters.Ia3;
using TuneStudio.Engine.Adapters.Lora;

namespace TuneStudio.Engine.Adapters;

// The one table of adapters, as PEFT's mapping.py is: method → adapter. Nothing else knows which methods are
// adapters; a new one is its folder plus one line here.
public static class AdapterRegistry
{
    public static readonly IReadOnlyList<IAdapter> All = [new LoraAdapter(), new DoraAdapter(), new Ia3Adapter()];

    public static IAdapter? For(FineTuneMethod method) => All.FirstOrDefault(adapter => adapter.Method == method);

    public static bool IsAdapter(FineTuneMethod method) => For(method) is not null;

    // Every adapter wraps Linear layers the way LoRA does, so a model that takes LoRA takes them all.
    public static bool Supports(ModelInfo model, FineTuneMethod method) =>
        IsAdapter(method) && model.Methods.Contains(FineTuneMethod.Lora);

    // A model's declared methods plus every adapter it supports (what the models list shows).
    public static IReadOnlyList<FineTuneMethod> MethodsOf(ModelInfo model) =>
        model.Methods.Concat(All.Select(adapter => adapter.Method).Where(method => Supports(model, method))).Distinct().ToList();

    // Any adapter's tensor, whichever method put it there (a fork reads a checkpoint of another method).
    public static bool IsAdapterTensor(string name) => All.Any(adapter => adapter.IsAdapterTensor(name));
}
