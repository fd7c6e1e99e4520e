using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The forward and backward passes of <see cref="FastTrainer"/> over a block of rows, on its buffers.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>Rows per block when evaluating the loss over the whole data set (any block size gives the same bits).</summary>
    private const int EvaluationRows = 64;

    private readonly Buffers _buffers;
    private readonly GemmHelper _gemm;
    private int[] _all = [];

    /// <summary>Buffers for a block of up to <see cref="Rows"/> rows: each layer's z and a (row-major, row × unit), δ and
    /// ∂L/∂x, one layer's gradient, and the pack buffer of the matrix product.</summary>
    private sealed class Buffers
    {
        public readonly int Rows;
        public readonly double[] X;
        public readonly double[] Y;
        public readonly double[][] Z;
        public readonly double[][] A;
        public readonly double[] Delta0;
        public readonly double[] Delta1;
        public readonly double[] GradW;
        public readonly double[] GradB;
        public readonly double[] Pack;

        public Buffers(int[] sizes, int rows)
        {
            Rows = rows;
            var layers = sizes.Length - 1;
            var widest = sizes.Max();
            var largest = 0;
            for (var l = 0; l < layers; l++) largest = Math.Max(largest, sizes[l] * sizes[l + 1]);
            X = new double[rows * sizes[0]];
            Y = new double[rows * sizes[^1]];
            Z = new double[layers][];
            A = new double[layers][];
            for (var l = 0; l < layers; l++) { Z[l] = new double[rows * sizes[l + 1]]; A[l] = new double[rows * sizes[l + 1]]; }
            Delta0 = new double[rows * widest];
            Delta1 = new double[rows * widest];
            GradW = new double[largest];
            GradB = new double[widest];
            Pack = new double[Gemm.PackSize(Math.Max(rows, widest))];
        }
    }

    /// <summary>Copies the rows <paramref name="rows"/> (indices into the data) into the X and Y buffers.</summary>
    private void Gather(ReadOnlySpan<int> rows)
    {
        var n = _sizes[0];
        var m = _sizes[^1];
        for (var i = 0; i < rows.Length; i++)
        {
            var sample = _data.Rows[rows[i]];
            sample.X.AsSpan().CopyTo(_buffers.X.AsSpan(i * n, n));
            sample.Y.AsSpan().CopyTo(_buffers.Y.AsSpan(i * m, m));
        }
    }

    /// <summary>The input of layer <paramref name="l"/> for the current block: X, or the previous layer's activations.</summary>
    private double[] Input(int l) => l == 0 ? _buffers.X : _buffers.A[l - 1];

    /// <summary>Forward pass of <paramref name="rows"/> rows: z = (0 + Σ_k w_jk x_k) + b_j per row, then a = f(z) per row.</summary>
    private void Forward(int rows)
    {
        for (var l = 0; l < _w.Length; l++)
        {
            var n = _sizes[l];
            var m = _sizes[l + 1];
            _activate.Layer = l;
            _gemm.Multiply(Input(l), false, _w[l], transposedB: true, _buffers.Z[l], rows, n, m, fromZero: true, _buffers.Pack, _activate);
        }
    }

    /// <summary>One SGD step on the rows <paramref name="batch"/>, as <see cref="Training.Step"/>: every gradient from
    /// the parameters before the step; layer by layer from the last, ∂L/∂x (with the old weights), then the batch-mean
    /// gradient (first row's, plus each later row's in order, ÷ count when more than one), then p ← p − lr·g.</summary>
    private void Step(ReadOnlySpan<int> batch)
    {
        var rows = batch.Length;
        Gather(batch);
        Forward(rows);
        var last = _w.Length - 1;
        var outputs = _sizes[^1];
        var delta = _buffers.Delta0;
        var below = _buffers.Delta1;
        for (var i = 0; i < rows; i++)
        {
            var r = i * outputs;
            Core.Loss.OutputDelta(_config.Loss, _activations[last], _buffers.Z[last].AsSpan(r, outputs),
                _buffers.A[last].AsSpan(r, outputs), _buffers.Y.AsSpan(r, outputs), delta.AsSpan(r, outputs));
        }
        for (var l = last; l >= 0; l--)
        {
            var n = _sizes[l];
            var m = _sizes[l + 1];
            if (l > 0)
            {
                // ∂L/∂x_k = 0 + Σ_j w_jk δ_j (units in order), with the weights before this step; then δ of layer l − 1.
                (_derive.Layer, _derive.DA) = (l - 1, below);
                _gemm.Multiply(delta, false, _w[l], transposedB: false, below, rows, m, n, fromZero: true, _buffers.Pack, _derive);
            }
            Descend(l, delta, rows);
            (delta, below) = (below, delta);
        }
        _step++;
    }

    /// <summary>The batch-mean gradient of layer <paramref name="l"/> from δ (rows × units) and its input, then SGD.</summary>
    private void Descend(int l, double[] delta, int rows)
    {
        var n = _sizes[l];
        var m = _sizes[l + 1];
        var gb = _buffers.GradB.AsSpan(0, m);
        // ∂L/∂w_jk = Σ_rows δ_j x_k: the product δᵀ·X along the rows (δ given transposed), summed from the first row's
        // term; each block of the sums is followed by the descent of its weights.
        (_descend.Layer, _descend.Count) = (l, rows);
        _gemm.Multiply(delta, true, Input(l), transposedB: false, _buffers.GradW, m, rows, n, fromZero: false, _buffers.Pack, _descend);
        delta.AsSpan(0, m).CopyTo(gb);
        for (var i = 1; i < rows; i++) Elementwise.AddTo(gb, delta.AsSpan(i * m, m));
        if (rows > 1) Elementwise.DescendMean(_b[l], gb, _lr, rows);
        else Elementwise.Descend(_b[l], gb, _lr);
    }

    /// <summary>The mean loss over every row: sample losses summed in row order from 0, ÷ row count.</summary>
    private double Loss()
    {
        var outputs = _sizes[^1];
        var last = _w.Length - 1;
        var sum = 0.0;
        if (_all.Length != _count) _all = Enumerable.Range(0, _count).ToArray();
        for (var first = 0; first < _count; first += _buffers.Rows)
        {
            var size = Math.Min(_buffers.Rows, _count - first);
            Gather(_all.AsSpan(first, size));
            Forward(size);
            for (var i = 0; i < size; i++)
            {
                var r = i * outputs;
                sum += Core.Loss.Value(_config.Loss, _buffers.Z[last].AsSpan(r, outputs), _buffers.A[last].AsSpan(r, outputs),
                    _buffers.Y.AsSpan(r, outputs));
            }
        }
        return sum / _count;
    }
}
