using NeuralFunctional.Core;
using Xunit;

namespace NeuralFunctional.Core.Tests;

/// <summary>
/// Accuracy sweeps and special-value checks for <see cref="DetMath"/>.
/// Exp, Log, Sin and Cos are compared with the platform's System.Math; Expm1, Log1p and Tanh are compared with
/// the double-double reference in <see cref="Reference"/> (.NET has no Math.Expm1/Math.Log1p, and glibc's tanh,
/// which Math.Tanh calls on Linux, is itself up to ~1.9 ulp off).
/// </summary>
public class DetMathTests
{
    private const int SweepCount = 1_000_000;

    // ------------------------------------------------------------------ accuracy sweeps

    [Fact]
    public void Exp_AccuracySweep_WithinOneUlpOfMathExp()
    {
        ulong maxUlp = Sweep(DetMath.Exp, Math.Exp, seed: 0x45787000,
            r => r.Magnitude(-1022, 9, bothSigns: true), // uniform over exponents (|x| < 1024)
            r => r.Uniform(-745.2, 709.9),                // whole finite-result range
            r => r.Uniform(709.70, 709.85),               // overflow edge (709.7827...)
            r => r.Uniform(-746.0, -708.3),               // subnormal results and the underflow edge
            r => r.Uniform(-1.0, 1.0),                    // around 0
            r => r.AnyFinite());                          // every exponent, including subnormal inputs
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Expm1_AccuracySweep_WithinOneUlpOfReference()
    {
        ulong maxUlp = Sweep(DetMath.Expm1, Reference.Expm1, seed: 0x45786D31,
            r => r.Magnitude(-1074, 9, bothSigns: true),
            r => r.Uniform(-40.0, 40.0),
            r => r.Magnitude(-60, -4, bothSigns: true), // near 0, where expm1 matters
            r => r.Uniform(709.70, 709.85),             // overflow edge
            r => r.Uniform(-1.5, 1.5));                 // the k = 0, ±1 reduction branches
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Log_AccuracySweep_WithinOneUlpOfMathLog()
    {
        ulong maxUlp = Sweep(DetMath.Log, Math.Log, seed: 0x4C6F6700,
            r => Math.Abs(r.AnyFinite()),                    // every exponent, subnormals included
            r => 1.0 + r.Uniform(-1.0 / 32, 1.0 / 32),       // near 1
            r => 1.0 + r.Magnitude(-53, -6, bothSigns: true), // very near 1
            r => r.Subnormal(),
            r => r.Uniform(0.0, 10.0),
            r => -r.Magnitude(-1074, 1023, bothSigns: false)); // negative: NaN
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Log1p_AccuracySweep_WithinOneUlpOfReference()
    {
        ulong maxUlp = Sweep(DetMath.Log1p, Reference.Log1p, seed: 0x4C6F6731,
            r => r.Magnitude(-1074, 1023, bothSigns: false), // positive, every exponent
            r => -r.Magnitude(-1074, -1, bothSigns: false),  // (-1, 0)
            r => r.Magnitude(-60, -4, bothSigns: true),      // near 0
            r => -1.0 + r.Uniform(0.0, 1.0 / 32),            // near -1
            r => r.Uniform(-0.5, 1.5),                       // around the sqrt(2) normalisation split
            r => -1.0 - r.Magnitude(-52, 10, bothSigns: false)); // below -1: NaN
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Tanh_AccuracySweep_WithinOneUlpOfReference()
    {
        ulong maxUlp = Sweep(DetMath.Tanh, Reference.Tanh, seed: 0x54616E68,
            r => r.Magnitude(-1074, 6, bothSigns: true),
            r => r.Uniform(-1.2, 1.2),
            r => r.Uniform(21.0, 23.0) * r.Sign(), // the |x| = 22 switch to ±1
            r => r.Uniform(-25.0, 25.0),
            r => r.Magnitude(-30, -1, bothSigns: true)); // the |x| = 2^-28 switch
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Tanh_AccuracySweep_WithinTwoUlpsOfMathTanh()
    {
        // Cross-check of the reference with the platform: libm tanh (fdlibm-derived on glibc) is up to ~1.9 ulp off,
        // so two faithful-ish results may sit 2 ulps apart.
        ulong maxUlp = Sweep(DetMath.Tanh, Math.Tanh, seed: 0x54616E32, count: SweepCount / 4, maxAllowedUlp: 2,
            r => r.Uniform(-1.2, 1.2),
            r => r.Uniform(-25.0, 25.0));
        Assert.InRange(maxUlp, 0UL, 2UL);
    }

    [Fact]
    public void Sin_AccuracySweep_WithinOneUlpOfMathSin()
    {
        ulong maxUlp = Sweep(DetMath.Sin, Math.Sin, seed: 0x53696E00, samplers: TrigSamplers);
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    [Fact]
    public void Cos_AccuracySweep_WithinOneUlpOfMathCos()
    {
        ulong maxUlp = Sweep(DetMath.Cos, Math.Cos, seed: 0x436F7300, samplers: TrigSamplers);
        Assert.InRange(maxUlp, 0UL, 1UL);
    }

    private static readonly Func<SplitMix64, double>[] TrigSamplers =
    [
        r => r.AnyFinite(),                                  // every exponent, up to ±MaxValue (Payne-Hanek path)
        r => r.Uniform(-10.0, 10.0),
        r => r.Uniform(-1647099.0, 1647099.0),               // the Cody-Waite range, |x| < 2^20·π/2
        r => r.NearMultipleOfHalfPi(),                       // cancellation in the reduction
        r => r.Magnitude(-30, 30, bothSigns: true),
        r => r.Magnitude(20, 1023, bothSigns: true),         // large arguments
    ];

    // ------------------------------------------------------------------ exact agreement on easy points

    [Fact]
    public void DetMath_EasyPoints_EqualSystemMathBitForBit()
    {
        (string Name, double Actual, double Expected)[] cases =
        [
            ("Exp(0)", DetMath.Exp(0.0), Math.Exp(0.0)),
            ("Exp(-0)", DetMath.Exp(-0.0), Math.Exp(-0.0)),
            ("Exp(1)", DetMath.Exp(1.0), Math.Exp(1.0)),
            ("Exp(+inf)", DetMath.Exp(double.PositiveInfinity), Math.Exp(double.PositiveInfinity)),
            ("Exp(-inf)", DetMath.Exp(double.NegativeInfinity), Math.Exp(double.NegativeInfinity)),
            ("Exp(1000)", DetMath.Exp(1000.0), Math.Exp(1000.0)),
            ("Exp(-1000)", DetMath.Exp(-1000.0), Math.Exp(-1000.0)),
            ("Log(1)", DetMath.Log(1.0), Math.Log(1.0)),
            ("Log(2)", DetMath.Log(2.0), Math.Log(2.0)),
            ("Log(0)", DetMath.Log(0.0), Math.Log(0.0)),
            ("Log(+inf)", DetMath.Log(double.PositiveInfinity), Math.Log(double.PositiveInfinity)),
            ("Tanh(0)", DetMath.Tanh(0.0), Math.Tanh(0.0)),
            ("Tanh(-0)", DetMath.Tanh(-0.0), Math.Tanh(-0.0)),
            ("Tanh(30)", DetMath.Tanh(30.0), Math.Tanh(30.0)),
            ("Tanh(-30)", DetMath.Tanh(-30.0), Math.Tanh(-30.0)),
            ("Sin(0)", DetMath.Sin(0.0), Math.Sin(0.0)),
            ("Sin(-0)", DetMath.Sin(-0.0), Math.Sin(-0.0)),
            ("Cos(0)", DetMath.Cos(0.0), Math.Cos(0.0)),
        ];
        foreach (var (name, actual, expected) in cases)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected),
                $"{name}: DetMath gave {actual:R}, System.Math gave {expected:R}");
        }
    }

    // ------------------------------------------------------------------ Exp special values

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-300)]
    public void Exp_ZeroOrTinyInput_ReturnsExactlyOne(double x) => AssertBits(1.0, DetMath.Exp(x));

    [Fact]
    public void Exp_NegativeZero_ReturnsExactlyOne() => AssertBits(1.0, DetMath.Exp(-0.0));

    [Fact]
    public void Exp_PositiveInfinity_ReturnsPositiveInfinity() =>
        AssertBits(double.PositiveInfinity, DetMath.Exp(double.PositiveInfinity));

    [Fact]
    public void Exp_NegativeInfinity_ReturnsPositiveZero() => AssertBits(0.0, DetMath.Exp(double.NegativeInfinity));

    [Fact]
    public void Exp_NaN_ReturnsNaN() => Assert.True(double.IsNaN(DetMath.Exp(double.NaN)));

    [Theory]
    [InlineData(-746.0)]
    [InlineData(-745.2)]
    [InlineData(-1000.0)]
    [InlineData(-double.MaxValue)]
    public void Exp_LargeNegativeInput_UnderflowsToZero(double x) => AssertBits(0.0, DetMath.Exp(x));

    [Theory]
    [InlineData(-745.1)]
    [InlineData(-745.13)]
    [InlineData(-744.6)]
    public void Exp_UnderflowEdge_ReturnsSmallestSubnormal(double x) => AssertBits(double.Epsilon, DetMath.Exp(x));

    [Theory]
    [InlineData(-708.5)]
    [InlineData(-720.0)]
    [InlineData(-740.0)]
    public void Exp_DeepNegativeInput_ReturnsSubnormalWithinOneUlp(double x)
    {
        double y = DetMath.Exp(x);
        Assert.True(y > 0.0 && y < 2.2250738585072014E-308, $"Exp({x:R}) = {y:R} is not subnormal");
        Assert.InRange(UlpDistance(y, Math.Exp(x)), 0UL, 1UL);
    }

    [Theory]
    [InlineData(709.78)]
    [InlineData(709.782712893384)] // the last double before overflow
    public void Exp_LargestInputs_StayFinite(double x)
    {
        double y = DetMath.Exp(x);
        Assert.True(double.IsFinite(y) && y > 1e308, $"Exp({x:R}) = {y:R}");
    }

    [Theory]
    [InlineData(709.7827128933841)] // the first double past the threshold
    [InlineData(710.0)]
    [InlineData(double.MaxValue)]
    public void Exp_AboveOverflowThreshold_ReturnsPositiveInfinity(double x) =>
        AssertBits(double.PositiveInfinity, DetMath.Exp(x));

    // ------------------------------------------------------------------ Expm1 special values

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(2.2250738585072014E-308)]
    [InlineData(1e-20)]
    [InlineData(-1e-20)]
    public void Expm1_ZeroOrTinyInput_ReturnsInputExactly(double x) => AssertBits(x, DetMath.Expm1(x));

