namespace TuneStudio.Engine;

public enum FineTuneMethod { Full, Lora, Freeze }
