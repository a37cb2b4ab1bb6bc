namespace TuneStudio.Engine;

// Full: every parameter. Lora: low-rank adapters (+ head). Freeze: the head plus the top N blocks, or everything
// except parameters matching FrozenParameterPatterns. BitFit: biases (+ head). HeadOnly: the head alone (linear probe).
// GradualUnfreeze: ULMFiT, starts head-only and unfreezes one more block, top down, every K steps or epochs.
// Dora: LoRA with a learned magnitude per output (reads the Lora options). Ia3: learned rescaling vectors (+ head).
// The adapters (Lora, Dora, Ia3) are listed in Adapters/AdapterRegistry; new members go last so stored numbers keep
// their meaning.
public enum FineTuneMethod { Full, Lora, Freeze, BitFit, HeadOnly, GradualUnfreeze, Dora, Ia3 }
