using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>How <see cref="FastTrainer"/> shares a step with the host's helper thread: pieces of work, each cut into
/// blocks by the shapes alone, that the caller and the helper take in turn (<see cref="ChunkRunner"/>). The passes: the
/// large layers (more weights than <see cref="RowBlockWeights"/> from there to the output) layer by layer, forward then
/// back, each cut into groups of column panels (each panel of a large weight matrix read once for every row); the small
/// layers at the output end (all of a small network) together in blocks of rows: forward, δ of the output and back
/// (a row needs no other row, and every weight is the one before the step). Then the weights: blocks of one layer's
/// units × inputs, each the gradient summed over every row in order, the update chain on it (and the biases of its units). Every
/// element is computed by one block in the reference's order, so the bits never depend on which thread ran a block,
/// or whether a helper was lent at all.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>A piece of work of fewer multiply-adds than this runs whole on the calling thread (handing work to the
    /// helper and waiting for it costs about a microsecond).</summary>
    internal const long ShareThreshold = 1L << 16;

    /// <summary>The layers at the output end with at most this many weights in all go through the passes in blocks of
    /// rows (each block reads all their weights, which stay in cache); the layers before them, layer by layer.</summary>
    internal const long RowBlockWeights = 1 << 16;

    /// <summary>Blocks of rows: at most this many, of at least <see cref="LeastBlockRows"/> rows.</summary>
    private const int MostRowBlocks = 2;

    private const int LeastBlockRows = 16;

    private readonly ChunkRunner _runner;
    private readonly int _tail;                 // the first layer of the small layers at the output end (layers.Length: none)
    private readonly RowsPhase _rowsPhase;
    private readonly LayerPhase _layerPhase;
    private readonly WeightsPhase _weightsPhase;
    private readonly ThroughTimePhase _throughTimePhase;

    /// <summary>Multiply-adds of one row's forward pass through layers [from, layers) (their number of weights).</summary>
    private long Weights(int from = 0)
    {
        var sum = 0L;
        for (var l = from; l + 1 < _sizes.Length; l++) sum += (long)_sizes[l] * _sizes[l + 1];
        return sum;
    }

    /// <summary>The first layer of the longest run of layers at the output end with at most <see cref="RowBlockWeights"/>
    /// weights in all.</summary>
    private int Tail()
    {
        var tail = _sizes.Length - 1;
        while (tail > 0 && Weights(tail - 1) <= RowBlockWeights) tail--;
        return tail;
    }

    /// <summary>The small layers at the output end (from <see cref="_tail"/>) over blocks of rows: forward, and (in
    /// training) δ of the output and back through every one of them. With every layer small, also the gathering.</summary>
    private sealed class RowsPhase(FastTrainer t) : IChunkedWork
    {
        private int[] _indices = [];
        private int _first, _rows, _blockRows;
        private bool _backward, _forward;

        /// <summary>The rows <paramref name="indices"/>[first … first + rows): forward (unless already forward in the
        /// buffers), and back when asked.</summary>
        public void Run(int[] indices, int first, int rows, bool backward, bool forward)
        {
            (_indices, _first, _rows, _backward, _forward) = (indices, first, rows, backward, forward);
            var share = t._runner.HasHelper && rows * t.Weights(t._tail) * ((forward ? 1 : 0) + (backward ? 1 : 0)) >= ShareThreshold;
            var blocks = share ? Math.Clamp(rows / LeastBlockRows, 1, MostRowBlocks) : 1;
            _blockRows = (rows + blocks - 1) / blocks;
            t._runner.Run(this, (rows + _blockRows - 1) / _blockRows, share);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var r0 = chunk * _blockRows;
            var r1 = Math.Min(_rows, r0 + _blockRows);
            var pack = t._buffers.Pack[hand];
            var lanes = SimdWidth.Lanes;
            if (_forward && t._tail == 0) t.Gather(_indices, _first, r0, r1);
            for (var l = t._tail; l < t.LayerCount && _forward; l++) t.Forward(l, _rows, r0, r1, 0, Gemm.PanelCount(lanes, t._sizes[l + 1]), pack);
            if (!_backward) return;
            t.OutputDelta(r0, r1);
            for (var l = t.LayerCount - 1; l >= Math.Max(t._tail, 1); l--) t.Backward(l, _rows, r0, r1, 0, Gemm.PanelCount(lanes, t._sizes[l]), pack);
        }
    }

    /// <summary>How a product over every row of a block is cut into pieces of work (<see cref="LayerPhase"/>,
    /// <see cref="ThroughTimePhase"/>): groups of its column panels, up to 8, the last two halved by rows so that the
    /// caller and the helper end together; fewer than 4 groups, with blocks of at least 16 rows added; not shared, or
    /// with its rows kept together, one group. Fixed by the shapes alone, never by the thread count.</summary>
    private sealed class PanelBlocks
    {
        private const int MostGroups = 8, FewestBlocks = 4, SplitGroups = 2;
        private readonly (int P0, int P1, int R0, int R1)[] _blocks = new (int, int, int, int)[MostGroups + SplitGroups + FewestBlocks];

        /// <summary>The block of piece <paramref name="chunk"/>: panels [P0, P1), rows [R0, R1).</summary>
        public (int P0, int P1, int R0, int R1) this[int chunk] => _blocks[chunk];

        /// <summary>Cuts <paramref name="panels"/> column panels × <paramref name="rows"/> rows; returns how many pieces.</summary>
        public int Cut(int panels, int rows, bool share, bool wholeRows)
        {
            var count = 0;
            var groups = wholeRows || !share ? 1 : Math.Min(panels, MostGroups);
            if (groups >= FewestBlocks)
            {
                var split = rows >= 2 * LeastBlockRows ? SplitGroups : 0;
                for (var g = 0; g < groups; g++)
                {
                    var (p0, p1) = (g * panels / groups, (g + 1) * panels / groups);
                    if (g < groups - split) _blocks[count++] = (p0, p1, 0, rows);
                    else (_blocks[count++], _blocks[count++]) = ((p0, p1, 0, rows / 2), (p0, p1, rows / 2, rows));
                }
                return count;
            }
            var rowBlocks = share ? Math.Max(1, Math.Min((FewestBlocks + groups - 1) / groups, rows / LeastBlockRows)) : 1;
            var blockRows = (rows + rowBlocks - 1) / rowBlocks;
            for (var g = 0; g < groups; g++)
                for (var r0 = 0; r0 < rows; r0 += blockRows)
                    _blocks[count++] = (g * panels / groups, (g + 1) * panels / groups, r0, Math.Min(rows, r0 + blockRows));
            return count;
        }
    }

    /// <summary>One large layer's forward (or backward) pass over every row of a block, cut into groups of column panels
    /// of its units (inputs, backward): up to 8, the last two halved by rows so that the caller and the helper end
    /// together; fewer than 4 groups, with blocks of at least 16 rows added; a layer whose rows go together (a softmax,
    /// the output layer, whose blocks also compute δ of the output) in blocks of rows alone.</summary>
    private sealed class LayerPhase(FastTrainer t) : IChunkedWork
    {
        private readonly PanelBlocks _blocks = new();
        private int _layer, _rows;
        private bool _forward, _outputDelta;

        public void Run(int layer, int rows, bool forward, bool outputDelta)
        {
            var (n, m) = (t._sizes[layer], t._sizes[layer + 1]);
            var last = layer == t.LayerCount - 1;
            var wholeRows = forward ? last || t._activations[layer].Kind == ActivationKind.Softmax : t._activations[layer - 1].Kind == ActivationKind.Softmax;
            var share = t._runner.HasHelper && (long)rows * n * m >= ShareThreshold;
            (_layer, _rows, _forward, _outputDelta) = (layer, rows, forward, outputDelta && forward && last);
            t._runner.Run(this, _blocks.Cut(Gemm.PanelCount(SimdWidth.Lanes, forward ? m : n), rows, share, wholeRows), share);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var (p0, p1, r0, r1) = _blocks[chunk];
            var pack = t._buffers.Pack[hand];
            if (!_forward)
            {
                t.Backward(_layer, _rows, r0, r1, p0, p1, pack);
                return;
            }
            t.Forward(_layer, _rows, r0, r1, p0, p1, pack);
            if (_outputDelta) t.OutputDelta(r0, r1);
        }
    }

    /// <summary>Gradients and the update chain of every layer's weights and biases, cut into blocks of units × column panels:
    /// groups of column panels (up to 8), and blocks of at least 16 units when there are fewer than 4 groups; a layer
    /// of fewer than 4096 weights is one block. Largest layers first, so that the small blocks even out the end.</summary>
    private sealed class WeightsPhase : IChunkedWork
    {
        private const int MostGroups = 8, FewestBlocks = 4, LeastUnits = 16, LeastWeights = 4096;
        private readonly FastTrainer _t;
        private readonly (int Layer, int J0, int J1, int P0, int P1)[] _blocks;
        private int _rows;

        public WeightsPhase(FastTrainer t)
        {
            _t = t;
            var lanes = SimdWidth.Lanes;
            var blocks = new List<(int, int, int, int, int)>();
            var layers = Enumerable.Range(0, t._sizes.Length - 1).OrderByDescending(l => (long)t._sizes[l] * t._sizes[l + 1]);
            foreach (var l in layers)
            {
                var (n, m) = (t._sizes[l], t._sizes[l + 1]);
                var panels = Gemm.PanelCount(lanes, n);
                var (groups, unitBlocks) = (1, 1);
                if ((long)m * n >= LeastWeights)
                {
                    groups = Math.Min(panels, MostGroups);
                    if (groups < FewestBlocks) unitBlocks = Math.Max(1, Math.Min((FewestBlocks + groups - 1) / groups, m / LeastUnits));
                }
                var units = (m + unitBlocks - 1) / unitBlocks;
                for (var g = 0; g < groups; g++)
                    for (var j0 = 0; j0 < m; j0 += units)
                        blocks.Add((l, j0, Math.Min(m, j0 + units), g * panels / groups, (g + 1) * panels / groups));
            }
            _blocks = [.. blocks];
        }

        /// <summary>Every block, after the rows phase of a batch of <paramref name="rows"/> rows.</summary>
        public void Run(int rows)
        {
            _rows = rows;
            _t._runner.Run(this, _blocks.Length, share: rows * _t.Weights() >= ShareThreshold);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var (l, j0, j1, p0, p1) = _blocks[chunk];
            _t.Update(l, l >= 1 && _t._sequences is { } sequences ? sequences.HeadRows : _rows, j0, j1, p0, p1, _t._buffers.Pack[hand]);
        }
    }
}
