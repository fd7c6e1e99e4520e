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

    private static readonly int[] Widths = [1, 2, 4, 8];

    [Fact]
    public void UpdateStep_SgdOnTheMeanOfAnyCountPowersOfTwoIncluded_EqualsTheScalarFormulaBitForBitAtEveryWidth()
    {
        var s = Sums();
        foreach (var lanes in Widths)
            foreach (var lr in new[] { 0.1, 1e-300, 3.0 })
                foreach (var count in new[] { 1, 2, 3, 5, 32, 64, 100, 128, 1 << 20, 1 << 30, 1797 })
                {
                    var rng = Rng.FromSeed((ulong)count);
                    var p = new double[s.Length];
                    for (var i = 0; i < p.Length; i++) (p[i], rng) = Rng.Uniform(rng, -1, 1);
                    var expected = p.Select((v, i) => count == 1 ? v - lr * s[i] : v - lr * (s[i] / count)).ToArray();
                    UpdateStep.Of(new Optimizer.Sgd(lr), 1, count).Apply(p, s, [], [], decays: true, lanes);
                    for (var i = 0; i < p.Length; i++)
                        Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(p[i]),
                            $"{lanes} lanes, count {count}, lr {lr}, s {s[i]:R}: {expected[i]:R} vs {p[i]:R}");
                }
    }

    /// <summary>The scalar formulas of <see cref="Optimizer"/>'s docs, written out here independently of the kernels.</summary>
    private static (double P, double First, double Second) Expected(Optimizer rule, long t, int count, double lambda, bool decays, double p, double s, double m1, double m2)
    {
        var g = count == 1 ? s : s / count;
        if (decays && lambda != 0) g = g + lambda * p;
        switch (rule)
        {
            case Optimizer.Sgd o: return (p - o.LearningRate * g, m1, m2);
            case Optimizer.Momentum o: { var v = o.Beta * m1 + g; return (p - o.LearningRate * v, v, m2); }
            case Optimizer.Nesterov o: { var v = o.Beta * m1 + g; return (p - o.LearningRate * (g + o.Beta * v), v, m2); }
            case Optimizer.Adam a:
            {
                var m = a.Beta1 * m1 + (1.0 - a.Beta1) * g;
                var v = a.Beta2 * m2 + (1.0 - a.Beta2) * (g * g);
                var mHat = m / (1.0 - Schedule.Power(a.Beta1, t));
                var vHat = v / (1.0 - Schedule.Power(a.Beta2, t));
                return (p - a.LearningRate * mHat / (Math.Sqrt(vHat) + a.Epsilon), m, v);
            }
            default: throw new ArgumentOutOfRangeException(nameof(rule));
        }
    }

    [Fact]
    public void UpdateStep_EveryRuleCountAndDecay_EqualsTheScalarFormulasBitForBitAtEveryWidthAndLength()
    {
        var rules = new Optimizer[] { new Optimizer.Sgd(0.3), new Optimizer.Momentum(0.1, 0.9), new Optimizer.Nesterov(0.05, 0.7), new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8) };
        var special = new[] { 0.0, -0.0, double.Epsilon, -2.2250738585072014e-308, 1e300, -1e-300, double.PositiveInfinity, double.NaN };
        var rng = Rng.FromSeed(99);
        double Draw(int i)
        {
            (var u, rng) = Rng.Uniform(rng, -2, 2);
            return i % 11 == 5 ? special[i % special.Length] : u;
        }
        foreach (var rule in rules)
            foreach (var (count, lambda, decays) in new[] { (1, 0.0, true), (3, 0.0, false), (4, 0.1, true), (4, 0.1, false), (7, 1e-4, true) })
                foreach (var t in new long[] { 1, 2, 37, 400, 40_000 })
                    foreach (var lanes in Widths)
                        for (var length = 0; length <= 37; length += 1 + length / 6)
                        {
                            var (p, s, first, second) = (new double[length], new double[length], new double[length], new double[length]);
                            for (var i = 0; i < length; i++) (p[i], s[i], first[i], second[i]) = (Draw(i), Draw(i + 1), Draw(i + 2), Math.Abs(Draw(i + 3)));
                            var moments = UpdateStep.Moments(rule);
                            var expected = Enumerable.Range(0, length).Select(i => Expected(rule, t, count, lambda, decays, p[i], s[i], first[i], second[i])).ToArray();
                            var (f, v) = ((double[])first.Clone(), (double[])second.Clone());
                            UpdateStep.Of(rule, t, count, lambda).Apply(p, s, moments >= 1 ? f : [], moments == 2 ? v : [], decays, lanes);
                            for (var i = 0; i < length; i++)
                            {
                                var where = $"{rule.GetType().Name}, count {count}, λ {lambda}, decays {decays}, t {t}, {lanes} lanes, length {length}, element {i}";
                                Assert.True(BitConverter.DoubleToInt64Bits(expected[i].P) == BitConverter.DoubleToInt64Bits(p[i]), $"{where}: p {expected[i].P:R} vs {p[i]:R}");
                                if (moments >= 1) Assert.True(BitConverter.DoubleToInt64Bits(expected[i].First) == BitConverter.DoubleToInt64Bits(f[i]), $"{where}: first moment");
                                if (moments == 2) Assert.True(BitConverter.DoubleToInt64Bits(expected[i].Second) == BitConverter.DoubleToInt64Bits(v[i]), $"{where}: second moment");
                            }
                        }
    }

    [Fact]
    public void UpdateStep_BlockOfRowsAtAStride_EqualsOneStretchPerRowBitForBitAtEveryWidth()
    {
        var rng = Rng.FromSeed(5);
        foreach (var rule in new Optimizer[] { new Optimizer.Sgd(0.3), new Optimizer.Nesterov(0.05, 0.7), new Optimizer.Adam(0.01, 0.9, 0.999, 1e-8) })
            foreach (var lanes in Widths)
                foreach (var (rows, width, stride) in new[] { (1, 5, 5), (3, 17, 40), (7, 64, 512), (5, 3, 3), (4, 9, 9) })
                {
                    var length = (rows - 1) * stride + width;
                    var values = new double[4][];
                    for (var a = 0; a < 4; a++)
                    {
                        values[a] = new double[length];
                        for (var i = 0; i < length; i++) (values[a][i], rng) = Rng.Uniform(rng, a == 3 ? 0 : -1, 1);
                    }
                    var moments = UpdateStep.Moments(rule);
                    var step = UpdateStep.Of(rule, 3, 6, 0.01);
                    var (p, f, v) = ((double[])values[0].Clone(), (double[])values[2].Clone(), (double[])values[3].Clone());
                    UpdateKernels.Apply(step, p, values[1], moments >= 1 ? f : [], moments == 2 ? v : [], true, lanes, rows, width, stride);
                    var (q, g, w) = ((double[])values[0].Clone(), (double[])values[2].Clone(), (double[])values[3].Clone());
                    for (var r = 0; r < rows; r++)
                        UpdateKernels.Apply(step, q.AsSpan(r * stride, width), values[1].AsSpan(r * stride, width),
                            moments >= 1 ? g.AsSpan(r * stride, width) : [], moments == 2 ? w.AsSpan(r * stride, width) : [], true, lanes);
                    var where = $"{rule.GetType().Name}, {lanes} lanes, {rows} x {width} at {stride}";
                    Assert.True(Bits.Equal(q, p) && Bits.Equal(g, f) && Bits.Equal(w, v), where);
                    Assert.True(Enumerable.Range(0, length).All(i => i % stride < width || p[i] == values[0][i]), $"{where}: wrote between the rows");
                }
    }

    [Fact]
    public void UpdateStep_MomentsOfAnotherLength_AreRefused()
    {
        var step = UpdateStep.Of(new Optimizer.Adam(0.1, 0.9, 0.999, 1e-8), 1);
        Assert.Throws<ArgumentException>(() => step.Apply(new double[4], new double[4], new double[4], new double[3], decays: true));
        Assert.Throws<ArgumentException>(() => UpdateStep.Of(new Optimizer.Momentum(0.1, 0.9), 1).Apply(new double[4], new double[4], [], [], decays: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpdateStep.Of(new Optimizer.Sgd(0.1), 0));
    }
}
