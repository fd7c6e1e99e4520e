using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralFunctional.Core.Kernels;

/// <summary>Matrix products in the canonical order: C[i, c] = ((s + A[i,0]·B[0,c]) + A[i,1]·B[1,c]) + …, summed along the
/// inner axis from index 0 up, where s is +0 (<c>fromZero</c>) or absent (the first product starts the sum). Vectors run
/// ACROSS independent columns c, never along the inner sum, so every width (and the scalar loop) gives the same bits.
/// A is rows × inner, row-major. B is inner × cols, row-major, or given as Bᵀ (cols × inner) when <c>transposedB</c>.
/// Columns are cut into panels of 3 vectors, each packed contiguously, and rows into tiles of 4 (a 4 × 3-vector register
/// tile); how the work is cut never changes a result, since each C element is one sequential sum.</summary>
internal static class Gemm
{
    /// <summary>Rows per register tile.</summary>
    public const int TileRows = 4;

    /// <summary>Columns per packed panel for <paramref name="lanes"/> doubles per vector (3 vectors).</summary>
    public static int PanelWidth(int lanes) => 3 * lanes;

    /// <summary>Doubles the pack buffer needs for an inner length of <paramref name="inner"/> (any width).</summary>
    public static int PackSize(int inner) => inner * PanelWidth(8);

