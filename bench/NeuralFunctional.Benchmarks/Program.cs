using BenchmarkDotNet.Running;

namespace NeuralFunctional.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/NeuralFunctional.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
