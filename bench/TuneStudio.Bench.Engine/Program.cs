using TuneStudio.Bench;

// overhead            : the studio's loop vs a bare TorchSharp loop, interleaved rounds, ratio of samples/s
// allocator [r] [t,t] : full fine-tuning step time under MALLOC_* settings and thread counts (one child process each)
// precision [rounds]  : float32 vs bfloat16 (float32 masters): MiniLM step time ratio, losses and accuracy on first names
// step <threads>      : (child) times full fine-tuning steps of a MiniLM-shaped encoder, prints the median ms
return args.FirstOrDefault() switch
{
    "overhead" => EngineOverhead.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 5),
    "allocator" => AllocatorSettings.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 2,
        threadCounts: args.Length > 2 ? args[2].Split(',').Select(int.Parse).ToArray() : [1, 2]),
    "precision" => PrecisionComparison.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 3),
    "step" => StepTiming.Run(threads: int.Parse(args[1])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: TuneStudio.Bench overhead [rounds] | allocator [rounds] | precision [rounds] | step <threads>");
    return 2;
}