    /// <summary>C = A·B (or A·Bᵀ' given as <paramref name="transposedB"/>) in the canonical order; see the type.</summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool transposedB, Span<double> c,
        int rows, int inner, int cols, bool fromZero, Span<double> pack)
    {
        if (rows < 0 || inner < 1 || cols < 0) throw new ArgumentException($"Bad product shape {rows}×{inner}·{inner}×{cols}.");
        if (a.Length < rows * inner || b.Length < inner * cols || c.Length < rows * cols)
            throw new ArgumentException("A product operand is shorter than its shape.");
        var lanes = SimdWidth.Lanes;
        var panels = (cols + PanelWidth(lanes) - 1) / PanelWidth(lanes);
        MultiplyPanels(lanes, a, b, transposedB, c, rows, inner, cols, fromZero, pack, 0, panels);
    }

    /// <summary>The column panels [<paramref name="first"/>, <paramref name="end"/>) of <see cref="Multiply"/> with
    /// <paramref name="lanes"/> doubles per vector (1 = scalar loop; tests run every width in one process).</summary>
    internal static void MultiplyPanels(int lanes, ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool transposedB, Span<double> c,
        int rows, int inner, int cols, bool fromZero, Span<double> pack, int first, int end)
    {
        switch (lanes)
        {
            case 8: Panels<Lanes512, Vector512<double>>(a, b, transposedB, c, rows, inner, cols, fromZero, pack, first, end); break;
            case 4: Panels<Lanes256, Vector256<double>>(a, b, transposedB, c, rows, inner, cols, fromZero, pack, first, end); break;
            case 2: Panels<Lanes128, Vector128<double>>(a, b, transposedB, c, rows, inner, cols, fromZero, pack, first, end); break;
            default: ScalarPanels(a, b, transposedB, c, rows, inner, cols, fromZero, first, end); break;
        }
    }

    private static void Panels<TL, TV>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool transposedB, Span<double> c,
        int rows, int inner, int cols, bool fromZero, Span<double> pack, int first, int end)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var lanes = TL.Count;
        var width = 3 * lanes;
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var p0 = ref MemoryMarshal.GetReference(pack);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        for (var panel = first; panel < end; panel++)
        {
            var col = panel * width;
            var w = Math.Min(width, cols - col);
            Pack(b, transposedB, inner, cols, col, w, width, pack);
            var i = 0;
            if (w == width)
            {
                for (; i + TileRows <= rows; i += TileRows)
                    Tile4x3<TL, TV>(ref Unsafe.Add(ref a0, i * inner), inner, ref p0, width, ref Unsafe.Add(ref c0, i * cols + col), cols, fromZero);
                for (; i < rows; i++)
                    Tile1x3<TL, TV>(ref Unsafe.Add(ref a0, i * inner), inner, ref p0, width, ref Unsafe.Add(ref c0, i * cols + col), fromZero);
                continue;
            }
            var v = 0;
            for (; v + lanes <= w; v += lanes)
            {
                for (i = 0; i + TileRows <= rows; i += TileRows)
                    Tile4x1<TL, TV>(ref Unsafe.Add(ref a0, i * inner), inner, ref Unsafe.Add(ref p0, v), width, ref Unsafe.Add(ref c0, i * cols + col + v), cols, fromZero);
                for (; i < rows; i++)
                    Tile1x1<TL, TV>(ref Unsafe.Add(ref a0, i * inner), inner, ref Unsafe.Add(ref p0, v), width, ref Unsafe.Add(ref c0, i * cols + col + v), fromZero);
            }
            for (; v < w; v++)
                for (i = 0; i < rows; i++)
                    c[i * cols + col + v] = Dot(a.Slice(i * inner, inner), pack, v, width, inner, fromZero);
        }
    }

    /// <summary>Copies columns [col, col + w) of B into <paramref name="pack"/> as inner rows of stride <paramref name="width"/>.</summary>
    private static void Pack(ReadOnlySpan<double> b, bool transposedB, int inner, int cols, int col, int w, int width, Span<double> pack)
    {
        if (!transposedB)
        {
            for (var r = 0; r < inner; r++) b.Slice(r * cols + col, w).CopyTo(pack.Slice(r * width, w));
            return;
        }
        for (var cc = 0; cc < w; cc++)
        {
            var source = b.Slice((col + cc) * inner, inner);
            for (var r = 0; r < inner; r++) pack[r * width + cc] = source[r];
        }
    }

    /// <summary>One element: (s + x_0·y_0) + x_1·y_1 + … with y read from column <paramref name="v"/> of a packed panel.</summary>
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> pack, int v, int width, int inner, bool fromZero)
    {
        var r = 0;
        var acc = 0.0;
        if (!fromZero) { acc = x[0] * pack[v]; r = 1; }
        for (; r < inner; r++) acc += x[r] * pack[r * width + v];
        return acc;
    }

    private static void ScalarPanels(ReadOnlySpan<double> a, ReadOnlySpan<double> b, bool transposedB, Span<double> c,
        int rows, int inner, int cols, bool fromZero, int first, int end)
    {
        var width = PanelWidth(1);
        var colEnd = Math.Min(cols, end * width);
        for (var i = 0; i < rows; i++)
        {
            var x = a.Slice(i * inner, inner);
            for (var col = first * width; col < colEnd; col++)
            {
                var r = 0;
                var acc = 0.0;
                if (transposedB)
                {
                    var y = b.Slice(col * inner, inner);
                    if (!fromZero) { acc = x[0] * y[0]; r = 1; }
                    for (; r < inner; r++) acc += x[r] * y[r];
                }
                else
                {
                    if (!fromZero) { acc = x[0] * b[col]; r = 1; }
                    for (; r < inner; r++) acc += x[r] * b[r * cols + col];
                }
                c[i * cols + col] = acc;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TL, TV>(bool fromZero, double x, TV y) where TL : struct, ILanes<TV> where TV : struct =>
        fromZero ? TL.Add(TL.Broadcast(0.0), TL.Multiply(TL.Broadcast(x), y)) : TL.Multiply(TL.Broadcast(x), y);

    private static void Tile4x3<TL, TV>(ref double a, int lda, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        ref var a1 = ref Unsafe.Add(ref a, lda);
        ref var a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref var a3 = ref Unsafe.Add(ref a, 3 * lda);
        TV y0 = TL.Load(ref p, 0), y1 = TL.Load(ref p, l), y2 = TL.Load(ref p, 2 * l);
        TV c00 = Start<TL, TV>(fromZero, a, y0), c01 = Start<TL, TV>(fromZero, a, y1), c02 = Start<TL, TV>(fromZero, a, y2);
        TV c10 = Start<TL, TV>(fromZero, a1, y0), c11 = Start<TL, TV>(fromZero, a1, y1), c12 = Start<TL, TV>(fromZero, a1, y2);
        TV c20 = Start<TL, TV>(fromZero, a2, y0), c21 = Start<TL, TV>(fromZero, a2, y1), c22 = Start<TL, TV>(fromZero, a2, y2);
        TV c30 = Start<TL, TV>(fromZero, a3, y0), c31 = Start<TL, TV>(fromZero, a3, y1), c32 = Start<TL, TV>(fromZero, a3, y2);
        var inner = lda;
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            y0 = TL.Load(ref p, o); y1 = TL.Load(ref p, o + l); y2 = TL.Load(ref p, o + 2 * l);
            var x = TL.Broadcast(Unsafe.Add(ref a, r));
            c00 = TL.Add(c00, TL.Multiply(x, y0)); c01 = TL.Add(c01, TL.Multiply(x, y1)); c02 = TL.Add(c02, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a1, r));
            c10 = TL.Add(c10, TL.Multiply(x, y0)); c11 = TL.Add(c11, TL.Multiply(x, y1)); c12 = TL.Add(c12, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a2, r));
            c20 = TL.Add(c20, TL.Multiply(x, y0)); c21 = TL.Add(c21, TL.Multiply(x, y1)); c22 = TL.Add(c22, TL.Multiply(x, y2));
            x = TL.Broadcast(Unsafe.Add(ref a3, r));
            c30 = TL.Add(c30, TL.Multiply(x, y0)); c31 = TL.Add(c31, TL.Multiply(x, y1)); c32 = TL.Add(c32, TL.Multiply(x, y2));
        }
        TL.Store(c00, ref c, 0); TL.Store(c01, ref c, l); TL.Store(c02, ref c, 2 * l);
        TL.Store(c10, ref c, ldc); TL.Store(c11, ref c, ldc + l); TL.Store(c12, ref c, ldc + 2 * l);
        TL.Store(c20, ref c, 2 * ldc); TL.Store(c21, ref c, 2 * ldc + l); TL.Store(c22, ref c, 2 * ldc + 2 * l);
        TL.Store(c30, ref c, 3 * ldc); TL.Store(c31, ref c, 3 * ldc + l); TL.Store(c32, ref c, 3 * ldc + 2 * l);
    }

    private static void Tile1x3<TL, TV>(ref double a, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var l = TL.Count;
        TV c0 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 0));
        TV c1 = Start<TL, TV>(fromZero, a, TL.Load(ref p, l));
        TV c2 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 2 * l));
        for (nint r = 1; r < inner; r++)
        {
            var o = r * width;
            var x = TL.Broadcast(Unsafe.Add(ref a, r));
            c0 = TL.Add(c0, TL.Multiply(x, TL.Load(ref p, o)));
            c1 = TL.Add(c1, TL.Multiply(x, TL.Load(ref p, o + l)));
            c2 = TL.Add(c2, TL.Multiply(x, TL.Load(ref p, o + 2 * l)));
        }
        TL.Store(c0, ref c, 0); TL.Store(c1, ref c, l); TL.Store(c2, ref c, 2 * l);
    }

    private static void Tile4x1<TL, TV>(ref double a, int lda, ref double p, int width, ref double c, int ldc, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        ref var a1 = ref Unsafe.Add(ref a, lda);
        ref var a2 = ref Unsafe.Add(ref a, 2 * lda);
        ref var a3 = ref Unsafe.Add(ref a, 3 * lda);
        var y = TL.Load(ref p, 0);
        TV c0 = Start<TL, TV>(fromZero, a, y), c1 = Start<TL, TV>(fromZero, a1, y);
        TV c2 = Start<TL, TV>(fromZero, a2, y), c3 = Start<TL, TV>(fromZero, a3, y);
        for (nint r = 1; r < lda; r++)
        {
            y = TL.Load(ref p, r * width);
            c0 = TL.Add(c0, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a, r)), y));
            c1 = TL.Add(c1, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a1, r)), y));
            c2 = TL.Add(c2, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a2, r)), y));
            c3 = TL.Add(c3, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a3, r)), y));
        }
        TL.Store(c0, ref c, 0); TL.Store(c1, ref c, ldc); TL.Store(c2, ref c, 2 * ldc); TL.Store(c3, ref c, 3 * ldc);
    }

    private static void Tile1x1<TL, TV>(ref double a, int inner, ref double p, int width, ref double c, bool fromZero)
        where TL : struct, ILanes<TV> where TV : struct
    {
        TV c0 = Start<TL, TV>(fromZero, a, TL.Load(ref p, 0));
        for (nint r = 1; r < inner; r++)
            c0 = TL.Add(c0, TL.Multiply(TL.Broadcast(Unsafe.Add(ref a, r)), TL.Load(ref p, r * width)));
        TL.Store(c0, ref c, 0);
    }
}
