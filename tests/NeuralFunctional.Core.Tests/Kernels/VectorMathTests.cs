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

    /// <summary>Arguments around every branch of DetMath.Tanh: ±0, subnormals, 2^-28 and its neighbours, the ½ln2 point
    /// where y = 2|x| starts the reduction, each k boundary y = (k + ½)·ln2, 22 and its neighbours, huge values,
    /// infinities and NaNs; plus random values in every range (tiny, below and around 0.1733, 0.2–1, 1–22, around 22,
    /// beyond), both signs.</summary>
    private static double[] TanhArguments()
    {
        var edges = new List<double> { 0.0, -0.0, double.NaN, -double.NaN, BitConverter.Int64BitsToDouble(0x7FF00000_00000123L),
            double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, 1e300, -1e300, 1e20, 44.0, 1.0,
            0.5 };
        void Around(double v, int steps)
        {
            var up = v;
            var down = v;
            for (var i = 0; i <= steps; i++)
            {
                edges.Add(up);
                edges.Add(-up);
                edges.Add(down);
                edges.Add(-down);
                up = Math.BitIncrement(up);
                down = Math.BitDecrement(down);
            }
        }
        Around(double.Epsilon, 3);
        Around(BitConverter.Int64BitsToDouble(0x000F0000_00000000L), 3); // a subnormal
        Around(BitConverter.Int64BitsToDouble(0x00100000_00000000L), 3); // least normal
        Around(1e-300, 3);
        Around(BitConverter.Int64BitsToDouble(0x3E300000_00000000L), 8); // 2^-28
        Around(0.34657359027997264 / 2, 16);                            // y = ½ln2
        for (var k = 0; k <= 64; k++) Around((k + 0.5) * Math.Log(2) / 2, 8);  // y = (k + ½)·ln2
        Around(22.0, 8);
        var rng = Rng.FromSeed(7);
        for (var i = 0; i < 200_000; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -1, 1);
            var m = Math.Abs(u);
            var sign = u < 0 ? -1.0 : 1.0;
            edges.Add(i % 8 switch
            {
                0 => u * 1e-8,
                1 => u * 0.17,
                2 => sign * (0.1733 + m * 0.001 - 0.0005),
                3 => sign * (0.2 + m * 0.8),
                4 => sign * (1 + m * 21),
                5 => sign * (22 + m - 0.5),
                6 => sign * (22 + m * 1000),
                _ => u * 4,
            });
        }
        return [.. edges];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Tanh_EveryWidth_EqualsDetMathTanhBitForBit(int lanes)
    {
        var x = TanhArguments();
        var y = new double[x.Length];
        VectorMath.Tanh(lanes, x, y);
        for (var i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(DetMath.Tanh(x[i])) == BitConverter.DoubleToInt64Bits(y[i]), $"tanh({x[i]:R}) at width {lanes}");
    }

    /// <summary>One lane of a vector takes the scalar fallback (NaN or ±∞ at every position in turn); the other lanes of
    /// that vector, and the vectors around it, still equal DetMath.Tanh.</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Tanh_VectorWithAFallbackLane_EqualsDetMathTanhBitForBit(int lanes)
    {
        var special = new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity };
        var rng = Rng.FromSeed(11);
        var x = new double[9 * 8 * special.Length + 5];
        for (var i = 0; i < x.Length; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -1, 1);
            x[i] = i % 3 == 0 ? u * 0.17 : i % 3 == 1 ? u * 5 : u * 30;
        }
        for (var i = 0; i < x.Length; i += 9) x[i] = special[i / 9 % special.Length];
        var y = new double[x.Length];
        VectorMath.Tanh(lanes, x, y);
        for (var i = 0; i < x.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(DetMath.Tanh(x[i])) == BitConverter.DoubleToInt64Bits(y[i]), $"tanh({x[i]:R}) at {i}, width {lanes}");
    }

    [Fact]
    public void LayerKernelsForward_Tanh_EqualsActivationForwardBitForBit()
    {
        const int rows = 16, units = 37;
        var rng = Rng.FromSeed(3);
        var z = new double[rows * units];
        for (var i = 0; i < z.Length; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -1, 1);
            z[i] = i % 4 == 0 ? u * 0.2 : u * 6;
        }
        z[5] = double.NaN;
        z[40] = -0.0;
        z[77] = double.NegativeInfinity;
        z[100] = 25.0;
        var expected = new double[z.Length];
        var actual = new double[z.Length];
        Activation.Forward(Activation.Tanh, z, expected);
        LayerKernels.Forward(Activation.Tanh, z, actual, units);
        for (var i = 0; i < z.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]), $"tanh({z[i]:R}) at {i}");
    }
}
