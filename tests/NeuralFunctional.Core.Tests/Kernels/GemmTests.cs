using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core.Tests.Kernels;

public class GemmTests
{
    /// <summary>The canonical order written out plainly: one sequential sum per element.</summary>
    private static double[] Naive(double[] a, bool transposedA, double[] b, bool transposedB, int rows, int inner, int cols, bool fromZero)
    {
        var c = new double[rows * cols];
        for (var i = 0; i < rows; i++)
            for (var col = 0; col < cols; col++)
            {
                double A(int r) => transposedA ? a[r * rows + i] : a[i * inner + r];
                double B(int r) => transposedB ? b[col * inner + r] : b[r * cols + col];
                var acc = fromZero ? 0.0 + A(0) * B(0) : A(0) * B(0);
                for (var r = 1; r < inner; r++) acc += A(r) * B(r);
                c[i * cols + col] = acc;
            }
        return c;
    }

    private static double[] Values(ref RngState rng, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            (var u, rng) = Rng.Uniform(rng, -2, 2);
            // Signed zeros and exact cancellations are where a changed order or a fused add would show.
            values[i] = i % 11 == 3 ? -0.0 : i % 13 == 5 ? 0.0 : u;
        }
        return values;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Multiply_EveryWidthAndOddShapes_EqualsSequentialSumsBitForBit(int lanes)
    {
        var rng = Rng.FromSeed((ulong)lanes);
        foreach (var (rows, inner, cols) in new[] { (1, 1, 1), (1, 2, 2), (3, 5, 7), (4, 9, 24), (5, 17, 25), (9, 33, 50), (13, 3, 81), (32, 64, 128) })
            foreach (var (transposedA, transposedB) in new[] { (false, false), (false, true), (true, false), (true, true) })
                foreach (var fromZero in new[] { false, true })
                {
                    var a = Values(ref rng, rows * inner);
                    var b = Values(ref rng, inner * cols);
                    var c = new double[rows * cols];
                    var width = Gemm.PanelWidth(lanes);
                    var product = new Product(rows, inner, cols) { TransposedA = transposedA, TransposedB = transposedB, FromZero = fromZero };
                    Gemm.Multiply(lanes, product, a, b, c, new double[Gemm.PackSize(inner)], Block.Panels(product, 0, (cols + width - 1) / width));
                    Assert.True(Bits.Equal(Naive(a, transposedA, b, transposedB, rows, inner, cols, fromZero), c),
                        $"lanes {lanes}, {rows}×{inner}·{inner}×{cols}, transposed {transposedA}/{transposedB}, fromZero {fromZero}");
                }
    }

    [Fact]
    public void Multiply_ProductOfSignedZeros_KeepsTheSignTheOrderGives()
    {
        // (−0)·1 = −0: started from +0 the sum is +0; started from the first product it stays −0.
        var a = new[] { -0.0 };
        var b = new[] { 1.0 };
        var c = new double[1];
        Gemm.Multiply(new Product(1, 1, 1), a, b, c, new double[Gemm.PackSize(1)]);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(c[0]));
        Gemm.Multiply(new Product(1, 1, 1) { FromZero = false }, a, b, c, new double[Gemm.PackSize(1)]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(c[0]));
    }
}

public class GemmBlockTests
{
    private static double[] Values(ref RngState rng, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) (values[i], rng) = Rng.Uniform(rng, -1, 1);
        return values;
    }

    /// <summary>Any cut of C into row ranges × panel ranges, computed block by block, gives the whole product's bits:
    /// the blocks a trainer shares between threads (rows of a batch, or units × inputs of a gradient).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Multiply_BlocksOfRowsAndPanels_EqualTheWholeProductBitForBit(int lanes)
    {
        var rng = Rng.FromSeed(23);
        foreach (var (rows, inner, cols) in new[] { (67, 31, 203), (128, 40, 10), (10, 12, 130), (33, 7, 65), (5, 70, 40), (1, 9, 70) })
            foreach (var (transposedA, transposedB) in new[] { (false, false), (false, true), (true, false), (true, true) })
                foreach (var fromZero in new[] { false, true })
                {
                    var a = Values(ref rng, rows * inner);
                    var b = Values(ref rng, inner * cols);
                    var pack = new double[Gemm.PackSize(inner)];
                    var product = new Product(rows, inner, cols) { TransposedA = transposedA, TransposedB = transposedB, FromZero = fromZero };
                    var panels = product.PanelCount(lanes);
                    var whole = new double[rows * cols];
                    Gemm.Multiply(lanes, product, a, b, whole, pack, Block.Whole(lanes, product));
                    var (rowCut, panelCut) = (Cut(ref rng, rows), Cut(ref rng, panels));
                    var blocks = new double[rows * cols];
                    for (var r = 0; r + 1 < rowCut.Length; r++)
                        for (var p = 0; p + 1 < panelCut.Length; p++)
                            Gemm.Multiply(lanes, product, a, b, blocks, pack, new Block(panelCut[p], panelCut[p + 1], rowCut[r], rowCut[r + 1]));
                    Assert.True(Bits.Equal(whole, blocks), $"lanes {lanes}, {rows}×{inner}·{inner}×{cols}, {transposedA}/{transposedB}/{fromZero}");
                }
    }

    /// <summary>0 = c_0 &lt; c_1 &lt; … &lt; c_k = <paramref name="n"/>, random.</summary>
    private static int[] Cut(ref RngState rng, int n)
    {
        var cuts = new List<int> { 0 };
        while (cuts[^1] < n)
        {
            (var step, rng) = Rng.NextInt(rng, Math.Max(1, n / 2));
            cuts.Add(Math.Min(n, cuts[^1] + 1 + step));
        }
        return [.. cuts];
    }

    [Fact]
    public void Transpose_AnyBlock_WritesThatBlockTransposedAndNothingElse()
    {
        var rng = Rng.FromSeed(3);
        foreach (var (rows, cols) in new[] { (1, 1), (3, 17), (16, 8), (10, 130), (64, 9), (40, 70), (96, 520) })
        {
            var w = Values(ref rng, rows * cols);
            var wt = Enumerable.Repeat(double.NaN, rows * cols).ToArray();
            var (r0, c0) = (rows / 3, cols / 4);
            var (r1, c1) = (rows - rows / 4, cols - cols / 5);
            Gemm.Transpose(w, rows, cols, r0, r1, c0, c1, wt);
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < cols; c++)
                {
                    var inside = r >= r0 && r < r1 && c >= c0 && c < c1;
                    Assert.Equal(inside ? BitConverter.DoubleToInt64Bits(w[r * cols + c]) : BitConverter.DoubleToInt64Bits(double.NaN),
                        BitConverter.DoubleToInt64Bits(wt[c * rows + r]));
                }
        }
    }
}
