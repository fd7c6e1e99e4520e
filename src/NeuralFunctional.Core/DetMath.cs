// DetMath: deterministic elementary functions for NeuralFunctional.
//
// The algorithms and coefficients below are a C# port of Sun's fdlibm (as
// maintained in FreeBSD msun / openlibm): e_exp.c, s_expm1.c, e_log.c,
// s_log1p.c, s_tanh.c, k_sin.c, k_cos.c, s_sin.c, s_cos.c, e_rem_pio2.c and
// k_rem_pio2.c. The original notice, which the licence requires to be kept:
//
// ====================================================
// Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
//
// Developed at SunSoft, a Sun Microsystems, Inc. business.
// Permission to use, copy, modify, and distribute this
// software is freely granted, provided that this notice
// is preserved.
// ====================================================
//
// (e_exp.c carries the same notice with "Copyright (C) 2004 by Sun
// Microsystems, Inc."; e_rem_pio2.c notes "Optimized by Bruce D. Evans.")
//
// Porting notes:
// * Only IEEE-754 double +, -, *, /, comparisons, integer and bit operations
//   are used, plus the exact Math.Abs and Math.Truncate (tanh) and Math.Floor
//   (huge-argument sin/cos reduction). No libm call, no MathF, no FusedMultiplyAdd; the .NET
//   JIT never contracts a*b+c into an FMA, so every platform rounds identically.
// * Tanh deviates from s_tanh.c: it keeps fdlibm's case split but evaluates
//   tanh = T/(T+2), T = e^(2|x|) - 1, in double-double (error-free TwoSum and
//   Dekker TwoProduct, no FMA). Plain fdlibm tanh is off by up to ~2 ulp for
//   |x| < 1; this version stays near 0.5 ulp. Its core (Expm1DoubleDouble, the
//   division, TwoSum, TwoProduct) lives in Kernels/VectorMath.cs, written once
//   over ILanes and run here at one lane, so the vector tanh is the same code.
// * fdlibm's __HI/__LO word access is done with BitConverter on the 64-bit
//   pattern. Constants are the fdlibm decimal literals, each of which rounds
//   to the hex pattern given in its comment (checked when the file was written).
// * Tricks that exist only to raise floating-point flags ("huge+x>one",
//   "twom1000*twom1000", volatile stores) are replaced by the value they yield.
// * NaN inputs are returned unchanged (same bits); NaNs created by an invalid
//   operation are the constant double.NaN. This keeps even NaN bit patterns
//   identical across x64 and Arm64, whose hardware default NaNs differ.
// * Sin/Cos support the full double range: Cody-Waite reduction for
//   |x| < 2^20*pi/2 and fdlibm's Payne-Hanek style __kernel_rem_pio2 beyond.

using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>Deterministic transcendentals: +, −, ×, ÷, Math.Sqrt and bit operations only, so every CPU and OS gives the same bits.</summary>
public static class DetMath
{
    // ---------------------------------------------------------------- word access

    private static int HighWord(double x) => (int)(BitConverter.DoubleToInt64Bits(x) >> 32);

    private static uint LowWord(double x) => unchecked((uint)BitConverter.DoubleToInt64Bits(x));

    private static double FromWords(int high, uint low) =>
        BitConverter.Int64BitsToDouble(unchecked(((long)high << 32) | low));

    private static double WithHighWord(double x, int high) => FromWords(high, LowWord(x));

    /// <summary>x * 2^n computed exactly (except for the final rounding of a subnormal result); port of musl scalbn.</summary>
    private static double ScaleB(double x, int n)
    {
        const double Two1023 = 8.98846567431157953865e+307; // 0x7FE00000, 0x00000000
        const double TwoM969 = 2.00416836000897277800e-292; // 0x03600000, 0x00000000 (2^-1022 * 2^53)
        if (n > 1023)
        {
            x *= Two1023;
            n -= 1023;
            if (n > 1023)
            {
                x *= Two1023;
                n -= 1023;
                if (n > 1023) n = 1023;
            }
        }
        else if (n < -1022)
        {
            x *= TwoM969;
            n += 1022 - 53;
            if (n < -1022)
            {
                x *= TwoM969;
                n += 1022 - 53;
                if (n < -1022) n = -1022;
            }
        }
        return x * BitConverter.Int64BitsToDouble((long)(0x3ff + n) << 52);
    }

    // ---------------------------------------------------------------- shared constants

