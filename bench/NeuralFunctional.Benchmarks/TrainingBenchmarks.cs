using BenchmarkDotNet.Attributes;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Benchmarks;

/// <summary>W1–W3 trained to the end through <see cref="Training.Run"/> (the fast path), records and all.</summary>
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private Workload _workload = null!;

    [Params("W1", "W2", "W3")]
    public string Workload { get; set; } = "W1";

    [GlobalSetup]
    public void Setup() => _workload = BenchFiles.Load(Workload);

    [Benchmark]
    public double Train()
    {
        var last = 0.0;
        foreach (var record in Training.Run(_workload.Start, _workload.Train, _workload.Config, _workload.Validation)) last = record.Loss;
        return last;
    }
}
