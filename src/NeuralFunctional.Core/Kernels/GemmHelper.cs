namespace NeuralFunctional.Core.Kernels;

/// <summary>A second pair of hands for large products: <see cref="Multiply"/> cuts the column panels into two fixed
/// halves (by the shape alone), queues the second half to the thread pool and computes the first itself. Each C element
/// is still one sequential sum computed by one thread, so the result never depends on which thread ran which half, or
/// on how many processors there are (with one, the caller computes both halves). One helper per trainer, reused for
/// every product, so a step allocates nothing.</summary>
internal sealed class GemmHelper : IThreadPoolWorkItem
{
    /// <summary>Products smaller than this many multiply-adds run on the calling thread alone.</summary>
    public const long ParallelThreshold = 1L << 21;

    private readonly ManualResetEventSlim _done = new(false);
    private readonly bool _parallel = Environment.ProcessorCount > 1;
    private double[] _pack = [];
    private double[] _a = [], _b = [], _c = [];
    private bool _transposedA, _transposedB, _fromZero;
    private int _rows, _inner, _cols, _first, _end;

    /// <summary>C = A·B as <see cref="Gemm.Multiply"/>, in two halves of column panels when the product is large.</summary>
    public void Multiply(double[] a, bool transposedA, double[] b, bool transposedB, double[] c, int rows, int inner, int cols, bool fromZero, double[] pack)
    {
        var lanes = SimdWidth.Lanes;
        var panels = (cols + Gemm.PanelWidth(lanes) - 1) / Gemm.PanelWidth(lanes);
        if (!_parallel || panels < 2 || (long)rows * inner * cols < ParallelThreshold)
        {
            Gemm.Multiply(a, transposedA, b, transposedB, c, rows, inner, cols, fromZero, pack);
            return;
        }
        if (a.Length < rows * inner || b.Length < inner * cols || c.Length < rows * cols)
            throw new ArgumentException("A product operand is shorter than its shape.");
        var half = panels / 2;
        if (_pack.Length < Gemm.PackSize(inner)) _pack = new double[Gemm.PackSize(inner)];
        (_a, _b, _c, _transposedA, _transposedB, _fromZero) = (a, b, c, transposedA, transposedB, fromZero);
        (_rows, _inner, _cols, _first, _end) = (rows, inner, cols, half, panels);
        _done.Reset();
        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        Gemm.MultiplyPanels(lanes, a, transposedA, b, transposedB, c, rows, inner, cols, fromZero, pack, 0, half);
        _done.Wait();
    }

    /// <summary>The queued half (runs on a pool thread).</summary>
    public void Execute()
    {
        try
        {
            Gemm.MultiplyPanels(SimdWidth.Lanes, _a, _transposedA, _b, _transposedB, _c, _rows, _inner, _cols, _fromZero, _pack, _first, _end);
        }
        finally
        {
            _done.Set();
        }
    }
}
