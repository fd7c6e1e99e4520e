using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary><see cref="DetMath.Exp"/> on whole spans, lane by lane with the same operations in the same order, so the
/// same bits. Vectors cover the arguments fdlibm handles by its main paths (|x| &lt; 708, not NaN, not 1); a vector
/// holding any other argument is computed by the scalar function, element by element.</summary>
internal static class VectorMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double InvLn2 = 1.44269504088896338700e+00;
    /// <summary>The least |x| whose high word exceeds 0x3FD62E42 (fdlibm reduces from there; below it k = 0).</summary>
    private static readonly double Reduce = BitConverter.Int64BitsToDouble(0x3FD62E43_00000000);
    /// <summary>2^-28 (high word 0x3E300000): below it e^x = 1 + x.</summary>
    private static readonly double Tiny = BitConverter.Int64BitsToDouble(0x3E300000_00000000);
    private const double Limit = 708.0;
    private const double P1 = 1.66666666666666019037e-01;
    private const double P2 = -2.77777777770155933842e-03;
    private const double P3 = 6.61375632143793436117e-05;
    private const double P4 = -1.65339022054652515390e-06;
    private const double P5 = 4.13813679705723846039e-08;

    /// <summary>y_i = e^(x_i) for every i, bit for bit <see cref="DetMath.Exp"/>.</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => Map<ExpOp>(SimdWidth.Lanes, x, y);

    /// <summary><see cref="Exp(ReadOnlySpan{double}, Span{double})"/> with <paramref name="lanes"/> doubles per vector (tests run every width in one process).</summary>
    internal static void Exp(int lanes, ReadOnlySpan<double> x, Span<double> y) => Map<ExpOp>(lanes, x, y);

    /// <summary>a_i = 1 / (1 + e^(−z_i)) for every i, bit for bit <see cref="Activation.Apply"/> of the sigmoid.</summary>
    public static void Sigmoid(ReadOnlySpan<double> z, Span<double> a) => Map<SigmoidOp>(SimdWidth.Lanes, z, a);

    /// <summary><see cref="Sigmoid(ReadOnlySpan{double}, Span{double})"/> with <paramref name="lanes"/> doubles per vector.</summary>
    internal static void Sigmoid(int lanes, ReadOnlySpan<double> z, Span<double> a) => Map<SigmoidOp>(lanes, z, a);

    private interface IOp
    {
        static abstract double Scalar(double x);
        static abstract TV Vector<TL, TV>(TV x, out bool ok) where TL : struct, ILanes<TV> where TV : struct;
    }

    private readonly struct ExpOp : IOp
    {
        public static double Scalar(double x) => DetMath.Exp(x);
        public static TV Vector<TL, TV>(TV x, out bool ok) where TL : struct, ILanes<TV> where TV : struct => Exp<TL, TV>(x, out ok);
    }

    private readonly struct SigmoidOp : IOp
    {
        public static double Scalar(double z) => Activation.Apply(Activation.Sigmoid, z);
        public static TV Vector<TL, TV>(TV z, out bool ok) where TL : struct, ILanes<TV> where TV : struct =>
            ActivationFormulas.Sigmoid<TL, TV>(Exp<TL, TV>(TL.Subtract(TL.Broadcast(0.0), z), out ok));
    }

    private static void Map<TOp>(int lanes, ReadOnlySpan<double> x, Span<double> y) where TOp : struct, IOp
    {
        if (y.Length != x.Length) throw new ArgumentException("x and y differ in length.");
        var i = lanes switch
        {
            8 => Map<TOp, Lanes512, Vector512<double>>(x, y),
            4 => Map<TOp, Lanes256, Vector256<double>>(x, y),
            2 => Map<TOp, Lanes128, Vector128<double>>(x, y),
            _ => 0,
        };
        for (; i < x.Length; i++) y[i] = TOp.Scalar(x[i]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Map<TOp, TL, TV>(ReadOnlySpan<double> x, Span<double> y)
        where TOp : struct, IOp where TL : struct, ILanes<TV> where TV : struct
    {
        ref var x0 = ref MemoryMarshal.GetReference(x);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var i = 0;
        for (; i + TL.Count <= x.Length; i += TL.Count)
        {
            var v = TOp.Vector<TL, TV>(TL.Load(ref x0, i), out var ok);
            if (ok) TL.Store(v, ref y0, i);
            else for (var k = i; k < i + TL.Count; k++) y[k] = TOp.Scalar(x[k]);
        }
        return i;
    }

    /// <summary>fdlibm's e_exp.c main paths, per lane: |x| &lt; 2^-28: 1 + x; |x| ≤ ½ln2 (k = 0):
    /// 1 − ((x·c)/(c − 2) − x); otherwise k = trunc(x/ln2 ± ½), hi = x − k·ln2hi, lo = k·ln2lo, r = hi − lo,
    /// e^x = 2^k (1 − ((lo − (r·c)/(2 − c)) − hi)), c = r − t(P1 + t(P2 + t(P3 + t(P4 + t P5)))), t = r².
    /// <paramref name="ok"/> is false when a lane needs another path (the caller then uses the scalar function).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Exp<TL, TV>(TV x, out bool ok) where TL : struct, ILanes<TV> where TV : struct
    {
        var ax = TL.Abs(x);
        var one = TL.Broadcast(1.0);
        // Not NaN, |x| < 708 (so -1021 ≤ k ≤ 1021), and not exactly 1 (fdlibm returns e correctly rounded there).
        ok = TL.All(TL.LessThan(ax, TL.Broadcast(Limit))) && !TL.AnyEqual(x, one);
        var below = TL.LessThan(ax, TL.Broadcast(Reduce));
        var half = TL.Select(TL.LessThan(x, TL.Broadcast(0.0)), TL.Broadcast(-0.5), TL.Broadcast(0.5));
        var k = TL.Select(below, TL.Broadcast(0.0), TL.Truncate(TL.Add(TL.Multiply(TL.Broadcast(InvLn2), x), half)));
        var hi = TL.Subtract(x, TL.Multiply(k, TL.Broadcast(Ln2Hi)));
        var lo = TL.Multiply(k, TL.Broadcast(Ln2Lo));
        var r = TL.Select(below, x, TL.Subtract(hi, lo));
        var t = TL.Multiply(r, r);
        var poly = TL.Add(TL.Broadcast(P4), TL.Multiply(t, TL.Broadcast(P5)));
        poly = TL.Add(TL.Broadcast(P3), TL.Multiply(t, poly));
        poly = TL.Add(TL.Broadcast(P2), TL.Multiply(t, poly));
        poly = TL.Add(TL.Broadcast(P1), TL.Multiply(t, poly));
        var c = TL.Subtract(r, TL.Multiply(t, poly));
        var rc = TL.Multiply(r, c);
        var two = TL.Broadcast(2.0);
        var q = TL.Divide(rc, TL.Subtract(two, c));
        var big = TL.Multiply(TL.Subtract(one, TL.Subtract(TL.Subtract(lo, q), hi)), TL.Pow2(k));
        // k = 0: 1 − ((r·c)/(c − 2) − r), computed as 1 + (q + r) with the one division q: c − 2 = −(2 − c) exactly (c is
        // within 0.35 of zero, never 2), and negation commutes with correct rounding, so the same bits.
        var small = TL.Add(one, TL.Add(q, r));
        var result = TL.Select(below, small, big);
        return TL.Select(TL.LessThan(ax, TL.Broadcast(Tiny)), TL.Add(one, x), result);
    }
}
