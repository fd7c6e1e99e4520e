using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralFunctional.Core.Kernels;

/// <summary>Matrix products in the canonical order: C[i, c] = ((s + A[i,0]·B[0,c]) + A[i,1]·B[1,c]) + …, summed along the
/// inner axis from index 0 up, where s is +0 (<see cref="Product.FromZero"/>) or absent (the first product starts the sum).
/// Vectors run ACROSS independent columns c, never along the inner sum, so every width (and the scalar loop) gives the
/// same bits. A is rows × inner, row-major, or given as Aᵀ (inner × rows) when <see cref="Product.TransposedA"/>; B is
/// inner × cols, row-major, or given as Bᵀ (cols × inner) when <see cref="Product.TransposedB"/>.
/// Columns are cut into panels of 3 vectors, each packed contiguously, and rows into tiles of 4 (a 4 × 3-vector register
/// tile); how the work is cut never changes a result, since each C element is one sequential sum.</summary>
internal static partial class Gemm
{
    /// <summary>Rows per register tile.</summary>
    public const int TileRows = 4;

    /// <summary>Columns per packed panel for <paramref name="lanes"/> doubles per vector: 8 vectors with AVX-512's 32
    /// registers (a 3 × 8-vector tile: few broadcasts per multiply), else 3 (a 4 × 3-vector tile fits 16 registers).</summary>
    public static int PanelWidth(int lanes) => lanes == 8 ? 64 : 3 * lanes;

    /// <summary>Column panels of a product with <paramref name="cols"/> columns at <paramref name="lanes"/> doubles per vector.</summary>
    public static int PanelCount(int lanes, int cols) => (cols + PanelWidth(lanes) - 1) / PanelWidth(lanes);

    /// <summary>Doubles the pack buffer needs for an inner length of <paramref name="inner"/> (any width).</summary>
    public static int PackSize(int inner) => inner * PanelWidth(8);

    /// <summary>C = A·B in the canonical order, as <paramref name="product"/> says (shape, transposed operands, start of
    /// the sums); see the type.</summary>
    public static void Multiply(in Product product, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, Span<double> pack)
    {
        var (rows, inner, cols) = product;
        if (rows < 0 || inner < 1 || cols < 0) throw new ArgumentException($"Bad product shape {rows}×{inner}·{inner}×{cols}.");
        if (a.Length < rows * inner || b.Length < inner * cols || c.Length < rows * cols)
            throw new ArgumentException("A product operand is shorter than its shape.");
        var lanes = SimdWidth.Lanes;
        Multiply(lanes, product, a, b, c, pack, Block.Whole(lanes, product));
    }

