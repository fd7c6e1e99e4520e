using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core.Tests.Kernels;

public class VectorMathTests
{
    /// <summary>Arguments around every branch of fdlibm's exp: 2^-28, ½ln2, 1.5ln2, 1, 708, the overflow and underflow
    /// thresholds, signed zeros, infinities, NaN, subnormals; plus a sweep.</summary>
    private static double[] Arguments()
    {
        var edges = new List<double> { 0.0, -0.0, 1.0, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
            double.Epsilon, -double.Epsilon, 708, -708, 709.78, -745.1, 710, -746, 1e-300, double.MaxValue, double.MinValue };
        foreach (var bits in new[] { 0x3E300000_00000000L, 0x3FD62E42_FEFA39EFL, 0x3FD62E43_00000000L, 0x3FF0A2B2_3F3BAB73L, 0x3FF0A2B2_00000000L })
            for (var d = -3L; d <= 3; d++)
            {
                var v = BitConverter.Int64BitsToDouble(bits + d);
                edges.Add(v);
                edges.Add(-v);
            }
        var rng = Rng.FromSeed(42);
        for (var i = 0; i < 200_000; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -1, 1);
            edges.Add(i % 4 switch { 0 => u * 40, 1 => u * 2, 2 => u * 720, _ => u * 1e-6 });
        }
        return [.. edges];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Exp_EveryWidth_EqualsDetMathExpBitForBit(int lanes)
    {
        var x = Arguments();
        var y = new double[x.Length];
        VectorMath.Exp(lanes, x, y);
        for (var i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(DetMath.Exp(x[i])) == BitConverter.DoubleToInt64Bits(y[i]), $"exp({x[i]:R}) at width {lanes}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Sigmoid_EveryWidth_EqualsActivationApplyBitForBit(int lanes)
    {
        var z = Arguments();
        var a = new double[z.Length];
        VectorMath.Sigmoid(lanes, z, a);
        for (var i = 0; i < z.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(Activation.Apply(Activation.Sigmoid, z[i])) == BitConverter.DoubleToInt64Bits(a[i]), $"σ({z[i]:R}) at width {lanes}");
    }
}