    [Fact]
    public void Expm1_NegativeZero_ReturnsNegativeZero() => AssertBits(-0.0, DetMath.Expm1(-0.0));

    [Theory]
    [InlineData(double.NegativeInfinity)]
    [InlineData(-40.0)]
    [InlineData(-1000.0)]
    [InlineData(-double.MaxValue)]
    public void Expm1_LargeNegativeInput_ReturnsMinusOne(double x) => AssertBits(-1.0, DetMath.Expm1(x));

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(710.0)]
    [InlineData(double.MaxValue)]
    public void Expm1_Overflow_ReturnsPositiveInfinity(double x) => AssertBits(double.PositiveInfinity, DetMath.Expm1(x));

    [Fact]
    public void Expm1_NaN_ReturnsNaN() => Assert.True(double.IsNaN(DetMath.Expm1(double.NaN)));

    [Fact]
    public void Expm1_LargestFiniteInput_StaysFinite() => Assert.True(double.IsFinite(DetMath.Expm1(709.782712893384)));

    // ------------------------------------------------------------------ Log special values

    [Fact]
    public void Log_One_ReturnsPositiveZero() => AssertBits(0.0, DetMath.Log(1.0));

    [Fact]
    public void Log_PositiveZero_ReturnsNegativeInfinity() => AssertBits(double.NegativeInfinity, DetMath.Log(0.0));

    [Fact]
    public void Log_NegativeZero_ReturnsNegativeInfinity() => AssertBits(double.NegativeInfinity, DetMath.Log(-0.0));

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-double.Epsilon)]
    [InlineData(-double.MaxValue)]
    [InlineData(double.NegativeInfinity)]
    public void Log_NegativeInput_ReturnsNaN(double x) => Assert.True(double.IsNaN(DetMath.Log(x)));

    [Fact]
    public void Log_PositiveInfinity_ReturnsPositiveInfinity() =>
        AssertBits(double.PositiveInfinity, DetMath.Log(double.PositiveInfinity));

    [Fact]
    public void Log_NaN_ReturnsNaN() => Assert.True(double.IsNaN(DetMath.Log(double.NaN)));

    [Theory]
    [InlineData(double.Epsilon, -744.4400719213812)]        // log(2^-1074), correctly rounded
    [InlineData(2.2250738585072014E-308, -708.3964185322641)] // log(2^-1022), correctly rounded
    [InlineData(2.0, 0.6931471805599453)]
    [InlineData(double.MaxValue, 709.782712893384)]
    public void Log_SubnormalAndExtremeInputs_ReturnCorrectlyRoundedValue(double x, double expected) =>
        AssertBits(expected, DetMath.Log(x));

    [Fact]
    public void Log_SubnormalInputs_WithinOneUlpOfMathLog()
    {
        double[] xs = [double.Epsilon, 3 * double.Epsilon, 1e-320, 1e-310, 2.225073858507201E-308];
        foreach (double x in xs) Assert.InRange(UlpDistance(DetMath.Log(x), Math.Log(x)), 0UL, 1UL);
    }

    // ------------------------------------------------------------------ Log1p special values

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-20)]
    [InlineData(-1e-20)]
    public void Log1p_ZeroOrTinyInput_ReturnsInputExactly(double x) => AssertBits(x, DetMath.Log1p(x));

    [Fact]
    public void Log1p_NegativeZero_ReturnsNegativeZero() => AssertBits(-0.0, DetMath.Log1p(-0.0));

    [Fact]
    public void Log1p_MinusOne_ReturnsNegativeInfinity() => AssertBits(double.NegativeInfinity, DetMath.Log1p(-1.0));

    [Theory]
    [InlineData(-1.0000000000000002)]
    [InlineData(-2.0)]
    [InlineData(-double.MaxValue)]
    [InlineData(double.NegativeInfinity)]
    public void Log1p_BelowMinusOne_ReturnsNaN(double x) => Assert.True(double.IsNaN(DetMath.Log1p(x)));

    [Fact]
    public void Log1p_PositiveInfinity_ReturnsPositiveInfinity() =>
        AssertBits(double.PositiveInfinity, DetMath.Log1p(double.PositiveInfinity));

    [Fact]
    public void Log1p_NaN_ReturnsNaN() => Assert.True(double.IsNaN(DetMath.Log1p(double.NaN)));

    [Fact]
    public void Log1p_MaxValue_EqualsLogOfMaxValue() => AssertBits(709.782712893384, DetMath.Log1p(double.MaxValue));

    // ------------------------------------------------------------------ Tanh special values

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-10)]
    [InlineData(-1e-10)]
    public void Tanh_ZeroOrTinyInput_ReturnsInputExactly(double x) => AssertBits(x, DetMath.Tanh(x));

    [Fact]
    public void Tanh_NegativeZero_ReturnsNegativeZero() => AssertBits(-0.0, DetMath.Tanh(-0.0));

    [Theory]
    [InlineData(19.1, 1.0)]
    [InlineData(22.0, 1.0)]
    [InlineData(1000.0, 1.0)]
    [InlineData(double.MaxValue, 1.0)]
    [InlineData(double.PositiveInfinity, 1.0)]
    [InlineData(-19.1, -1.0)]
    [InlineData(-22.0, -1.0)]
    [InlineData(-double.MaxValue, -1.0)]
    [InlineData(double.NegativeInfinity, -1.0)]
    public void Tanh_LargeMagnitude_ReturnsSignedOne(double x, double expected) => AssertBits(expected, DetMath.Tanh(x));

    [Fact]
    public void Tanh_NaN_ReturnsNaN() => Assert.True(double.IsNaN(DetMath.Tanh(double.NaN)));

    [Fact]
    public void Tanh_NegatedInput_ReturnsNegatedOutput()
    {
        var rng = new SplitMix64(0x6F6464);
        for (int i = 0; i < 10_000; i++)
        {
            double x = rng.Magnitude(-40, 5, bothSigns: false);
            AssertBits(-DetMath.Tanh(x), DetMath.Tanh(-x));
        }
    }

    // ------------------------------------------------------------------ Sin / Cos special values

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-10)]
    public void Sin_ZeroOrTinyInput_ReturnsInputExactly(double x) => AssertBits(x, DetMath.Sin(x));

    [Fact]
    public void Sin_NegativeZero_ReturnsNegativeZero() => AssertBits(-0.0, DetMath.Sin(-0.0));

    [Fact]
    public void Cos_NegativeZero_ReturnsExactlyOne() => AssertBits(1.0, DetMath.Cos(-0.0));

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.Epsilon)]
    [InlineData(-1e-10)]
    public void Cos_ZeroOrTinyInput_ReturnsExactlyOne(double x) => AssertBits(1.0, DetMath.Cos(x));

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(double.NaN)]
    public void SinCos_NonFiniteInput_ReturnsNaN(double x)
    {
        Assert.True(double.IsNaN(DetMath.Sin(x)));
        Assert.True(double.IsNaN(DetMath.Cos(x)));
    }

    [Theory]
    [InlineData(1e22, -0.8522008497671888, 0.523214785395139)] // classic hard reduction case, correctly rounded
    [InlineData(3.141592653589793, 1.2246467991473532E-16, -1.0)]
    [InlineData(1.5707963267948966, 1.0, 6.123233995736766E-17)]
    public void SinCos_KnownArguments_ReturnCorrectlyRoundedValues(double x, double sin, double cos)
    {
        AssertBits(sin, DetMath.Sin(x));
        AssertBits(cos, DetMath.Cos(x));
    }

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(1e300)]
    [InlineData(1647099.3291652855)] // just past 2^20·π/2: first Payne-Hanek argument
    [InlineData(6.283185307179586)]
    [InlineData(4.71238898038469)]
    public void SinCos_ReductionBoundaries_WithinOneUlpOfSystemMath(double x)
    {
        Assert.InRange(UlpDistance(DetMath.Sin(x), Math.Sin(x)), 0UL, 1UL);
        Assert.InRange(UlpDistance(DetMath.Cos(x), Math.Cos(x)), 0UL, 1UL);
        Assert.InRange(UlpDistance(DetMath.Sin(-x), Math.Sin(-x)), 0UL, 1UL);
    }

    [Fact]
    public void SinCos_NegatedInput_SinIsOddAndCosIsEven()
    {
        var rng = new SplitMix64(0x73796D);
        for (int i = 0; i < 10_000; i++)
        {
            double x = rng.Magnitude(-30, 1023, bothSigns: false);
            AssertBits(-DetMath.Sin(x), DetMath.Sin(-x));
            AssertBits(DetMath.Cos(x), DetMath.Cos(-x));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void AssertBits(double expected, double actual) =>
        Assert.True(
            BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual),
            $"expected {expected:R} (0x{BitConverter.DoubleToInt64Bits(expected):X16}), " +
            $"got {actual:R} (0x{BitConverter.DoubleToInt64Bits(actual):X16})");

    /// <summary>Distance in ulps via the ordered int64 image of the bits (±0 coincide; NaN matches only NaN).</summary>
    private static ulong UlpDistance(double a, double b)
    {
        if (double.IsNaN(a) || double.IsNaN(b)) return double.IsNaN(a) && double.IsNaN(b) ? 0UL : ulong.MaxValue;
        long x = Ordered(a), y = Ordered(b);
        return x >= y ? unchecked((ulong)(x - y)) : unchecked((ulong)(y - x));
    }

    private static long Ordered(double d)
    {
        long bits = BitConverter.DoubleToInt64Bits(d);
        return bits < 0 ? unchecked(long.MinValue - bits) : bits;
    }

    private static ulong Sweep(
        Func<double, double> actual, Func<double, double> reference, ulong seed,
        params Func<SplitMix64, double>[] samplers) =>
        Sweep(actual, reference, seed, SweepCount, 1, samplers);

    /// <summary>
    /// Evaluates <paramref name="count"/> inputs drawn by cycling through <paramref name="samplers"/>, fails with the
    /// worst input when the largest ulp distance exceeds <paramref name="maxAllowedUlp"/>, and returns that distance.
    /// </summary>
    private static ulong Sweep(
        Func<double, double> actual, Func<double, double> reference, ulong seed, int count, ulong maxAllowedUlp,
        params Func<SplitMix64, double>[] samplers)
    {
        var rng = new SplitMix64(seed);
        ulong max = 0;
        double worstX = 0, worstActual = 0, worstReference = 0;
        for (int i = 0; i < count; i++)
        {
            double x = samplers[i % samplers.Length](rng);
            double a = actual(x), r = reference(x);
            ulong d = UlpDistance(a, r);
            if (d > max)
            {
                max = d;
                worstX = x;
                worstActual = a;
                worstReference = r;
            }
        }
        Assert.True(
            max <= maxAllowedUlp,
            $"max {max} ulp (allowed {maxAllowedUlp}) over {count} inputs at x = {worstX:R}: got {worstActual:R}, reference {worstReference:R}");
        return max;
    }

    /// <summary>SplitMix64 (Steele, Lea, Flood 2014): a fixed-seed generator, independent of System.Random.</summary>
    private sealed class SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public ulong NextUInt64()
        {
            ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            return z ^ (z >> 31);
        }

        /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

        public double Uniform(double lo, double hi) => lo + (hi - lo) * NextDouble();

        public double Sign() => (NextUInt64() & 1) == 0 ? 1.0 : -1.0;

        /// <summary>Random 52-bit mantissa with a binary exponent uniform in [emin, emax]; exponents below −1022 give subnormals.</summary>
        public double Magnitude(int emin, int emax, bool bothSigns)
        {
            ulong u = NextUInt64();
            int e = emin + (int)(u % (ulong)(emax - emin + 1));
            long mantissa = (long)(NextUInt64() >> 12);
            double v;
            if (e >= -1022)
            {
                v = BitConverter.Int64BitsToDouble(((long)(e + 1023) << 52) | mantissa);
            }
            else
            {
                // subnormal: keep the top (e + 1074) bits of the significand, leading one included
                long significand = (1L << 52) | mantissa;
                v = BitConverter.Int64BitsToDouble(significand >> (-1022 - e));
            }
            return bothSigns && (u & (1UL << 63)) != 0 ? -v : v;
        }

        /// <summary>A random finite double: every exponent, sign and subnormal equally likely per exponent.</summary>
        public double AnyFinite()
        {
            while (true)
            {
                double d = BitConverter.Int64BitsToDouble(unchecked((long)NextUInt64()));
                if (double.IsFinite(d)) return d;
            }
        }

        public double Subnormal() =>
            BitConverter.Int64BitsToDouble((long)(NextUInt64() >> 12) | 1L); // exponent field 0, never zero

        /// <summary>n·π/2 plus a small offset, |n| ≤ 2^20, so the reduced argument is tiny.</summary>
        public double NearMultipleOfHalfPi()
        {
            long n = (long)(NextUInt64() % (1UL << 21)) - (1L << 20);
            double x = n * 1.5707963267948966;
            long steps = (long)(NextUInt64() % 65) - 32;
            return BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) + steps);
        }
    }

    /// <summary>
    /// Independent near-correctly-rounded references (relative error ≲ 2^-63) built from error-free
    /// double-double arithmetic: e^x with a 32-entry 2^(j/32) table, Taylor series near 0, and one Newton step
    /// for log1p seeded by Math.Log.
    /// </summary>
    private static class Reference
    {
        private const double Ln2Hi = 0.6931471805599453;      // 0x3FE62E42FEFA39EF
        private const double Ln2Lo = 2.3190468138462996e-17;  // 0x3C7ABC9E3B39803F
        private const double Ln2By32A = 0.021660849392446835; // 0x3F962E42FEFA0000: 36 bits, so n·A is exact
        private const double Ln2By32B = 5.145609244655338e-14; // 0x3D2CF79ABC9E3B3A
        private const double Ln2By32C = -3.1493591049703574e-30;

        private static readonly double[] TableHi = new double[32];
        private static readonly double[] TableLo = new double[32];

        static Reference()
        {
            // 2^(1/32) = sqrt applied five times to 2, each square root refined in double-double.
            double h = 2.0, l = 0.0;
            for (int i = 0; i < 5; i++) (h, l) = SqrtDD(h, l);
            double th = 1.0, tl = 0.0;
            for (int j = 0; j < 32; j++)
            {
                TableHi[j] = th;
                TableLo[j] = tl;
                (th, tl) = MulDD(th, tl, h, l);
            }
        }

        public static double Expm1(double x)
        {
            if (double.IsNaN(x)) return x;
            if (x > 710.0) return double.PositiveInfinity;
            if (x < -40.0) return -1.0;
            var (h, l) = Expm1DD(x);
            return h + l;
        }

        public static double Log1p(double x)
        {
            if (double.IsNaN(x) || x < -1.0) return double.NaN;
            if (x == -1.0) return double.NegativeInfinity;
            if (double.IsPositiveInfinity(x)) return x;
            if (Math.Abs(x) < 1.0 / 32)
            {
                // x - x^2/2 + x^3 (1/3 - x/4 + ...)
                double sq = TwoProduct(x, x, out double sqLo);
                double poly = 1.0 / 3 - x * (1.0 / 4 - x * (1.0 / 5 - x * (1.0 / 6 - x * (1.0 / 7 - x * (1.0 / 8
                    - x * (1.0 / 9 - x * (1.0 / 10 - x * (1.0 / 11 - x * (1.0 / 12 - x * (1.0 / 13 - x * (1.0 / 14
                    - x * (1.0 / 15))))))))))));
                double a = TwoSum(x, -0.5 * sq, out double ae);
                ae += -0.5 * sqLo + x * sq * poly;
                return a + ae;
            }
            double u = TwoSum(1.0, x, out double uLo);     // 1 + x exactly
            double y0 = Math.Log(u);                        // seed, refined below
            var (eh, el, k) = ExpScaled(y0);                // e^y0 = (eh + el)·2^k
            double dh = TwoSum(Math.ScaleB(u, -k), -eh, out double dl);
            dl += Math.ScaleB(uLo, -k) - el;
            double d = (dh + dl) / eh;                      // u·e^-y0 − 1, tiny
            return y0 + (d - 0.5 * d * d);
        }

        public static double Tanh(double x)
        {
            if (double.IsNaN(x)) return x;
            double ax = Math.Abs(x);
            if (ax > 40.0) return x > 0 ? 1.0 : -1.0;
            if (ax < 1e-150) return x;
            var (th, tl) = Expm1DD(2.0 * ax);
            var (dh, dl) = AddDD(th, tl, 2.0, 0.0);
            var (qh, ql) = DivDD(th, tl, dh, dl);
            double z = qh + ql;
            return x > 0 ? z : -z;
        }

        private static (double Hi, double Lo) Expm1DD(double x)
        {
            if (Math.Abs(x) < 1.0 / 32)
            {
                double sq = TwoProduct(x, x, out double sqLo);
                double poly = 1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720 + x * (1.0 / 5040
                    + x * (1.0 / 40320 + x * (1.0 / 362880 + x * (1.0 / 3628800 + x * (1.0 / 39916800))))))));
                double a = TwoSum(x, 0.5 * sq, out double ae);
                ae += 0.5 * sqLo + x * sq * poly;
                double h = a + ae;
                return (h, ae - (h - a));
            }
            var (eh, el, k) = ExpScaled(x);
            if (k > 200) return (Math.ScaleB(eh + el, k), 0.0);
            return AddDD(Math.ScaleB(eh, k), Math.ScaleB(el, k), -1.0, 0.0);
        }

        /// <summary>e^x = (Hi + Lo)·2^K for |x| ≤ 746, relative error about 2^-68.</summary>
        private static (double Hi, double Lo, int K) ExpScaled(double x)
        {
            double nf = Math.Round(x * (32.0 / Ln2Hi));
            int n = (int)nf;
            int j = n & 31;
            int k = (n - j) / 32;
            double r = x - nf * Ln2By32A; // exact
            double rh = TwoSum(r, -nf * Ln2By32B, out double rl);
            rl -= nf * Ln2By32C;
            // e^r − 1 = r + r^2/2 + r^3·P(r), |r| ≤ 0.0109
            double sq = TwoProduct(rh, rh, out double sqLo);
            sqLo += 2.0 * rh * rl;
            double poly = 1.0 / 6 + rh * (1.0 / 24 + rh * (1.0 / 120 + rh * (1.0 / 720 + rh * (1.0 / 5040
                + rh * (1.0 / 40320 + rh * (1.0 / 362880))))));
            double a = TwoSum(rh, 0.5 * sq, out double ae);
            ae += rl + 0.5 * sqLo + rh * sq * poly;
            double mh = a + ae;
            double ml = ae - (mh - a);
            // e^x / 2^k = T_j + T_j·m
            var (ph, pl) = MulDD(TableHi[j], TableLo[j], mh, ml);
            var (sh, sl) = AddDD(TableHi[j], TableLo[j], ph, pl);
            return (sh, sl, k);
        }

        private static (double Hi, double Lo) SqrtDD(double h, double l)
        {
            double s = Math.Sqrt(h);
            double p = TwoProduct(s, s, out double pe);
            double corr = ((h - p) - pe + l) / (2.0 * s);
            double hi = s + corr;
            return (hi, corr - (hi - s));
        }

        private static (double Hi, double Lo) MulDD(double ah, double al, double bh, double bl)
        {
            double p = TwoProduct(ah, bh, out double pe);
            pe += ah * bl + al * bh;
            double h = p + pe;
            return (h, pe - (h - p));
        }

        private static (double Hi, double Lo) AddDD(double ah, double al, double bh, double bl)
        {
            double s = TwoSum(ah, bh, out double se);
            se += al + bl;
            double h = s + se;
            return (h, se - (h - s));
        }

        private static (double Hi, double Lo) DivDD(double ah, double al, double bh, double bl)
        {
            double q = ah / bh;
            var (ph, pl) = MulDD(q, 0.0, bh, bl);
            var (rh, rl) = AddDD(ah, al, -ph, -pl);
            double q2 = (rh + rl) / bh;
            double h = q + q2;
            return (h, q2 - (h - q));
        }

        private static double TwoSum(double a, double b, out double err)
        {
            double s = a + b;
            double bb = s - a;
            err = (a - (s - bb)) + (b - bb);
            return s;
        }

        private static double TwoProduct(double a, double b, out double err)
        {
            const double Splitter = 134217729.0; // 2^27 + 1
            double p = a * b;
            double ta = Splitter * a, tb = Splitter * b;
            double ah = ta - (ta - a), bh = tb - (tb - b);
            double al = a - ah, bl = b - bh;
            err = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
            return p;
        }
    }
}