    private const double Ln2Hi = 6.93147180369123816490e-01;  // 0x3FE62E42, 0xFEE00000
    private const double Ln2Lo = 1.90821492927058770002e-10;  // 0x3DEA39EF, 0x35793C76
    private const double InvLn2 = 1.44269504088896338700e+00; // 0x3FF71547, 0x652B82FE
    private const double OThreshold = 7.09782712893383973096e+02;  // 0x40862E42, 0xFEFA39EF
    private const double UThreshold = -7.45133219101941108420e+02; // 0xC0874910, 0xD52D3051
    private const double TwoM1000 = 9.33263618503218878990e-302;   // 0x01700000, 0x00000000
    private const double Two1023 = 8.98846567431157953865e+307;    // 0x7FE00000, 0x00000000
    private const double Two54 = 1.80143985094819840000e+16;       // 0x43500000, 0x00000000

    // ---------------------------------------------------------------- exp

    private const double P1 = 1.66666666666666019037e-01;  // 0x3FC55555, 0x5555553E
    private const double P2 = -2.77777777770155933842e-03; // 0xBF66C16C, 0x16BEBD93
    private const double P3 = 6.61375632143793436117e-05;  // 0x3F11566A, 0xAF25DE2C
    private const double P4 = -1.65339022054652515390e-06; // 0xBEBBBD41, 0xC5D26BF1
    private const double P5 = 4.13813679705723846039e-08;  // 0x3E663769, 0x72BEA4D0

    /// <summary>Returns e raised to the power <paramref name="x"/> (fdlibm e_exp.c, error below 1 ulp).</summary>
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        int hx = HighWord(x);
        int xsb = (hx >> 31) & 1; // sign bit of x
        hx &= 0x7fffffff;         // high word of |x|

        // filter out non-finite and huge arguments
        if (hx >= 0x40862E42)
        {
            // |x| >= 709.78...
            if (hx >= 0x7ff00000) return xsb == 0 ? x : 0.0; // exp(+inf) = inf, exp(-inf) = 0
            if (x > OThreshold) return double.PositiveInfinity; // overflow
            if (x < UThreshold) return 0.0;                     // underflow
        }

        // The reduction below gives 2.7182818284590455 for exp(1); the
        // correctly rounded 2.718281828459045 is preferred (as in FreeBSD).
        if (x == 1.0) return 2.718281828459045235360;

        double hi = 0.0, lo = 0.0;
        int k = 0;
        if (hx > 0x3fd62e42)
        {
            // |x| > 0.5 ln2
            if (hx < 0x3FF0A2B2)
            {
                // and |x| < 1.5 ln2
                if (xsb == 0) { hi = x - Ln2Hi; lo = Ln2Lo; k = 1; }
                else { hi = x + Ln2Hi; lo = -Ln2Lo; k = -1; }
            }
            else
            {
                k = (int)(InvLn2 * x + (xsb == 0 ? 0.5 : -0.5));
                double tk = k;
                hi = x - tk * Ln2Hi; // tk*Ln2Hi is exact here
                lo = tk * Ln2Lo;
            }
            x = hi - lo;
        }
        else if (hx < 0x3e300000)
        {
            // |x| < 2^-28: exp(x) = 1 + x correctly rounded
            return 1.0 + x;
        }

