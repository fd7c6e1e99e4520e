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
    /// <summary>Shapes above the split threshold: many column panels (column groups), few (groups and row blocks),
    /// one narrow panel (row blocks only), odd row counts that leave partial tiles.</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 67, 301, 203 }, { 128, 512, 10 }, { 10, 128, 512 }, { 131, 97, 65 }, { 5, 700, 40 }, { 200, 33, 130 }, { 1, 4096, 70 },
    };

    private static double[] Values(ref RngState rng, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) (values[i], rng) = Rng.Uniform(rng, -1, 1);
        return values;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_CutIntoBlocks_EqualsOneWholeProductBitForBit(int rows, int inner, int cols)
    {
        Assert.True((long)rows * inner * cols >= GemmHelper.ParallelThreshold);
        var rng = Rng.FromSeed((ulong)(rows * inner + cols));
        var a = Values(ref rng, rows * inner);
        var b = Values(ref rng, inner * cols);
        var pack = new double[Gemm.PackSize(inner)];
        foreach (var (transposedA, transposedB) in new[] { (false, false), (false, true), (true, false), (true, true) })
            foreach (var fromZero in new[] { false, true })
            {
                var expected = new double[rows * cols];
                Gemm.Multiply(a, transposedA, b, transposedB, expected, rows, inner, cols, fromZero, pack);
                foreach (var helper in new IHelperThread?[] { null, new PoolThread(), new LateThread(), new AbsentThread() })
                {
                    var gemm = new GemmHelper(helper);
                    for (var k = 0; k < 3; k++)
                    {
                        var actual = new double[rows * cols];
                        gemm.Multiply(a, transposedA, b, transposedB, actual, rows, inner, cols, fromZero, pack);
                        Assert.True(Bits.Equal(expected, actual), $"{rows}×{inner}·{inner}×{cols}, {transposedA}/{transposedB}/{fromZero}, {helper?.GetType().Name}");
                    }
                }
            }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_ThenWorkOnEachBlock_CoversEveryElementOnceAndWholeRowsWhenAsked(int rows, int inner, int cols)
    {
        var rng = Rng.FromSeed(5);
        var a = Values(ref rng, rows * inner);
        var b = Values(ref rng, inner * cols);
        var pack = new double[Gemm.PackSize(inner)];
        var expected = new double[rows * cols];
        Gemm.Multiply(a, false, b, true, expected, rows, inner, cols, true, pack);
        foreach (var wholeRows in new[] { false, true })
            foreach (var helper in new IHelperThread?[] { null, new PoolThread() })
            {
                var c = new double[rows * cols];
                var then = new Negate(c, cols, wholeRows);
                new GemmHelper(helper).Multiply(a, false, b, true, c, rows, inner, cols, true, pack, then);
                for (var i = 0; i < c.Length; i++)
                    Assert.True(BitConverter.DoubleToInt64Bits(-expected[i]) == BitConverter.DoubleToInt64Bits(c[i]), $"element {i}");
                Assert.False(then.BrokeRows);
            }
    }

    /// <summary>Negates each block it is given (twice-visited elements would come back positive) and notes whether
    /// a block split a row when it should not have.</summary>
    private sealed class Negate(double[] c, int cols, bool wholeRows) : IAfterBlock
    {
        public bool BrokeRows;

        public bool WholeRows => wholeRows;

        public void Apply(int r0, int r1, int c0, int c1)
        {
            if (wholeRows && (c0 != 0 || c1 != cols)) BrokeRows = true;
            for (var i = r0; i < r1; i++)
                for (var k = c0; k < c1; k++) c[i * cols + k] = -c[i * cols + k];
        }
    }

    /// <summary>A helper thread as a host may lend one: the thread pool.</summary>
    public sealed class PoolThread : IHelperThread
    {
        public void Start(Action work) => ThreadPool.UnsafeQueueUserWorkItem(static w => w(), work, preferLocal: false);
    }

    /// <summary>A helper that starts every piece of work late, often after the caller has taken every chunk (and
    /// sometimes during a later piece of work, which it then joins).</summary>
    public sealed class LateThread : IHelperThread
    {
        private int _count;

        public void Start(Action work)
        {
            var delay = Interlocked.Increment(ref _count) % 3;
            ThreadPool.UnsafeQueueUserWorkItem(w => { Thread.Sleep(delay); w(); }, work, preferLocal: false);
        }
    }

    /// <summary>A helper that never comes (a host whose helper is busy elsewhere).</summary>
    public sealed class AbsentThread : IHelperThread
    {
        public void Start(Action work) { }
    }
}
