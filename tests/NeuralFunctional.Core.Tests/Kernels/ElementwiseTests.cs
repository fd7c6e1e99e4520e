using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core.Tests.Kernels;

public class ElementwiseTests
{
    /// <summary>Summed gradients where a division and a multiplication by 2^−k could part: subnormals (results that
    /// lose bits), the least normal, halfway cases, the largest values, signed zeros, infinities, NaN; plus a sweep.</summary>
    private static double[] Sums()
    {
        var values = new List<double> { 0.0, -0.0, double.Epsilon, -double.Epsilon, 3 * double.Epsilon, 2.2250738585072014e-308,
            -2.2250738585072009e-308, double.MaxValue, double.MinValue, double.PositiveInfinity, double.NegativeInfinity, double.NaN, 1.0, -3.0 };
        var rng = Rng.FromSeed(17);
        for (var i = 0; i < 5000; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -1, 1);
            values.Add(i % 3 switch { 0 => u, 1 => u * 1e-305, _ => u * 1e300 });
        }
        for (var bits = 1L; bits < 1L << 12; bits += 7) values.Add(BitConverter.Int64BitsToDouble(bits));
        return [.. values];
    }

    [Fact]
    public void DescendMean_AnyCountPowersOfTwoIncluded_EqualsTheScalarFormulaBitForBit()
    {
        var s = Sums();
        foreach (var lr in new[] { 0.1, 1e-300, 3.0 })
            foreach (var count in new[] { 1, 2, 3, 5, 32, 64, 100, 128, 1 << 20, 1 << 30, 1797 })
            {
                var rng = Rng.FromSeed((ulong)count);
                var p = new double[s.Length];
                for (var i = 0; i < p.Length; i++) (p[i], rng) = Rng.Uniform(rng, -1, 1);
                var expected = p.Select((v, i) => v - lr * (s[i] / count)).ToArray();
                Elementwise.DescendMean(p, s, lr, count);
                for (var i = 0; i < p.Length; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(p[i]),
                        $"count {count}, lr {lr}, s {s[i]:R}: {expected[i]:R} vs {p[i]:R}");
            }
    }
}
