namespace TuneStudio.Engine;

// Full: every parameter. Lora: low-rank adapters (+ head). Freeze: the head plus the top N blocks, or everything
// except parameters matching FrozenParameterPatterns. BitFit: biases (+ head). HeadOnly: the head alone (linear probe).
// GradualUnfreeze: ULMFiT, starts head-only and unfreezes one more block, top down, every K steps or epochs.
public enum FineTuneMethod { Full, Lora, Freeze, BitFit, HeadOnly, GradualUnfreeze }
