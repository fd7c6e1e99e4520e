using BenchmarkDotNet.Attributes;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Benchmarks;

/// <summary>The canonical-order matrix product at W3's shapes: forward (X·Wᵀ, 128×512·512×512), ∂L/∂x (δ·W) and
/// ∂L/∂W (δᵀ·X with δ given as is, summed over the 128 rows from the first).</summary>
[MemoryDiagnoser]
public class KernelBenchmarks
{
    private const int Rows = 128, Inner = 512, Cols = 512;
    private readonly double[] _a = Fill(Rows * Inner, 1);
    private readonly double[] _b = Fill(Inner * Cols, 2);
    private readonly double[] _at = Fill(Cols * Rows, 3);
    private readonly double[] _c = new double[Rows * Cols];
    private readonly double[] _g = new double[Cols * Inner];
    private readonly double[] _pack = new double[Gemm.PackSize(Inner)];

    private static double[] Fill(int n, int seed)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++) v[i] = ((i * 7919 + seed * 104729) % 2001 - 1000) / 1000.0;
        return v;
    }

    [Benchmark]
    public void Forward() => Gemm.Multiply(new Product(Rows, Inner, Cols) { TransposedB = true }, _a, _b, _c, _pack);

    [Benchmark]
    public void InputGradient() => Gemm.Multiply(new Product(Rows, Inner, Cols), _a, _b, _c, _pack);

    [Benchmark]
    public void WeightGradient() => Gemm.Multiply(new Product(Cols, Rows, Inner) { TransposedA = true, FromZero = false }, _at, _a, _g, _pack);
}
