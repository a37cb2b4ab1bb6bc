// The engine's tasks live in one namespace each (Engine/Tasks/<Task>); these files use several.
global using TuneStudio.Engine.Tasks;
global using TuneStudio.Engine.Tasks.ImageClassification;
global using TuneStudio.Engine.Tasks.TextClassification;
global using TuneStudio.Engine.Tasks.TokenClassification;
global using TuneStudio.Engine.Tasks.MultiLabel;
global using TuneStudio.Engine.Tasks.SentenceEmbedding;
global using TuneStudio.Engine.Adapters.Lora;
