// Torch's random generator and thread pool are process-wide, and the memory test reads the process's RSS:
// test classes running side by side would disturb each other's seeds, timings and measurements.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