        // x is now in the primary range
        double t = x * x;
        double twopk = k >= -1021
            ? FromWords(0x3ff00000 + (k << 20), 0)
            : FromWords(0x3ff00000 + ((k + 1000) << 20), 0);
        double c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
        if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
        double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
        if (k >= -1021)
        {
            if (k == 1024) return y * 2.0 * Two1023;
            return y * twopk;
        }
        return y * twopk * TwoM1000;
    }

    // ---------------------------------------------------------------- expm1

    // Scaled Q's: Qn_here = 2^n * Qn_above, for R(2z) where z = hxs = x*x/2.
    private const double Q1 = -3.33333333333331316428e-02; // 0xBFA11111, 0x111110F4
    private const double Q2 = 1.58730158725481460165e-03;  // 0x3F5A01A0, 0x19FE5585
    private const double Q3 = -7.93650757867487942473e-05; // 0xBF14CE19, 0x9EAADBB7
    private const double Q4 = 4.00821782732936239552e-06;  // 0x3ED0CFCA, 0x86E65239
    private const double Q5 = -2.01099218183624371326e-07; // 0xBE8AFDB7, 0x6E09C32D

    /// <summary>Returns e^<paramref name="x"/> − 1, accurate also for tiny <paramref name="x"/> (fdlibm s_expm1.c, error below 1 ulp).</summary>
    public static double Expm1(double x)
    {
        if (double.IsNaN(x)) return x;
        int hx = HighWord(x);
        int xsb = hx & unchecked((int)0x80000000); // sign bit of x
        hx &= 0x7fffffff;                           // high word of |x|

        // filter out huge and non-finite arguments
        if (hx >= 0x4043687A)
        {
            // |x| >= 56 ln2
            if (hx >= 0x40862E42)
            {
                // |x| >= 709.78...
                if (hx >= 0x7ff00000) return xsb == 0 ? x : -1.0; // expm1(+inf) = inf, expm1(-inf) = -1
                if (x > OThreshold) return double.PositiveInfinity; // overflow
            }
            if (xsb != 0) return -1.0; // x < -56 ln2: -1 correctly rounded
        }

        double hi, lo, c = 0.0, t;
        int k;
        if (hx > 0x3fd62e42)
        {
            // |x| > 0.5 ln2
            if (hx < 0x3FF0A2B2)
            {
                // and |x| < 1.5 ln2
                if (xsb == 0) { hi = x - Ln2Hi; lo = Ln2Lo; k = 1; }
                else { hi = x + Ln2Hi; lo = -Ln2Lo; k = -1; }
            }
            else
            {
                k = (int)(InvLn2 * x + (xsb == 0 ? 0.5 : -0.5));
                t = k;
                hi = x - t * Ln2Hi; // t*Ln2Hi is exact here
                lo = t * Ln2Lo;
            }
            x = hi - lo;
            c = (hi - x) - lo;
        }
        else if (hx < 0x3c900000)
        {
            // |x| < 2^-54: expm1(x) = x (also keeps the sign of zero)
            return x;
        }
        else
        {
            k = 0;
        }

        // x is now in the primary range
        double hfx = 0.5 * x;
        double hxs = x * hfx;
        double r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))));
        t = 3.0 - r1 * hfx;
        double e = hxs * ((r1 - t) / (6.0 - x * t));
        if (k == 0) return x - (x * e - hxs); // c is 0

        double twopk = FromWords(0x3ff00000 + (k << 20), 0); // 2^k (not used when k == 1024)
        e = x * (e - c) - c;
        e -= hxs;
        if (k == -1) return 0.5 * (x - e) - 0.5;
        if (k == 1)
        {
            if (x < -0.25) return -2.0 * (e - (x + 0.5));
            return 1.0 + 2.0 * (x - e);
        }
        double y;
        if (k <= -2 || k > 56)
        {
            // exp(x) - 1 suffices
            y = 1.0 - (e - x);
            if (k == 1024) y = y * 2.0 * Two1023;
            else y *= twopk;
            return y - 1.0;
        }
        if (k < 20)
        {
            t = FromWords(0x3ff00000 - (0x200000 >> k), 0); // 1 - 2^-k
            y = t - (e - x);
            y *= twopk;
        }
        else
        {
            t = FromWords((0x3ff - k) << 20, 0); // 2^-k
            y = x - (e + t);
            y += 1.0;
            y *= twopk;
        }
        return y;
    }

    // ---------------------------------------------------------------- log

    private const double Lg1 = 6.666666666666735130e-01; // 0x3FE55555, 0x55555593
    private const double Lg2 = 3.999999999940941908e-01; // 0x3FD99999, 0x9997FA04
    private const double Lg3 = 2.857142874366239149e-01; // 0x3FD24924, 0x94229359
    private const double Lg4 = 2.222219843214978396e-01; // 0x3FCC71C5, 0x1D8E78AF
    private const double Lg5 = 1.818357216161805012e-01; // 0x3FC74664, 0x96CB03DE
    private const double Lg6 = 1.531383769920937332e-01; // 0x3FC39A09, 0xD078C69F
    private const double Lg7 = 1.479819860511658591e-01; // 0x3FC2F112, 0xDF3E5244

    /// <summary>Returns the natural logarithm of <paramref name="x"/>; −∞ for ±0 and NaN for negative input (fdlibm e_log.c, error below 1 ulp).</summary>
    public static double Log(double x)
    {
        if (double.IsNaN(x)) return x;
        int hx = HighWord(x);
        int k = 0;
        if (hx < 0x00100000)
        {
            // x < 2^-1022
            if (x == 0.0) return double.NegativeInfinity; // log(+-0) = -inf
            if (hx < 0) return double.NaN;                // log(-#) = NaN
            k -= 54;
            x *= Two54; // subnormal number, scale up x
            hx = HighWord(x);
        }
        if (hx >= 0x7ff00000) return x; // +inf
        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        int i = (hx + 0x95f64) & 0x100000;
        x = WithHighWord(x, hx | (i ^ 0x3ff00000)); // normalize x or x/2
        k += i >> 20;
        double f = x - 1.0;
        double dk, r;
        if ((0x000fffff & (2 + hx)) < 3)
        {
            // -2^-20 <= f < 2^-20
            if (f == 0.0)
            {
                if (k == 0) return 0.0;
                dk = k;
                return dk * Ln2Hi + dk * Ln2Lo;
            }
            r = f * f * (0.5 - 0.33333333333333333 * f);
            if (k == 0) return f - r;
            dk = k;
            return dk * Ln2Hi - ((r - dk * Ln2Lo) - f);
        }
        double s = f / (2.0 + f);
        dk = k;
        double z = s * s;
        i = hx - 0x6147a;
        double w = z * z;
        int j = 0x6b851 - hx;
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        i |= j;
        r = t2 + t1;
        if (i > 0)
        {
            double hfsq = 0.5 * f * f;
            if (k == 0) return f - (hfsq - s * (hfsq + r));
            return dk * Ln2Hi - ((hfsq - (s * (hfsq + r) + dk * Ln2Lo)) - f);
        }
        if (k == 0) return f - s * (f - r);
        return dk * Ln2Hi - ((s * (f - r) - dk * Ln2Lo) - f);
    }

    // ---------------------------------------------------------------- log1p

    /// <summary>Returns log(1 + <paramref name="x"/>), accurate also for tiny <paramref name="x"/>; −∞ at −1 and NaN below −1 (fdlibm s_log1p.c, error below 1 ulp).</summary>
    public static double Log1p(double x)
    {
        if (double.IsNaN(x)) return x;
        int hx = HighWord(x);
        int ax = hx & 0x7fffffff;

        double f = 0.0, c = 0.0;
        int k = 1, hu = 0;
        if (hx < 0x3FDA827A)
        {
            // 1+x < sqrt(2)+
            if (ax >= 0x3ff00000)
            {
                // x <= -1.0
                if (x == -1.0) return double.NegativeInfinity; // log1p(-1) = -inf
                return double.NaN;                             // log1p(x < -1) = NaN
            }
            if (ax < 0x3e200000)
            {
                // |x| < 2^-29
                if (ax < 0x3c900000) return x; // |x| < 2^-54 (keeps the sign of zero)
                return x - x * x * 0.5;
            }
            if (hx > 0 || hx <= unchecked((int)0xbfd2bec4))
            {
                // sqrt(2)/2- <= 1+x < sqrt(2)+
                k = 0;
                f = x;
                hu = 1;
            }
        }
        if (hx >= 0x7ff00000) return x; // +inf
        double u;
        if (k != 0)
        {
            if (hx < 0x43400000)
            {
                u = 1.0 + x;
                hu = HighWord(u);
                k = (hu >> 20) - 1023;
                c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
                c /= u;
            }
            else
            {
                u = x;
                hu = HighWord(u);
                k = (hu >> 20) - 1023;
                c = 0.0;
            }
            hu &= 0x000fffff;
            if (hu < 0x6a09e)
            {
                // u ~< sqrt(2)
                u = WithHighWord(u, hu | 0x3ff00000); // normalize u
            }
            else
            {
                k += 1;
                u = WithHighWord(u, hu | 0x3fe00000); // normalize u/2
                hu = (0x00100000 - hu) >> 2;
            }
            f = u - 1.0;
        }
        double hfsq = 0.5 * f * f;
        double r;
        if (hu == 0)
        {
            // |f| < 2^-20
            if (f == 0.0)
            {
                if (k == 0) return 0.0;
                c += k * Ln2Lo;
                return k * Ln2Hi + c;
            }
            r = hfsq * (1.0 - 0.66666666666666666 * f);
            if (k == 0) return f - r;
            return k * Ln2Hi - ((r - (k * Ln2Lo + c)) - f);
        }
        double s = f / (2.0 + f);
        double z = s * s;
        r = z * (Lg1 + z * (Lg2 + z * (Lg3 + z * (Lg4 + z * (Lg5 + z * (Lg6 + z * Lg7))))));
        if (k == 0) return f - (hfsq - s * (hfsq + r));
        return k * Ln2Hi - ((hfsq - (s * (hfsq + r) + (k * Ln2Lo + c))) - f);
    }

    // ---------------------------------------------------------------- tanh

    /// <summary>
    /// Returns the hyperbolic tangent of <paramref name="x"/>; exactly ±1 for |x| ≥ 22, x itself for |x| &lt; 2^-28.
    /// Structure of fdlibm s_tanh.c, but tanh = T/(T+2) with T = e^(2|x|) − 1 evaluated in double-double,
    /// which keeps the error near 0.5 ulp (plain fdlibm reaches about 2 ulp on |x| &lt; 1).
    /// </summary>
    public static double Tanh(double x)
    {
        if (double.IsNaN(x)) return x;
        int jx = HighWord(x);
        int ix = jx & 0x7fffffff;

        double z;
        if (ix >= 0x40360000)
        {
            // |x| >= 22 (including infinity): +-1
            z = 1.0;
        }
        else if (ix < 0x3e300000)
        {
            // |x| < 2^-28: tanh(x) = x correctly rounded (also keeps the sign of zero)
            return x;
        }
        else
        {
            // T = expm1(2|x|) as th + tl, D = T + 2 as dh + dl, z = T / D: the double-double core written once over
            // ILanes and run here at one lane (VectorMath.Tanh runs the same code on vectors).
            z = VectorMath.TanhOfAbs<Lanes1, double>(Math.Abs(x));
        }
        return jx >= 0 ? z : -z;
    }

    // ---------------------------------------------------------------- sin / cos kernels

    private const double S1 = -1.66666666666666324348e-01; // 0xBFC55555, 0x55555549
    private const double S2 = 8.33333333332248946124e-03;  // 0x3F811111, 0x1110F8A6
    private const double S3 = -1.98412698298579493134e-04; // 0xBF2A01A0, 0x19C161D5
    private const double S4 = 2.75573137070700676789e-06;  // 0x3EC71DE3, 0x57B1FE7D
    private const double S5 = -2.50507602534068634195e-08; // 0xBE5AE5E6, 0x8A2B9CEB
    private const double S6 = 1.58969099521155010221e-10;  // 0x3DE5D93A, 0x5ACFD57C

    private const double C1 = 4.16666666666666019037e-02;  // 0x3FA55555, 0x5555554C
    private const double C2 = -1.38888888888741095749e-03; // 0xBF56C16C, 0x16C15177
    private const double C3 = 2.48015872894767294178e-05;  // 0x3EFA01A0, 0x19CB1590
    private const double C4 = -2.75573143513906633035e-07; // 0xBE927E4F, 0x809C52AD
    private const double C5 = 2.08757232129817482790e-09;  // 0x3E21EE9E, 0xBDB4B1C4
    private const double C6 = -1.13596475577881948265e-11; // 0xBDA8FAE9, 0xBE8838D4

    /// <summary>sin(x + y) on ~[−π/4, π/4]; y is the tail of x, ignored when iy is 0 (fdlibm k_sin.c).</summary>
    private static double KernelSin(double x, double y, int iy)
    {
        double z = x * x;
        double w = z * z;
        double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
        double v = z * x;
        if (iy == 0) return x + v * (S1 + z * r);
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /// <summary>cos(x + y) on ~[−π/4, π/4]; y is the tail of x (fdlibm k_cos.c).</summary>
    private static double KernelCos(double x, double y)
    {
        double z = x * x;
        double w = z * z;
        double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
        double hz = 0.5 * z;
        w = 1.0 - hz;
        return w + (((1.0 - w) - hz) + (z * r - x * y));
    }

    // ---------------------------------------------------------------- argument reduction

    private const double InvPio2 = 6.36619772367581382433e-01; // 0x3FE45F30, 0x6DC9C883
    private const double Pio2_1 = 1.57079632673412561417e+00;  // 0x3FF921FB, 0x54400000
    private const double Pio2_1t = 6.07710050650619224932e-11; // 0x3DD0B461, 0x1A626331
    private const double Pio2_2 = 6.07710050630396597660e-11;  // 0x3DD0B461, 0x1A600000
    private const double Pio2_2t = 2.02226624879595063154e-21; // 0x3BA3198A, 0x2E037073
    private const double Pio2_3 = 2.02226624871116645580e-21;  // 0x3BA3198A, 0x2E000000
    private const double Pio2_3t = 8.47842766036889956997e-32; // 0x397B839A, 0x252049C1
    private const double Two24 = 1.67772160000000000000e+07;   // 0x41700000, 0x00000000
    private const double TwoM24 = 5.96046447753906250000e-08;  // 0x3E700000, 0x00000000
    private const double RoundShift = 6755399441055744.0;      // 0x1.8p52

    /// <summary>Reduces x to y0 + y1 = x − n·π/2 with |y0 + y1| ≲ π/4 and returns n (fdlibm e_rem_pio2.c, FreeBSD version).</summary>
    private static int RemPio2(double x, out double y0, out double y1)
    {
        int hx = HighWord(x);
        int ix = hx & 0x7fffffff;
        double z;
        if (ix <= 0x400f6a7a)
        {
            // |x| ~<= 5pi/4
            if ((ix & 0xfffff) == 0x921fb) return RemPio2Medium(x, ix, out y0, out y1); // |x| ~= pi/2 or 2pi/2: cancellation
            if (ix <= 0x4002d97c)
            {
                // |x| ~<= 3pi/4
                if (hx > 0)
                {
                    z = x - Pio2_1; // one round good to 85 bits
                    y0 = z - Pio2_1t;
                    y1 = (z - y0) - Pio2_1t;
                    return 1;
                }
                z = x + Pio2_1;
                y0 = z + Pio2_1t;
                y1 = (z - y0) + Pio2_1t;
                return -1;
            }
            if (hx > 0)
            {
                z = x - 2 * Pio2_1;
                y0 = z - 2 * Pio2_1t;
                y1 = (z - y0) - 2 * Pio2_1t;
                return 2;
            }
            z = x + 2 * Pio2_1;
            y0 = z + 2 * Pio2_1t;
            y1 = (z - y0) + 2 * Pio2_1t;
            return -2;
        }
        if (ix <= 0x401c463b)
        {
            // |x| ~<= 9pi/4
            if (ix <= 0x4015fdbc)
            {
                // |x| ~<= 7pi/4
                if (ix == 0x4012d97c) return RemPio2Medium(x, ix, out y0, out y1); // |x| ~= 3pi/2
                if (hx > 0)
                {
                    z = x - 3 * Pio2_1;
                    y0 = z - 3 * Pio2_1t;
                    y1 = (z - y0) - 3 * Pio2_1t;
                    return 3;
                }
                z = x + 3 * Pio2_1;
                y0 = z + 3 * Pio2_1t;
                y1 = (z - y0) + 3 * Pio2_1t;
                return -3;
            }
            if (ix == 0x401921fb) return RemPio2Medium(x, ix, out y0, out y1); // |x| ~= 4pi/2
            if (hx > 0)
            {
                z = x - 4 * Pio2_1;
                y0 = z - 4 * Pio2_1t;
                y1 = (z - y0) - 4 * Pio2_1t;
                return 4;
            }
            z = x + 4 * Pio2_1;
            y0 = z + 4 * Pio2_1t;
            y1 = (z - y0) + 4 * Pio2_1t;
            return -4;
        }
        if (ix < 0x413921fb) return RemPio2Medium(x, ix, out y0, out y1); // |x| ~< 2^20*(pi/2)

        // All other (large, finite) arguments: set z = scalbn(|x|, ilogb(x) - 23)
        // and hand 24-bit pieces of it to the multi-precision kernel.
        uint low = LowWord(x);
        int e0 = (ix >> 20) - 1046; // e0 = ilogb(z) - 23
        z = FromWords(ix - (e0 << 20), low);
        Span<double> tx = stackalloc double[3];
        for (int i = 0; i < 2; i++)
        {
            tx[i] = (int)z;
            z = (z - tx[i]) * Two24;
        }
        tx[2] = z;
        int nx = 3;
        while (tx[nx - 1] == 0.0) nx--; // skip zero terms
        int n = KernelRemPio2(tx, nx, e0, out double ty0, out double ty1);
        if (hx < 0)
        {
            y0 = -ty0;
            y1 = -ty1;
            return -n;
        }
        y0 = ty0;
        y1 = ty1;
        return n;
    }

    /// <summary>Cody-Waite reduction with up to three parts of π/2, for |x| ≲ 2^20·π/2 (the "medium" case of e_rem_pio2.c).</summary>
    private static int RemPio2Medium(double x, int ix, out double y0, out double y1)
    {
        // Specialised rint() (round-to-nearest is the only IEEE mode .NET uses).
        double fn = x * InvPio2 + RoundShift;
        fn -= RoundShift;
        int n = (int)fn;
        double r = x - fn * Pio2_1;
        double w = fn * Pio2_1t; // 1st round good to 85 bits
        int j = ix >> 20;
        y0 = r - w;
        int i = j - ((HighWord(y0) >> 20) & 0x7ff);
        if (i > 16)
        {
            // 2nd iteration needed, good to 118 bits
            double t = r;
            w = fn * Pio2_2;
            r = t - w;
            w = fn * Pio2_2t - ((t - r) - w);
            y0 = r - w;
            i = j - ((HighWord(y0) >> 20) & 0x7ff);
            if (i > 49)
            {
                // 3rd iteration needed, 151 bits accuracy: covers all cases
                t = r;
                w = fn * Pio2_3;
                r = t - w;
                w = fn * Pio2_3t - ((t - r) - w);
                y0 = r - w;
            }
        }
        y1 = (r - y0) - w;
        return n;
    }

    /// <summary>
    /// 2/π as 24-bit chunks: ipio2[i] holds bits 24·i … 24·i+23 after the binary point
    /// (enough for every double exponent; fdlibm k_rem_pio2.c).
    /// </summary>
    private static readonly int[] IPio2 =
    [
        0xA2F983, 0x6E4E44, 0x1529FC, 0x2757D1, 0xF534DD, 0xC0DB62,
        0x95993C, 0x439041, 0xFE5163, 0xABDEBB, 0xC561B7, 0x246E3A,
        0x424DD2, 0xE00649, 0x2EEA09, 0xD1921C, 0xFE1DEB, 0x1CB129,
        0xA73EE8, 0x8235F5, 0x2EBB44, 0x84E99C, 0x7026B4, 0x5F7E41,
        0x3991D6, 0x398353, 0x39F49C, 0x845F8B, 0xBDF928, 0x3B1FF8,
        0x97FFDE, 0x05980F, 0xEF2F11, 0x8B5A0A, 0x6D1F6D, 0x367ECF,
        0x27CB09, 0xB74F46, 0x3F669E, 0x5FEA2D, 0x7527BA, 0xC7EBE5,
        0xF17B3D, 0x0739F7, 0x8A5292, 0xEA6BFB, 0x5FB11F, 0x8D5D08,
        0x560330, 0x46FC7B, 0x6BABF0, 0xCFBC20, 0x9AF436, 0x1DA9E3,
        0x91615E, 0xE61B08, 0x659985, 0x5F14A0, 0x68408D, 0xFFD880,
        0x4D7327, 0x310606, 0x1556CA, 0x73A8C9, 0x60E27B, 0xC08C6B,
    ];

    /// <summary>π/2 cut into 24-bit chunks (fdlibm k_rem_pio2.c).</summary>
    private static readonly double[] PIo2 =
    [
        1.57079625129699707031e+00, // 0x3FF921FB, 0x40000000
        7.54978941586159635335e-08, // 0x3E74442D, 0x00000000
        5.39030252995776476554e-15, // 0x3CF84698, 0x80000000
        3.28200341580791294123e-22, // 0x3B78CC51, 0x60000000
        1.27065575308067607349e-29, // 0x39F01B83, 0x80000000
        1.22933308981111328932e-36, // 0x387A2520, 0x40000000
        2.73370053816464559624e-44, // 0x36E38222, 0x80000000
        2.16741683877804819444e-51, // 0x3569F31D, 0x00000000
    ];

    /// <summary>
    /// fdlibm __kernel_rem_pio2 for double precision (prec = 1, jk = 4): x[0..nx-1] are 24-bit
    /// pieces of a positive number scaled by 2^e0; returns the last three bits of N and
    /// y0 + y1 = x − N·π/2.
    /// </summary>
    private static int KernelRemPio2(ReadOnlySpan<double> x, int nx, int e0, out double y0, out double y1)
    {
        const int jk = 4; // initial number of terms of ipio2 minus one (double precision)
        const int jp = jk;
        Span<int> iq = stackalloc int[20];
        Span<double> f = stackalloc double[20];
        Span<double> fq = stackalloc double[20];
        Span<double> q = stackalloc double[20];

        // determine jx, jv, q0; note that 3 > q0
        int jx = nx - 1;
        int jv = (e0 - 3) / 24;
        if (jv < 0) jv = 0;
        int q0 = e0 - 24 * (jv + 1);

        // set up f[0] to f[jx+jk] where f[jx+jk] = ipio2[jv+jk]
        int j = jv - jx;
        int m = jx + jk;
        for (int i = 0; i <= m; i++, j++) f[i] = j < 0 ? 0.0 : IPio2[j];

        // compute q[0], q[1], ... q[jk]
        double fw;
        for (int i = 0; i <= jk; i++)
        {
            fw = 0.0;
            for (j = 0; j <= jx; j++) fw += x[j] * f[jx + i - j];
            q[i] = fw;
        }

        int jz = jk;
        int n, ih;
        double z;
        while (true)
        {
            // distill q[] into iq[] reversingly
            int i2 = 0;
            z = q[jz];
            for (j = jz; j > 0; i2++, j--)
            {
                fw = (int)(TwoM24 * z);
                iq[i2] = (int)(z - Two24 * fw);
                z = q[j - 1] + fw;
            }

            // compute n
            z = ScaleB(z, q0);                   // actual value of z
            z -= 8.0 * Math.Floor(z * 0.125); // trim off integer >= 8
            n = (int)z;
            z -= n;
            ih = 0;
            if (q0 > 0)
            {
                // need iq[jz-1] to determine n
                int i3 = iq[jz - 1] >> (24 - q0);
                n += i3;
                iq[jz - 1] -= i3 << (24 - q0);
                ih = iq[jz - 1] >> (23 - q0);
            }
            else if (q0 == 0)
            {
                ih = iq[jz - 1] >> 23;
            }
            else if (z >= 0.5)
            {
                ih = 2;
            }

            if (ih > 0)
            {
                // q > 0.5
                n += 1;
                int carry = 0;
                for (int i = 0; i < jz; i++)
                {
                    // compute 1 - q
                    j = iq[i];
                    if (carry == 0)
                    {
                        if (j != 0)
                        {
                            carry = 1;
                            iq[i] = 0x1000000 - j;
                        }
                    }
                    else
                    {
                        iq[i] = 0xffffff - j;
                    }
                }
                if (q0 > 0)
                {
                    // rare case: chance is 1 in 12
                    switch (q0)
                    {
                        case 1:
                            iq[jz - 1] &= 0x7fffff;
                            break;
                        case 2:
                            iq[jz - 1] &= 0x3fffff;
                            break;
                    }
                }
                if (ih == 2)
                {
                    z = 1.0 - z;
                    if (carry != 0) z -= ScaleB(1.0, q0);
                }
            }

            // check if recomputation is needed
            if (z == 0.0)
            {
                j = 0;
                for (int i = jz - 1; i >= jk; i--) j |= iq[i];
                if (j == 0)
                {
                    // need recomputation
                    int k = 1;
                    while (iq[jk - k] == 0) k++; // k = number of terms needed
                    for (int i = jz + 1; i <= jz + k; i++)
                    {
                        // add q[jz+1] to q[jz+k]
                        f[jx + i] = IPio2[jv + i];
                        fw = 0.0;
                        for (j = 0; j <= jx; j++) fw += x[j] * f[jx + i - j];
                        q[i] = fw;
                    }
                    jz += k;
                    continue;
                }
            }
            break;
        }

        // chop off zero terms
        if (z == 0.0)
        {
            jz -= 1;
            q0 -= 24;
            while (iq[jz] == 0)
            {
                jz--;
                q0 -= 24;
            }
        }
        else
        {
            // break z into 24-bit pieces if necessary
            z = ScaleB(z, -q0);
            if (z >= Two24)
            {
                fw = (int)(TwoM24 * z);
                iq[jz] = (int)(z - Two24 * fw);
                jz += 1;
                q0 += 24;
                iq[jz] = (int)fw;
            }
            else
            {
                iq[jz] = (int)z;
            }
        }

        // convert integer "bit" chunks to floating-point values
        fw = ScaleB(1.0, q0);
        for (int i = jz; i >= 0; i--)
        {
            q[i] = fw * iq[i];
            fw *= TwoM24;
        }

        // compute PIo2[0,...,jp] * q[jz,...,0]
        for (int i = jz; i >= 0; i--)
        {
            fw = 0.0;
            for (int k = 0; k <= jp && k <= jz - i; k++) fw += PIo2[k] * q[i + k];
            fq[jz - i] = fw;
        }

        // compress fq[] into y0 + y1
        fw = 0.0;
        for (int i = jz; i >= 0; i--) fw += fq[i];
        y0 = ih == 0 ? fw : -fw;
        fw = fq[0] - fw;
        for (int i = 1; i <= jz; i++) fw += fq[i];
        y1 = ih == 0 ? fw : -fw;
        return n & 7;
    }

    // ---------------------------------------------------------------- sin / cos

    /// <summary>Returns the sine of <paramref name="x"/> (radians), for the full double range; NaN for ±∞ (fdlibm s_sin.c, error below 1 ulp).</summary>
    public static double Sin(double x)
    {
        if (double.IsNaN(x)) return x;
        int ix = HighWord(x) & 0x7fffffff;

        if (ix <= 0x3fe921fb)
        {
            // |x| ~<= pi/4
            if (ix < 0x3e500000) return x; // |x| < 2^-26: sin(x) = x (keeps the sign of zero)
            return KernelSin(x, 0.0, 0);
        }
        if (ix >= 0x7ff00000) return double.NaN; // sin(+-inf) = NaN

        int n = RemPio2(x, out double y0, out double y1);
        return (n & 3) switch
        {
            0 => KernelSin(y0, y1, 1),
            1 => KernelCos(y0, y1),
            2 => -KernelSin(y0, y1, 1),
            _ => -KernelCos(y0, y1),
        };
    }

    /// <summary>Returns the cosine of <paramref name="x"/> (radians), for the full double range; NaN for ±∞ (fdlibm s_cos.c, error below 1 ulp).</summary>
    public static double Cos(double x)
    {
        if (double.IsNaN(x)) return x;
        int ix = HighWord(x) & 0x7fffffff;

        if (ix <= 0x3fe921fb)
        {
            // |x| ~<= pi/4
            if (ix < 0x3e46a09e) return 1.0; // |x| < 2^-27 * sqrt(2)
            return KernelCos(x, 0.0);
        }
        if (ix >= 0x7ff00000) return double.NaN; // cos(+-inf) = NaN

        int n = RemPio2(x, out double y0, out double y1);
        return (n & 3) switch
        {
            0 => KernelCos(y0, y1),
            1 => -KernelSin(y0, y1, 1),
            2 => -KernelCos(y0, y1),
            _ => KernelSin(y0, y1, 1),
        };
    }
}
