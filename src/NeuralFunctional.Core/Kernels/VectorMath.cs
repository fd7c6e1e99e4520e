using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary><see cref="DetMath.Exp"/> and <see cref="DetMath.Tanh"/> on whole spans, lane by lane with the same operations
/// in the same order, so the same bits. Vectors cover the arguments the scalar functions handle by their main paths (exp:
/// |x| &lt; 708, not NaN, not 1; tanh: finite); a vector holding any other argument is computed by the scalar function,
/// element by element. Tanh's double-double core is written once here and run at one lane (<see cref="Lanes1"/>) by
/// <see cref="DetMath.Tanh"/>.</summary>
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

    /// <summary>y_i = tanh(x_i) for every i, bit for bit <see cref="DetMath.Tanh"/>.</summary>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Map<TanhOp>(SimdWidth.Lanes, x, y);

    /// <summary><see cref="Tanh(ReadOnlySpan{double}, Span{double})"/> with <paramref name="lanes"/> doubles per vector.</summary>
    internal static void Tanh(int lanes, ReadOnlySpan<double> x, Span<double> y) => Map<TanhOp>(lanes, x, y);

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

    private readonly struct TanhOp : IOp
    {
        public static double Scalar(double x) => DetMath.Tanh(x);
        public static TV Vector<TL, TV>(TV x, out bool ok) where TL : struct, ILanes<TV> where TV : struct => Tanh<TL, TV>(x, out ok);
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

    /// <summary>0.5·ln2: below it <see cref="Expm1DoubleDouble"/> takes k = 0 without reduction.</summary>
    private const double HalfLn2 = 0.34657359027997264;
    /// <summary>|x| ≥ 22 (high word ≥ 0x40360000; 22 is 0x40360000_00000000): tanh(x) = ±1.</summary>
    private const double TanhOne = 22.0;

    // 1/n! for the Taylor tail of expm1 in Expm1DoubleDouble.
    private const double InvF3 = 1.0 / 6.0;
    private const double InvF4 = 1.0 / 24.0;
    private const double InvF5 = 1.0 / 120.0;
    private const double InvF6 = 1.0 / 720.0;
    private const double InvF7 = 1.0 / 5040.0;
    private const double InvF8 = 1.0 / 40320.0;
    private const double InvF9 = 1.0 / 362880.0;
    private const double InvF10 = 1.0 / 3628800.0;
    private const double InvF11 = 1.0 / 39916800.0;
    private const double InvF12 = 1.0 / 479001600.0;
    private const double InvF13 = 1.0 / 6227020800.0;
    private const double InvF14 = 1.0 / 87178291200.0;
    private const double InvF15 = 1.0 / 1307674368000.0;

    /// <summary><see cref="DetMath.Tanh"/> per lane: |x| &lt; 2^-28: x; |x| ≥ 22: ±1; otherwise ±<see cref="TanhOfAbs"/>(|x|)
    /// with the sign of x. <paramref name="ok"/> is false when a lane is NaN or ±∞ (the caller then uses the scalar
    /// function).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Tanh<TL, TV>(TV x, out bool ok) where TL : struct, ILanes<TV> where TV : struct
    {
        var ax = TL.Abs(x);
        ok = TL.All(TL.LessThan(ax, TL.Broadcast(double.PositiveInfinity)));
        // Lanes outside [2^-28, 22) compute garbage here (no trap: vector arithmetic and conversions never throw) and
        // are replaced below.
        var z = TL.Select(TL.LessThan(ax, TL.Broadcast(TanhOne)), TanhOfAbs<TL, TV>(ax), TL.Broadcast(1.0));
        // The scalar code returns −z when the sign bit is set: here x is not NaN and (outside the tiny lanes) not ±0, so
        // the sign bit is set exactly when x &lt; 0; and z·(−1) is −z exactly (multiplying by −1 only flips the sign).
        var signed = TL.Select(TL.LessThan(x, TL.Broadcast(0.0)), TL.Multiply(z, TL.Broadcast(-1.0)), z);
        return TL.Select(TL.LessThan(ax, TL.Broadcast(Tiny)), x, signed);
    }

    /// <summary>tanh(a) for 2^-28 ≤ a &lt; 22 (a = |x|): T/(T + 2) with T = e^(2a) − 1 = th + tl from
    /// <see cref="Expm1DoubleDouble"/>, D = T + 2 = dh + dl, q0 = th/dh, then one correction by the remainder T − q0·D
    /// (th − p is exact by Sterbenz). The one home of the formula: <see cref="DetMath.Tanh"/> runs it at one lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TanhOfAbs<TL, TV>(TV a) where TL : struct, ILanes<TV> where TV : struct
    {
        var two = TL.Broadcast(2.0);
        var th = Expm1DoubleDouble<TL, TV>(TL.Multiply(two, a), out var tl);
        var dh = TwoSum<TL, TV>(th, two, out var dl);
        dl = TL.Add(dl, tl);
        var q0 = TL.Divide(th, dh);
        var p = TwoProduct<TL, TV>(q0, dh, out var pe);
        var rem = TL.Subtract(TL.Add(TL.Subtract(TL.Subtract(th, p), pe), tl), TL.Multiply(q0, dl));
        return TL.Add(q0, TL.Divide(rem, dh));
    }

    /// <summary>e^y − 1 for 2^-27 ≤ y &lt; 44 as an unevaluated sum hi + <paramref name="lo"/> with relative error about
    /// 2^-57 (Cody-Waite reduction y = k·ln2 + r as in s_expm1.c, Taylor series to r^15 with the r + r²/2 head kept in
    /// double-double). Per lane: y &lt; ½ln2 takes k = 0, otherwise k = trunc(y/ln2 + ½) (which may still be 0); the
    /// reduction at k = 0 yields r = y + 0 exactly; both the scaled and the unscaled result are computed and k = 0
    /// selects the unscaled one (the scaled one at k = 0 can differ in the sign of a zero). A vector whose lanes are all
    /// below ½ln2 (and the one lane of <see cref="DetMath.Tanh"/>) skips the reduction and the scaling.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Expm1DoubleDouble<TL, TV>(TV y, out TV lo) where TL : struct, ILanes<TV> where TV : struct
    {
        var zero = TL.Broadcast(0.0);
        var one = TL.Broadcast(1.0);
        var half = TL.Broadcast(0.5);
        var small = TL.LessThan(y, TL.Broadcast(HalfLn2));
        // When every lane is below ½ln2 (at one lane: the scalar branch) the reduction and the scaling are skipped; the
        // selects below give the same bits lane by lane, so this is only a shortcut.
        var allSmall = TL.All(small);
        TV k, rHi, rLo;
        if (allSmall)
        {
            k = zero;
            rHi = y;
            rLo = zero;
        }
        else
        {
            k = TL.Select(small, zero, TL.Truncate(TL.Add(TL.Multiply(TL.Broadcast(InvLn2), y), half)));
            var hi = TL.Subtract(y, TL.Multiply(k, TL.Broadcast(Ln2Hi))); // exact
            // k·(−ln2lo) is −(k·ln2lo) exactly: rounding is symmetric in sign (zeros included). At k = 0 this gives the
            // k = 0 branch's r = y + 0 without a select: hi = y − (+0) = y, and TwoSum(y, −0) = (y, (+0) + (−0)) = (y, +0).
            rHi = TwoSum<TL, TV>(hi, TL.Multiply(k, TL.Broadcast(-Ln2Lo)), out rLo);
        }

        // expm1(r) = r + r^2/2 + r^3 * P(r)
        var sq = TwoProduct<TL, TV>(rHi, rHi, out var sqLo);
        sqLo = TL.Add(sqLo, TL.Multiply(TL.Multiply(TL.Broadcast(2.0), rHi), rLo));
        var poly = TL.Add(TL.Broadcast(InvF14), TL.Multiply(rHi, TL.Broadcast(InvF15)));
        poly = TL.Add(TL.Broadcast(InvF13), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF12), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF11), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF10), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF9), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF8), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF7), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF6), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF5), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF4), TL.Multiply(rHi, poly));
        poly = TL.Add(TL.Broadcast(InvF3), TL.Multiply(rHi, poly));
        var tail = TL.Multiply(TL.Multiply(rHi, sq), poly);
        var a = TwoSum<TL, TV>(rHi, TL.Multiply(half, sq), out var ae);
        ae = TL.Add(ae, TL.Add(TL.Add(rLo, TL.Multiply(half, sqLo)), tail));
        var eh = TL.Add(a, ae);
        var el = TL.Subtract(ae, TL.Subtract(eh, a));

        if (allSmall)
        {
            lo = el;
            return eh;
        }

        // expm1(y) = 2^k * expm1(r) + (2^k - 1), all terms exact except the final double-double sum
        var twoK = TL.Pow2(k);
        var s = TwoSum<TL, TV>(TL.Subtract(twoK, one), TL.Multiply(eh, twoK), out var se);
        se = TL.Add(se, TL.Multiply(el, twoK));
        var h = TL.Add(s, se);
        var hLo = TL.Subtract(se, TL.Subtract(h, s));
        var scaled = TL.GreaterThan(k, zero);
        if (TL.All(scaled))
        {
            // Every lane k ≥ 1 (at one lane: the scalar branch): no select needed.
            lo = hLo;
            return h;
        }
        lo = TL.Select(scaled, hLo, el);
        return TL.Select(scaled, h, eh);
    }

    /// <summary>Error-free sum (Knuth): returns fl(a + b) and the exact rounding error in <paramref name="err"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TwoSum<TL, TV>(TV a, TV b, out TV err) where TL : struct, ILanes<TV> where TV : struct
    {
        var s = TL.Add(a, b);
        var bb = TL.Subtract(s, a);
        err = TL.Add(TL.Subtract(a, TL.Subtract(s, bb)), TL.Subtract(b, bb));
        return s;
    }

    /// <summary>Error-free product without FMA (Dekker/Veltkamp split by 2^27 + 1): returns fl(a·b) and the exact error
    /// in <paramref name="err"/> (for |a|, |b| well below 2^996).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TV TwoProduct<TL, TV>(TV a, TV b, out TV err) where TL : struct, ILanes<TV> where TV : struct
    {
        var splitter = TL.Broadcast(134217729.0); // 2^27 + 1
        var p = TL.Multiply(a, b);
        var ta = TL.Multiply(splitter, a);
        var ah = TL.Subtract(ta, TL.Subtract(ta, a));
        var al = TL.Subtract(a, ah);
        var tb = TL.Multiply(splitter, b);
        var bh = TL.Subtract(tb, TL.Subtract(tb, b));
        var bl = TL.Subtract(b, bh);
        err = TL.Add(TL.Add(TL.Add(TL.Subtract(TL.Multiply(ah, bh), p), TL.Multiply(ah, bl)), TL.Multiply(al, bh)), TL.Multiply(al, bl));
        return p;
    }
}
