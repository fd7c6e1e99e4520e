using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>How <see cref="FastTrainer"/> shares a step with the host's helper thread: two phases, each cut into blocks
/// by the shapes alone, that the caller and the helper take in turn (<see cref="ChunkRunner"/>). The rows phase: blocks
/// of rows, each gathered, forward through every layer, δ of the output and back through every layer's ∂L/∂x (a row
/// needs no other row, and every weight is the one before the step). The weights phase: blocks of one layer's
/// units × inputs, each the gradient summed over every row in order, its descent and its transposed copy (and the
/// biases of its units). Every element is computed by one block in the reference's order, so the bits never depend on
/// which thread ran a block, or whether a helper was lent at all.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>A phase of fewer multiply-adds than this runs whole on the calling thread (handing work to the helper
    /// and waiting for it costs about a microsecond).</summary>
    internal const long ShareThreshold = 1L << 16;

    /// <summary>The rows phase cuts a block into at most this many blocks of at least <see cref="LeastBlockRows"/> rows.</summary>
    private const int MostRowBlocks = 2;

    private const int LeastBlockRows = 16;

    /// <summary>Networks with at most this many weights take the rows phase in blocks of rows through every layer (each
    /// block reads every weight, which stays in cache); larger ones layer by layer in blocks of columns.</summary>
    internal const long RowBlockWeights = 1 << 16;

    private readonly ChunkRunner _runner;
    private readonly bool _rowBlocks;
    private readonly RowsPhase _rowsPhase;
    private readonly LayerPhase _layerPhase;
    private readonly WeightsPhase _weightsPhase;

    /// <summary>Multiply-adds of one row's forward pass (the number of weights).</summary>
    private long Weights
    {
        get
        {
            var sum = 0L;
            for (var l = 0; l + 1 < _sizes.Length; l++) sum += (long)_sizes[l] * _sizes[l + 1];
            return sum;
        }
    }

    /// <summary>Forward (and backward) passes of a block of rows, cut into blocks of rows.</summary>
    private sealed class RowsPhase(FastTrainer t) : IChunkedWork
    {
        private int[] _indices = [];
        private int _first, _rows, _blockRows;
        private bool _backward;

        /// <summary>The rows <paramref name="indices"/>[first … first + rows): forward, and back when asked.</summary>
        public void Run(int[] indices, int first, int rows, bool backward)
        {
            (_indices, _first, _rows, _backward) = (indices, first, rows, backward);
            var blocks = 1;
            if (t._runner.HasHelper && rows * t.Weights * (backward ? 2 : 1) >= ShareThreshold)
                blocks = Math.Clamp(rows / LeastBlockRows, 1, MostRowBlocks);
            _blockRows = (rows + blocks - 1) / blocks;
            t._runner.Run(this, (rows + _blockRows - 1) / _blockRows);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var r0 = chunk * _blockRows;
            var r1 = Math.Min(_rows, r0 + _blockRows);
            var pack = t._buffers.Pack[hand];
            var lanes = SimdWidth.Lanes;
            t.Gather(_indices, _first, r0, r1);
            for (var l = 0; l < t._w.Length; l++) t.Forward(l, _rows, r0, r1, 0, Gemm.PanelCount(lanes, t._sizes[l + 1]), pack);
            if (!_backward) return;
            t.OutputDelta(r0, r1);
            for (var l = t._w.Length - 1; l > 0; l--) t.Backward(l, _rows, r0, r1, 0, Gemm.PanelCount(lanes, t._sizes[l]), pack);
        }
    }

    /// <summary>One layer's forward (or backward) pass over every row of a block, cut into groups of column panels of
    /// its units (inputs, backward) — up to 8, with blocks of at least 16 rows added when there are fewer than 4 — or
    /// into blocks of rows alone where a row's columns go together (a softmax; the output layer, whose blocks also
    /// compute δ of the output).</summary>
    private sealed class LayerPhase(FastTrainer t) : IChunkedWork
    {
        private const int MostGroups = 8, FewestBlocks = 4;
        private int _layer, _rows, _panels, _groups, _blockRows, _rowBlocks;
        private bool _forward, _outputDelta;

        public void Run(int layer, int rows, bool forward, bool outputDelta)
        {
            var (n, m) = (t._sizes[layer], t._sizes[layer + 1]);
            var last = layer == t._w.Length - 1;
            var wholeRows = forward ? last || t._activations[layer].Kind == ActivationKind.Softmax : t._activations[layer - 1].Kind == ActivationKind.Softmax;
            var panels = Gemm.PanelCount(SimdWidth.Lanes, forward ? m : n);
            var share = t._runner.HasHelper && (long)rows * n * m >= ShareThreshold;
            var groups = wholeRows || !share ? 1 : Math.Min(panels, MostGroups);
            var rowBlocks = groups >= FewestBlocks || !share ? 1 : Math.Max(1, Math.Min((FewestBlocks + groups - 1) / groups, rows / LeastBlockRows));
            (_layer, _rows, _panels, _groups, _forward, _outputDelta) = (layer, rows, panels, groups, forward, outputDelta && forward && last);
            _blockRows = (rows + rowBlocks - 1) / rowBlocks;
            _rowBlocks = (rows + _blockRows - 1) / _blockRows;
            t._runner.Run(this, _groups * _rowBlocks, share);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var (group, block) = (chunk / _rowBlocks, chunk % _rowBlocks);
            var (p0, p1) = (group * _panels / _groups, (group + 1) * _panels / _groups);
            var r0 = block * _blockRows;
            var r1 = Math.Min(_rows, r0 + _blockRows);
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

    /// <summary>Gradients and descent of every layer's weights and biases, cut into blocks of units × column panels:
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
            _t._runner.Run(this, _blocks.Length, share: rows * _t.Weights >= ShareThreshold);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var (l, j0, j1, p0, p1) = _blocks[chunk];
            _t.Descend(l, _rows, j0, j1, p0, p1, _t._buffers.Pack[hand]);
        }
    }
}