    /// <summary>The <paramref name="block"/> of C of <see cref="Multiply(in Product, ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double}, Span{double})"/>
    /// with <paramref name="lanes"/> doubles per vector (1 = scalar loop; tests run every width in one process): each
    /// element the same sum as in the whole product.</summary>
    internal static void Multiply(int lanes, in Product product, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c,
        Span<double> pack, in Block block)
    {
        var (rows, inner, cols) = product;
        var (first, end, rowFirst, rowEnd) = block;
        if (rowFirst < 0 || rowEnd > rows || rowFirst > rowEnd) throw new ArgumentException($"Bad row range [{rowFirst}, {rowEnd}) of {rows} rows.");
        if (inner < 1 || first < 0 || end > PanelCount(lanes, cols)) throw new ArgumentException($"Bad panels [{first}, {end}) of {rows}×{inner}·{inner}×{cols}.");
        if (a.Length < rows * inner || b.Length < inner * cols || c.Length < rows * cols || pack.Length < PackSize(inner))
            throw new ArgumentException("A product operand is shorter than its shape.");
        switch (lanes)
        {
            case 8: Panels<Lanes512, Vector512<double>>(product, a, b, c, pack, block); break;
            case 4: Panels<Lanes256, Vector256<double>>(product, a, b, c, pack, block); break;
            case 2: Panels<Lanes128, Vector128<double>>(product, a, b, c, pack, block); break;
            default: ScalarPanels(product, a, b, c, block); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Panels<TL, TV>(in Product product, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c,
        Span<double> pack, in Block block)
        where TL : struct, ILanes<TV> where TV : struct
    {
        var (rows, inner, cols) = product;
        var (transposedA, transposedB, fromZero) = (product.TransposedA, product.TransposedB, product.FromZero);
        var (first, end, rowFirst, rowEnd) = block;
        // A(i, r) = a[i·rs + r·ks]: rows of A are rows of a, or (given Aᵀ) its columns.
        nint rs = transposedA ? 1 : inner, ks = transposedA ? rows : 1;
        var lanes = TL.Count;
        var width = PanelWidth(lanes);
        ref var a0 = ref MemoryMarshal.GetReference(a);
        ref var p0 = ref MemoryMarshal.GetReference(pack);
        ref var c0 = ref MemoryMarshal.GetReference(c);
        Span<double> tile = stackalloc double[TileRows * 16];
        for (var panel = first; panel < end; panel++)
        {
            var col = panel * width;
            var w = Math.Min(width, cols - col);
            var i = rowFirst;
            if (w == width && lanes == 8)
            {
                // A full panel of a row-major B is read in place (stride cols); a transposed B is packed first.
                ref var y0 = ref p0;
                var stride = width;
                if (transposedB) Pack(product, b, col, w, width, w, pack);
                else { y0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), col); stride = cols; }
                // Rows in tiles of 3, and what is left over in tiles of 2 (3k + 1 rows as 3(k − 1) + 2 + 2): a 1-row
                // tile only for a single row.
                var count = rowEnd - i;
                var threes = count % 3 == 1 && count >= 4 ? (count - 4) / 3 : count / 3;
                for (var t = 0; t < threes; t++, i += 3)
                    Tile3x8<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref y0, stride, ref Unsafe.Add(ref c0, i * cols + col), cols, fromZero);
                for (; i + 2 <= rowEnd; i += 2)
                    Tile2x8<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref y0, stride, ref Unsafe.Add(ref c0, i * cols + col), cols, fromZero);
                for (; i < rowEnd; i++)
                    Tile1x8<TL, TV>(ref Unsafe.Add(ref a0, i * rs), ks, inner, ref y0, stride, ref Unsafe.Add(ref c0, i * cols + col), fromZero);
                continue;
            }
            Pack(product, b, col, w, width, RoundUp(w, lanes), pack);
            if (w == width)
            {
                for (; i + TileRows <= rowEnd; i += TileRows)
                    Tile4x3<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref p0, width, ref Unsafe.Add(ref c0, i * cols + col), cols, fromZero);
                for (; i < rowEnd; i++)
                    Tile1x3<TL, TV>(ref Unsafe.Add(ref a0, i * rs), ks, inner, ref p0, width, ref Unsafe.Add(ref c0, i * cols + col), fromZero);
                continue;
            }
            // A narrow last panel: whole vectors over the zero-padded pack, two at a time (each broadcast of A serves
            // both), only the real columns stored.
            for (var v = 0; v < w;)
            {
                var count = Math.Min(2 * lanes, w - v);
                if (count > lanes)
                {
                    for (i = rowFirst; i + TileRows <= rowEnd; i += TileRows)
                    {
                        if (count == 2 * lanes)
                        {
                            Tile4x2<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref Unsafe.Add(ref p0, v), width, ref Unsafe.Add(ref c0, i * cols + col + v), cols, fromZero);
                            continue;
                        }
                        Tile4x2<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref Unsafe.Add(ref p0, v), width, ref MemoryMarshal.GetReference(tile), 2 * lanes, fromZero);
                        for (var ii = 0; ii < TileRows; ii++) tile.Slice(ii * 2 * lanes, count).CopyTo(c.Slice((i + ii) * cols + col + v, count));
                    }
                    for (; i < rowEnd; i++)
                        for (var u = v; u < v + count; u += lanes)
                        {
                            Tile1x1<TL, TV>(ref Unsafe.Add(ref a0, i * rs), ks, inner, ref Unsafe.Add(ref p0, u), width, ref MemoryMarshal.GetReference(tile), fromZero);
                            tile.Slice(0, Math.Min(lanes, v + count - u)).CopyTo(c.Slice(i * cols + col + u, Math.Min(lanes, v + count - u)));
                        }
                    v += count;
                    continue;
                }
                for (i = rowFirst; i + TileRows <= rowEnd; i += TileRows)
                {
                    if (count == lanes)
                    {
                        Tile4x1<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref Unsafe.Add(ref p0, v), width, ref Unsafe.Add(ref c0, i * cols + col + v), cols, fromZero);
                        continue;
                    }
                    Tile4x1<TL, TV>(ref Unsafe.Add(ref a0, i * rs), rs, ks, inner, ref Unsafe.Add(ref p0, v), width, ref MemoryMarshal.GetReference(tile), lanes, fromZero);
                    for (var ii = 0; ii < TileRows; ii++) tile.Slice(ii * lanes, count).CopyTo(c.Slice((i + ii) * cols + col + v, count));
                }
                for (; i < rowEnd; i++)
                {
                    Tile1x1<TL, TV>(ref Unsafe.Add(ref a0, i * rs), ks, inner, ref Unsafe.Add(ref p0, v), width, ref MemoryMarshal.GetReference(tile), fromZero);
                    tile.Slice(0, count).CopyTo(c.Slice(i * cols + col + v, count));
                }
                v += lanes;
            }
        }
    }

    private static int RoundUp(int n, int multiple) => (n + multiple - 1) / multiple * multiple;

    /// <summary>Copies columns [col, col + w) of B into <paramref name="pack"/> as inner rows of stride <paramref name="width"/>,
    /// with zeros in columns [w, <paramref name="padded"/>) (computed, never stored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pack(in Product product, ReadOnlySpan<double> b, int col, int w, int width, int padded, Span<double> pack)
    {
        var (inner, cols, transposedB) = (product.Inner, product.Cols, product.TransposedB);
        if (padded > w)
            for (var r = 0; r < inner; r++) pack.Slice(r * width + w, padded - w).Clear();
        if (!transposedB)
        {
            for (var r = 0; r < inner; r++) b.Slice(r * cols + col, w).CopyTo(pack.Slice(r * width, w));
            return;
        }
        // Blocks of 8 × 8 transposed in registers with AVX-512; else eight columns of the panel at a time (eight rows
        // of Bᵀ) down the whole inner axis: eight sequential read streams, each pack row's eight doubles written
        // together. (Going across the panel's columns for each block of r instead reads rows of Bᵀ that are inner·8
        // bytes apart, which alias in the cache when inner is a power of two: four times slower at 512.)
        if (b.Length < (col + w) * inner || pack.Length < inner * width) throw new ArgumentException("Pack operands too short.");
        ref var s0 = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), col * inner);
        ref var t0 = ref MemoryMarshal.GetReference(pack);
        var cc = 0;
        for (; cc + 8 <= w; cc += 8)
        {
            ref var s = ref Unsafe.Add(ref s0, cc * inner);
            var r = 0;
            if (Avx512F.IsSupported)
                for (; r + 8 <= inner; r += 8)
                    Transpose8x8(ref Unsafe.Add(ref s, r), inner, ref Unsafe.Add(ref t0, r * width + cc), width);
            for (; r < inner; r++)
            {
                ref var t = ref Unsafe.Add(ref t0, r * width + cc);
                t = Unsafe.Add(ref s, r);
                Unsafe.Add(ref t, 1) = Unsafe.Add(ref s, inner + r);
                Unsafe.Add(ref t, 2) = Unsafe.Add(ref s, 2 * inner + r);
                Unsafe.Add(ref t, 3) = Unsafe.Add(ref s, 3 * inner + r);
                Unsafe.Add(ref t, 4) = Unsafe.Add(ref s, 4 * inner + r);
                Unsafe.Add(ref t, 5) = Unsafe.Add(ref s, 5 * inner + r);
                Unsafe.Add(ref t, 6) = Unsafe.Add(ref s, 6 * inner + r);
                Unsafe.Add(ref t, 7) = Unsafe.Add(ref s, 7 * inner + r);
            }
        }
        for (; cc < w; cc++)
            for (var r = 0; r < inner; r++) pack[r * width + cc] = b[(col + cc) * inner + r];
    }

    /// <summary>wt[c·rows + r] = w[r·cols + c] for rows [r0, r1) × columns [c0, c1) of w (rows × cols, row-major), into
    /// wt (cols × rows): in blocks of 8 × 8 transposed in registers with AVX-512, else eight rows at a time (eight
    /// sequential read streams, eight doubles written together); a copy, so the same bits either way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<double> w, int rows, int cols, int r0, int r1, int c0, int c1, Span<double> wt)
    {
        if (r0 < 0 || r1 > rows || c0 < 0 || c1 > cols || w.Length < rows * cols || wt.Length < rows * cols)
            throw new ArgumentException("Bad transpose block.");
        ref var s0 = ref MemoryMarshal.GetReference(w);
        ref var t0 = ref MemoryMarshal.GetReference(wt);
        var rEnd = r0 + (r1 - r0) / 8 * 8;
        var cEnd = Avx512F.IsSupported ? c0 + (c1 - c0) / 8 * 8 : c1;
        for (var r = r0; r < rEnd; r += 8)
        {
            if (Avx512F.IsSupported)
            {
                for (var c = c0; c < cEnd; c += 8)
                    Transpose8x8(ref Unsafe.Add(ref s0, r * cols + c), cols, ref Unsafe.Add(ref t0, c * rows + r), rows);
                continue;
            }
            for (var c = c0; c < c1; c++)
            {
                ref var s = ref Unsafe.Add(ref s0, r * cols + c);
                ref var t = ref Unsafe.Add(ref t0, c * rows + r);
                t = s;
                Unsafe.Add(ref t, 1) = Unsafe.Add(ref s, cols);
                Unsafe.Add(ref t, 2) = Unsafe.Add(ref s, 2 * cols);
                Unsafe.Add(ref t, 3) = Unsafe.Add(ref s, 3 * cols);
                Unsafe.Add(ref t, 4) = Unsafe.Add(ref s, 4 * cols);
                Unsafe.Add(ref t, 5) = Unsafe.Add(ref s, 5 * cols);
                Unsafe.Add(ref t, 6) = Unsafe.Add(ref s, 6 * cols);
                Unsafe.Add(ref t, 7) = Unsafe.Add(ref s, 7 * cols);
            }
        }
        for (var c = cEnd; c < c1; c++)
            for (var r = r0; r < rEnd; r++) wt[c * rows + r] = w[r * cols + c];
        for (var r = rEnd; r < r1; r++)
            for (var c = c0; c < c1; c++) wt[c * rows + r] = w[r * cols + c];
    }

    /// <summary>An 8 × 8 block (rows of stride <paramref name="ls"/>) transposed into rows of stride <paramref name="lt"/>:
    /// three rounds of two-source lane permutes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Transpose8x8(ref double s, int ls, ref double t, int lt)
    {
        var (i0, i1) = (Vector512.Create(0L, 8, 2, 10, 4, 12, 6, 14), Vector512.Create(1L, 9, 3, 11, 5, 13, 7, 15));
        var (j0, j1) = (Vector512.Create(0L, 1, 8, 9, 4, 5, 12, 13), Vector512.Create(2L, 3, 10, 11, 6, 7, 14, 15));
        var (k0, k1) = (Vector512.Create(0L, 1, 2, 3, 8, 9, 10, 11), Vector512.Create(4L, 5, 6, 7, 12, 13, 14, 15));
        var x0 = Vector512.LoadUnsafe(ref s);
        var x1 = Vector512.LoadUnsafe(ref s, (nuint)ls);
        var x2 = Vector512.LoadUnsafe(ref s, (nuint)(2 * ls));
        var x3 = Vector512.LoadUnsafe(ref s, (nuint)(3 * ls));
        var x4 = Vector512.LoadUnsafe(ref s, (nuint)(4 * ls));
        var x5 = Vector512.LoadUnsafe(ref s, (nuint)(5 * ls));
        var x6 = Vector512.LoadUnsafe(ref s, (nuint)(6 * ls));
        var x7 = Vector512.LoadUnsafe(ref s, (nuint)(7 * ls));
        // Pairs of rows interleaved by element, then pairs of pairs by 2-element groups, then by 4-element halves.
        var (y0, y1) = (Avx512F.PermuteVar8x64x2(x0, i0, x1), Avx512F.PermuteVar8x64x2(x0, i1, x1));
        var (y2, y3) = (Avx512F.PermuteVar8x64x2(x2, i0, x3), Avx512F.PermuteVar8x64x2(x2, i1, x3));
        var (y4, y5) = (Avx512F.PermuteVar8x64x2(x4, i0, x5), Avx512F.PermuteVar8x64x2(x4, i1, x5));
        var (y6, y7) = (Avx512F.PermuteVar8x64x2(x6, i0, x7), Avx512F.PermuteVar8x64x2(x6, i1, x7));
        var (z0, z1) = (Avx512F.PermuteVar8x64x2(y0, j0, y2), Avx512F.PermuteVar8x64x2(y0, j1, y2));
        var (z2, z3) = (Avx512F.PermuteVar8x64x2(y1, j0, y3), Avx512F.PermuteVar8x64x2(y1, j1, y3));
        var (z4, z5) = (Avx512F.PermuteVar8x64x2(y4, j0, y6), Avx512F.PermuteVar8x64x2(y4, j1, y6));
        var (z6, z7) = (Avx512F.PermuteVar8x64x2(y5, j0, y7), Avx512F.PermuteVar8x64x2(y5, j1, y7));
        Avx512F.PermuteVar8x64x2(z0, k0, z4).StoreUnsafe(ref t);
        Avx512F.PermuteVar8x64x2(z2, k0, z6).StoreUnsafe(ref t, (nuint)lt);
        Avx512F.PermuteVar8x64x2(z1, k0, z5).StoreUnsafe(ref t, (nuint)(2 * lt));
        Avx512F.PermuteVar8x64x2(z3, k0, z7).StoreUnsafe(ref t, (nuint)(3 * lt));
        Avx512F.PermuteVar8x64x2(z0, k1, z4).StoreUnsafe(ref t, (nuint)(4 * lt));
        Avx512F.PermuteVar8x64x2(z2, k1, z6).StoreUnsafe(ref t, (nuint)(5 * lt));
        Avx512F.PermuteVar8x64x2(z1, k1, z5).StoreUnsafe(ref t, (nuint)(6 * lt));
        Avx512F.PermuteVar8x64x2(z3, k1, z7).StoreUnsafe(ref t, (nuint)(7 * lt));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ScalarPanels(in Product product, ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, in Block block)
    {
        var (rows, inner, cols) = product;
        var (transposedA, transposedB, fromZero) = (product.TransposedA, product.TransposedB, product.FromZero);
        var (first, end, rowFirst, rowEnd) = block;
        var width = PanelWidth(1);
        var colEnd = Math.Min(cols, end * width);
        int rs = transposedA ? 1 : inner, ks = transposedA ? rows : 1;
        int bs = transposedB ? 1 : cols, bc = transposedB ? inner : 1;   // B(r, c) = b[r·bs + c·bc]
        for (var i = rowFirst; i < rowEnd; i++)
            for (var col = first * width; col < colEnd; col++)
            {
                var r = 0;
                var acc = 0.0;
                if (!fromZero) { acc = a[i * rs] * b[col * bc]; r = 1; }
                for (; r < inner; r++) acc += a[i * rs + r * ks] * b[r * bs + col * bc];
                c[i * cols + col] = acc;
            }
    }
}
