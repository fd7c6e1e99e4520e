namespace NeuralFunctional.Core.Kernels;

/// <summary>Work on a block of a product's C (rows [r0, r1) × columns [c0, c1)) done right after the block is computed,
/// by the same thread, while it is in cache: a bias and activation, an activation's derivative, a descent step.</summary>
internal interface IAfterBlock
{
    /// <summary>True when the work couples a row's columns (softmax), so that every block must hold whole rows.</summary>
    bool WholeRows { get; }

    void Apply(int r0, int r1, int c0, int c1);
}

/// <summary>A second pair of hands for products: <see cref="Multiply"/> cuts C into blocks by the shape alone (groups of
/// column panels, and row blocks when there are few panels) and shares them with the host's helper thread through a
/// <see cref="ChunkRunner"/>. Each C element is still one sequential sum computed by one thread, so the result never
/// depends on which thread ran which block, or on how many processors there are. One per trainer, reused for every
/// product, so a step allocates nothing.</summary>
internal sealed class GemmHelper : IChunkedWork
{
    /// <summary>Products with fewer multiply-adds than this (or any product, without a helper) run whole on the calling thread.</summary>
    public const long ParallelThreshold = 1L << 16;

    /// <summary>At most this many groups of column panels.</summary>
    private const int ColumnChunks = 8;

    /// <summary>Row blocks are added (when there are fewer column groups) up to about this many blocks.</summary>
    private const int FewestChunks = 4;

    /// <summary>Row blocks hold at least this many rows: each block packs its panels again, a cost of 1/rows of its sums.</summary>
    private const int LeastRowBlock = 16;

    private readonly ChunkRunner _runner;
    private double[] _helperPack = [];
    private double[] _a = [], _b = [], _c = [], _pack = [];
    private bool _transposedA, _transposedB, _fromZero;
    private int _lanes, _rows, _inner, _cols, _panels, _columnChunks, _rowChunks, _rowBlock;
    private IAfterBlock? _then;

    public GemmHelper(IHelperThread? helper) => _runner = new ChunkRunner(helper);

    /// <summary>C = A·B as <see cref="Gemm.Multiply"/>, then <paramref name="then"/> on C (block by block when the
    /// product is cut).</summary>
    public void Multiply(double[] a, bool transposedA, double[] b, bool transposedB, double[] c, int rows, int inner, int cols, bool fromZero,
        double[] pack, IAfterBlock? then = null)
    {
        if (!_runner.HasHelper || (long)rows * inner * cols < ParallelThreshold)
        {
            Gemm.Multiply(a, transposedA, b, transposedB, c, rows, inner, cols, fromZero, pack);
            then?.Apply(0, rows, 0, cols);
            return;
        }
        if (rows < 1 || inner < 1 || cols < 1) throw new ArgumentException($"Bad product shape {rows}×{inner}·{inner}×{cols}.");
        if (a.Length < rows * inner || b.Length < inner * cols || c.Length < rows * cols || pack.Length < Gemm.PackSize(inner))
            throw new ArgumentException("A product operand is shorter than its shape.");
        var lanes = SimdWidth.Lanes;
        var panels = (cols + Gemm.PanelWidth(lanes) - 1) / Gemm.PanelWidth(lanes);
        var columnChunks = then is { WholeRows: true } ? 1 : Math.Min(panels, ColumnChunks);
        // Row blocks a multiple of the register tile's rows (3 for the 8-vector tile, else 4).
        var align = lanes == 8 ? 3 : Gemm.TileRows;
        var rowChunks = Math.Max(1, Math.Min((FewestChunks + columnChunks - 1) / columnChunks, rows / LeastRowBlock));
        var rowBlock = ((rows + rowChunks - 1) / rowChunks + align - 1) / align * align;
        rowChunks = (rows + rowBlock - 1) / rowBlock;
        if (_helperPack.Length < Gemm.PackSize(inner)) _helperPack = new double[Gemm.PackSize(inner)];
        (_a, _b, _c, _pack, _transposedA, _transposedB, _fromZero, _then) = (a, b, c, pack, transposedA, transposedB, fromZero, then);
        (_lanes, _rows, _inner, _cols, _panels, _columnChunks, _rowChunks, _rowBlock) = (lanes, rows, inner, cols, panels, columnChunks, rowChunks, rowBlock);
        _runner.Run(this, columnChunks * rowChunks);
    }

    /// <summary>One block: a group of column panels over a block of rows.</summary>
    void IChunkedWork.Run(int chunk, int hand)
    {
        var (group, block) = (chunk / _rowChunks, chunk % _rowChunks);
        var first = group * _panels / _columnChunks;
        var end = (group + 1) * _panels / _columnChunks;
        var r0 = block * _rowBlock;
        var r1 = Math.Min(_rows, r0 + _rowBlock);
        Gemm.MultiplyPanels(_lanes, _a, _transposedA, _b, _transposedB, _c, _rows, _inner, _cols, _fromZero, hand == 0 ? _pack : _helperPack,
            first, end, r0, r1);
        var width = Gemm.PanelWidth(_lanes);
        _then?.Apply(r0, r1, first * width, Math.Min(_cols, end * width));
    }
}
