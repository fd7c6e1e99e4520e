using System.Runtime.CompilerServices;

namespace NeuralFunctional.Core.Kernels;

/// <summary>The register tiles of <see cref="Gemm"/>: R rows × V vectors of C, each element one sequential sum over the
/// inner axis (started at +0, or at the first product), A read at a[i·rs + r·ks], B from a panel of row stride width.</summary>
internal static partial class Gemm
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TL, TV>(bool fromZero, double x, TV y) where TL : struct, ILanes<TV> where TV : struct =>
        fromZero ? TL.Add(TL.Broadcast(0.0), TL.Multiply(TL.Broadcast(x), y)) : TL.Multiply(TL.Broadcast(x), y);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile3x8<TL, TV>(ref double a, nint rs, nint ks, int inner, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        ref var a1 = ref Unsafe.Add(ref a, rs);
        ref var a2 = ref Unsafe.Add(ref a, 2 * rs);
        var y0 = TL.Load(ref p, 0 * l);
        var y1 = TL.Load(ref p, 1 * l);
        var y2 = TL.Load(ref p, 2 * l);
        var y3 = TL.Load(ref p, 3 * l);
        var y4 = TL.Load(ref p, 4 * l);
        var y5 = TL.Load(ref p, 5 * l);
        var y6 = TL.Load(ref p, 6 * l);
        var y7 = TL.Load(ref p, 7 * l);
        TV c00 = Start<TL, TV>(fromZero, a, y0), c01 = Start<TL, TV>(fromZero, a, y1), c02 = Start<TL, TV>(fromZero, a, y2), c03 = Start<TL, TV>(fromZero, a, y3);
        TV c04 = Start<TL, TV>(fromZero, a, y4), c05 = Start<TL, TV>(fromZero, a, y5), c06 = Start<TL, TV>(fromZero, a, y6), c07 = Start<TL, TV>(fromZero, a, y7);
        TV c10 = Start<TL, TV>(fromZero, a1, y0), c11 = Start<TL, TV>(fromZero, a1, y1), c12 = Start<TL, TV>(fromZero, a1, y2), c13 = Start<TL, TV>(fromZero, a1, y3);
        TV c14 = Start<TL, TV>(fromZero, a1, y4), c15 = Start<TL, TV>(fromZero, a1, y5), c16 = Start<TL, TV>(fromZero, a1, y6), c17 = Start<TL, TV>(fromZero, a1, y7);
        TV c20 = Start<TL, TV>(fromZero, a2, y0), c21 = Start<TL, TV>(fromZero, a2, y1), c22 = Start<TL, TV>(fromZero, a2, y2), c23 = Start<TL, TV>(fromZero, a2, y3);
        TV c24 = Start<TL, TV>(fromZero, a2, y4), c25 = Start<TL, TV>(fromZero, a2, y5), c26 = Start<TL, TV>(fromZero, a2, y6), c27 = Start<TL, TV>(fromZero, a2, y7);
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var ar = r * ks;
            var x0 = TL.Broadcast(Unsafe.Add(ref a, ar));
            var x1 = TL.Broadcast(Unsafe.Add(ref a1, ar));
            var x2 = TL.Broadcast(Unsafe.Add(ref a2, ar));
            var z0 = TL.Load(ref p, o + 0 * l);
            c00 = TL.Add(c00, TL.Multiply(x0, z0)); c10 = TL.Add(c10, TL.Multiply(x1, z0)); c20 = TL.Add(c20, TL.Multiply(x2, z0));
            var z1 = TL.Load(ref p, o + 1 * l);
            c01 = TL.Add(c01, TL.Multiply(x0, z1)); c11 = TL.Add(c11, TL.Multiply(x1, z1)); c21 = TL.Add(c21, TL.Multiply(x2, z1));
            var z2 = TL.Load(ref p, o + 2 * l);
            c02 = TL.Add(c02, TL.Multiply(x0, z2)); c12 = TL.Add(c12, TL.Multiply(x1, z2)); c22 = TL.Add(c22, TL.Multiply(x2, z2));
            var z3 = TL.Load(ref p, o + 3 * l);
            c03 = TL.Add(c03, TL.Multiply(x0, z3)); c13 = TL.Add(c13, TL.Multiply(x1, z3)); c23 = TL.Add(c23, TL.Multiply(x2, z3));
            var z4 = TL.Load(ref p, o + 4 * l);
            c04 = TL.Add(c04, TL.Multiply(x0, z4)); c14 = TL.Add(c14, TL.Multiply(x1, z4)); c24 = TL.Add(c24, TL.Multiply(x2, z4));
            var z5 = TL.Load(ref p, o + 5 * l);
            c05 = TL.Add(c05, TL.Multiply(x0, z5)); c15 = TL.Add(c15, TL.Multiply(x1, z5)); c25 = TL.Add(c25, TL.Multiply(x2, z5));
            var z6 = TL.Load(ref p, o + 6 * l);
            c06 = TL.Add(c06, TL.Multiply(x0, z6)); c16 = TL.Add(c16, TL.Multiply(x1, z6)); c26 = TL.Add(c26, TL.Multiply(x2, z6));
            var z7 = TL.Load(ref p, o + 7 * l);
            c07 = TL.Add(c07, TL.Multiply(x0, z7)); c17 = TL.Add(c17, TL.Multiply(x1, z7)); c27 = TL.Add(c27, TL.Multiply(x2, z7));
        }
        Store4<TL, TV>(ref c, 0, c00, c01, c02, c03);
        Store4<TL, TV>(ref c, 0 + 4 * l, c04, c05, c06, c07);
        Store4<TL, TV>(ref c, ldc, c10, c11, c12, c13);
        Store4<TL, TV>(ref c, ldc + 4 * l, c14, c15, c16, c17);
        Store4<TL, TV>(ref c, 2 * ldc, c20, c21, c22, c23);
        Store4<TL, TV>(ref c, 2 * ldc + 4 * l, c24, c25, c26, c27);
    }

    /// <summary>The two rows a 3-row tiling leaves over (a 1-row tile reads its panel once per 4 vectors of C, too
    /// often to keep the multipliers busy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile2x8<TL, TV>(ref double a, nint rs, nint ks, int inner, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        ref var a1 = ref Unsafe.Add(ref a, rs);
        var y0 = TL.Load(ref p, 0 * l);
        var y1 = TL.Load(ref p, 1 * l);
        var y2 = TL.Load(ref p, 2 * l);
        var y3 = TL.Load(ref p, 3 * l);
        var y4 = TL.Load(ref p, 4 * l);
        var y5 = TL.Load(ref p, 5 * l);
        var y6 = TL.Load(ref p, 6 * l);
        var y7 = TL.Load(ref p, 7 * l);
        TV c00 = Start<TL, TV>(fromZero, a, y0), c01 = Start<TL, TV>(fromZero, a, y1), c02 = Start<TL, TV>(fromZero, a, y2), c03 = Start<TL, TV>(fromZero, a, y3);
        TV c04 = Start<TL, TV>(fromZero, a, y4), c05 = Start<TL, TV>(fromZero, a, y5), c06 = Start<TL, TV>(fromZero, a, y6), c07 = Start<TL, TV>(fromZero, a, y7);
        TV c10 = Start<TL, TV>(fromZero, a1, y0), c11 = Start<TL, TV>(fromZero, a1, y1), c12 = Start<TL, TV>(fromZero, a1, y2), c13 = Start<TL, TV>(fromZero, a1, y3);
        TV c14 = Start<TL, TV>(fromZero, a1, y4), c15 = Start<TL, TV>(fromZero, a1, y5), c16 = Start<TL, TV>(fromZero, a1, y6), c17 = Start<TL, TV>(fromZero, a1, y7);
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var ar = r * ks;
            var x0 = TL.Broadcast(Unsafe.Add(ref a, ar));
            var x1 = TL.Broadcast(Unsafe.Add(ref a1, ar));
            var z0 = TL.Load(ref p, o + 0 * l);
            c00 = TL.Add(c00, TL.Multiply(x0, z0)); c10 = TL.Add(c10, TL.Multiply(x1, z0));
            var z1 = TL.Load(ref p, o + 1 * l);
            c01 = TL.Add(c01, TL.Multiply(x0, z1)); c11 = TL.Add(c11, TL.Multiply(x1, z1));
            var z2 = TL.Load(ref p, o + 2 * l);
            c02 = TL.Add(c02, TL.Multiply(x0, z2)); c12 = TL.Add(c12, TL.Multiply(x1, z2));
            var z3 = TL.Load(ref p, o + 3 * l);
            c03 = TL.Add(c03, TL.Multiply(x0, z3)); c13 = TL.Add(c13, TL.Multiply(x1, z3));
            var z4 = TL.Load(ref p, o + 4 * l);
            c04 = TL.Add(c04, TL.Multiply(x0, z4)); c14 = TL.Add(c14, TL.Multiply(x1, z4));
            var z5 = TL.Load(ref p, o + 5 * l);
            c05 = TL.Add(c05, TL.Multiply(x0, z5)); c15 = TL.Add(c15, TL.Multiply(x1, z5));
            var z6 = TL.Load(ref p, o + 6 * l);
            c06 = TL.Add(c06, TL.Multiply(x0, z6)); c16 = TL.Add(c16, TL.Multiply(x1, z6));
            var z7 = TL.Load(ref p, o + 7 * l);
            c07 = TL.Add(c07, TL.Multiply(x0, z7)); c17 = TL.Add(c17, TL.Multiply(x1, z7));
        }
        Store4<TL, TV>(ref c, 0, c00, c01, c02, c03);
        Store4<TL, TV>(ref c, 0 + 4 * l, c04, c05, c06, c07);
        Store4<TL, TV>(ref c, ldc, c10, c11, c12, c13);
        Store4<TL, TV>(ref c, ldc + 4 * l, c14, c15, c16, c17);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x8<TL, TV>(ref double a, nint ks, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        Tile1x4<TL, TV>(ref a, ks, inner, ref p, width, ref c, fromZero);
        Tile1x4<TL, TV>(ref a, ks, inner, ref Unsafe.Add(ref p, 4 * l), width, ref Unsafe.Add(ref c, 4 * l), fromZero);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store4<TL, TV>(ref double c, nint offset, TV v0, TV v1, TV v2, TV v3) where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        TL.Store(v0, ref c, offset); TL.Store(v1, ref c, offset + l); TL.Store(v2, ref c, offset + 2 * l); TL.Store(v3, ref c, offset + 3 * l);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x4<TL, TV>(ref double a, nint ks, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        TV c0 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 0)), c1 = Start<TL, TV>(fromZero, a, TL.Load(ref p, l));
        TV c2 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 2 * l)), c3 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 3 * l));
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var x = TL.Broadcast(Unsafe.Add(ref a, r * ks));
            c0 = TL.Add(c0, TL.Multiply(x, TL.Load(ref p, o)));
            c1 = TL.Add(c1, TL.Multiply(x, TL.Load(ref p, o + l)));
            c2 = TL.Add(c2, TL.Multiply(x, TL.Load(ref p, o + 2 * l)));
            c3 = TL.Add(c3, TL.Multiply(x, TL.Load(ref p, o + 3 * l)));
        }
        Store4<TL, TV>(ref c, 0, c0, c1, c2, c3);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x3<TL, TV>(ref double a, nint rs, nint ks, int inner, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        ref var a1 = ref Unsafe.Add(ref a, rs);
        ref var a2 = ref Unsafe.Add(ref a, 2 * rs);
        ref var a3 = ref Unsafe.Add(ref a, 3 * rs);
        TV y0 = TL.Load(ref p, 0), y1 = TL.Load(ref p, l), y2 = TL.Load(ref p, 2 * l);
        TV c00 = Start<TL, TV>(fromZero, a, y0), c01 = Start<TL, TV>(fromZero, a, y1), c02 = Start<TL, TV>(fromZero, a, y2);
        TV c10 = Start<TL, TV>(fromZero, a1, y0), c11 = Start<TL, TV>(fromZero, a1, y1), c12 = Start<TL, TV>(fromZero, a1, y2);
        TV c20 = Start<TL, TV>(fromZero, a2, y0), c21 = Start<TL, TV>(fromZero, a2, y1), c22 = Start<TL, TV>(fromZero, a2, y2);
        TV c30 = Start<TL, TV>(fromZero, a3, y0), c31 = Start<TL, TV>(fromZero, a3, y1), c32 = Start<TL, TV>(fromZero, a3, y2);
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            y0 = TL.Load(ref p, o); y1 = TL.Load(ref p, o + l); y2 = TL.Load(ref p, o + 2 * l);
            var x = TL.Broadcast(Unsafe.Add(ref a, r * ks));
            c00 = TL.Add(c00, TL.Multiply(x, y0)); c01 = TL.Add(c01, TL.Multiply(x, y1)); c02 = TL.Add(c02, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a1, r * ks));
            c10 = TL.Add(c10, TL.Multiply(x, y0)); c11 = TL.Add(c11, TL.Multiply(x, y1)); c12 = TL.Add(c12, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a2, r * ks));
            c20 = TL.Add(c20, TL.Multiply(x, y0)); c21 = TL.Add(c21, TL.Multiply(x, y1)); c22 = TL.Add(c22, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a3, r * ks));
            c30 = TL.Add(c30, TL.Multiply(x, y0)); c31 = TL.Add(c31, TL.Multiply(x, y1)); c32 = TL.Add(c32, TL.Multiply(x, y2));
        }
        TL.Store(c00, ref c, 0); TL.Store(c01, ref c, l); TL.Store(c02, ref c, 2 * l);
        TL.Store(c10, ref c, ldc); TL.Store(c11, ref c, ldc + l); TL.Store(c12, ref c, ldc + 2 * l);
        TL.Store(c20, ref c, 2 * ldc); TL.Store(c21, ref c, 2 * ldc + l); TL.Store(c22, ref c, 2 * ldc + 2 * l);
        TL.Store(c30, ref c, 3 * ldc); TL.Store(c31, ref c, 3 * ldc + l); TL.Store(c32, ref c, 3 * ldc + 2 * l);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x3<TL, TV>(ref double a, nint ks, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        TV c0 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 0));
        TV c1 = Start<TL, TV>(fromZero, a, TL.Load(ref p, l));
        TV c2 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 2 * l));
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var x = TL.Broadcast(Unsafe.Add(ref a, r * ks));
            c0 = TL.Add(c0, TL.Multiply(x, TL.Load(ref p, o)));
            c1 = TL.Add(c1, TL.Multiply(x, TL.Load(ref p, o + l)));
            c2 = TL.Add(c2, TL.Multiply(x, TL.Load(ref p, o + 2 * l)));
        }
        TL.Store(c0, ref c, 0); TL.Store(c1, ref c, l); TL.Store(c2, ref c, 2 * l);
    }

    /// <summary>4 rows × 2 vectors, for narrow panels (a 10-unit output layer is two vectors of 8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x2<TL, TV>(ref double a, nint rs, nint ks, int inner, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        ref var a1 = ref Unsafe.Add(ref a, rs);
        ref var a2 = ref Unsafe.Add(ref a, 2 * rs);
        ref var a3 = ref Unsafe.Add(ref a, 3 * rs);
        TV y0 = TL.Load(ref p, 0), y1 = TL.Load(ref p, l);
        TV c00 = Start<TL, TV>(fromZero, a, y0), c01 = Start<TL, TV>(fromZero, a, y1);
        TV c10 = Start<TL, TV>(fromZero, a1, y0), c11 = Start<TL, TV>(fromZero, a1, y1);
        TV c20 = Start<TL, TV>(fromZero, a2, y0), c21 = Start<TL, TV>(fromZero, a2, y1);
        TV c30 = Start<TL, TV>(fromZero, a3, y0), c31 = Start<TL, TV>(fromZero, a3, y1);
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var ar = r * ks;
            y0 = TL.Load(ref p, o);
            y1 = TL.Load(ref p, o + l);
            var x = TL.Broadcast(Unsafe.Add(ref a, ar));
            c00 = TL.Add(c00, TL.Multiply(x, y0)); c01 = TL.Add(c01, TL.Multiply(x, y1));
            x = TL.Broadcast(Unsafe.Add(ref a1, ar));
            c10 = TL.Add(c10, TL.Multiply(x, y0)); c11 = TL.Add(c11, TL.Multiply(x, y1));
            x = TL.Broadcast(Unsafe.Add(ref a2, ar));
            c20 = TL.Add(c20, TL.Multiply(x, y0)); c21 = TL.Add(c21, TL.Multiply(x, y1));
            x = TL.Broadcast(Unsafe.Add(ref a3, ar));
            c30 = TL.Add(c30, TL.Multiply(x, y0)); c31 = TL.Add(c31, TL.Multiply(x, y1));
        }
        TL.Store(c00, ref c, 0); TL.Store(c01, ref c, l);
        TL.Store(c10, ref c, ldc); TL.Store(c11, ref c, ldc + l);
        TL.Store(c20, ref c, 2 * ldc); TL.Store(c21, ref c, 2 * ldc + l);
        TL.Store(c30, ref c, 3 * ldc); TL.Store(c31, ref c, 3 * ldc + l);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile4x1<TL, TV>(ref double a, nint rs, nint ks, int inner, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        ref var a1 = ref Unsafe.Add(ref a, rs);
        ref var a2 = ref Unsafe.Add(ref a, 2 * rs);
        ref var a3 = ref Unsafe.Add(ref a, 3 * rs);
        var y = TL.Load(ref p, 0);
        TV c0 = Start<TL, TV>(fromZero, a, y), c1 = Start<TL, TV>(fromZero, a1, y);
        TV c2 = Start<TL, TV>(fromZero, a2, y), c3 = Start<TL, TV>(fromZero, a3, y);
        for (nint r = 1; r < inner; r++)
        {
            y = TL.Load(ref p, r * width);
            c0 = TL.Add(c0, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a, r * ks)), y));
            c1 = TL.Add(c1, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a1, r * ks)), y));
            c2 = TL.Add(c2, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a2, r * ks)), y));
            c3 = TL.Add(c3, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a3, r * ks)), y));
        }
        TL.Store(c0, ref c, 0); TL.Store(c1, ref c, ldc); TL.Store(c2, ref c, 2 * ldc); TL.Store(c3, ref c, 3 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile1x1<TL, TV>(ref double a, nint ks, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        TV c0 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 0));
        for (nint r = 1; r < inner; r++)
            c0 = TL.Add(c0, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a, r * ks)), TL.Load(ref p, r * width)));
        TL.Store(c0, ref c, 0);
    }
}
