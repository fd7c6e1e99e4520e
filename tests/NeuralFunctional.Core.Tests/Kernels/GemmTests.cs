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
    public void MultiplyPanels_EveryWidthAndOddShapes_EqualsSequentialSumsBitForBit(int lanes)
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
                    Gemm.MultiplyPanels(lanes, a, transposedA, b, transposedB, c, rows, inner, cols, fromZero, new double[Gemm.PackSize(inner)],
                        0, (cols + width - 1) / width);
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
        Gemm.Multiply(a, false, b, false, c, 1, 1, 1, fromZero: true, new double[Gemm.PackSize(1)]);
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(c[0]));
        Gemm.Multiply(a, false, b, false, c, 1, 1, 1, fromZero: false, new double[Gemm.PackSize(1)]);
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(c[0]));
    }
}

public class GemmHelperTests
{
    [Theory]
    [InlineData(false, false, true)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    public void Multiply_LargeProductInTwoHalves_EqualsOneThreadBitForBit(bool transposedA, bool transposedB, bool fromZero)
    {
        const int rows = 67, inner = 301, cols = 203;
        Assert.True((long)rows * inner * cols >= GemmHelper.ParallelThreshold);
        var rng = Rng.FromSeed(9);
        var a = new double[rows * inner];
        var b = new double[inner * cols];
        for (var i = 0; i < a.Length; i++) (a[i], rng) = Rng.Uniform(rng, -1, 1);
        for (var i = 0; i < b.Length; i++) (b[i], rng) = Rng.Uniform(rng, -1, 1);
        var expected = new double[rows * cols];
        Gemm.Multiply(a, transposedA, b, transposedB, expected, rows, inner, cols, fromZero, new double[Gemm.PackSize(inner)]);
        var helper = new GemmHelper();
        for (var k = 0; k < 3; k++)
        {
            var actual = new double[rows * cols];
            helper.Multiply(a, transposedA, b, transposedB, actual, rows, inner, cols, fromZero, new double[Gemm.PackSize(inner)]);
            Assert.True(Bits.Equal(expected, actual));
        }
    }
}
