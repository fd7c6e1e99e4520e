using System.Collections.Immutable;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The passes of <see cref="FastTrainer"/> over a block of rows, on its buffers: forward and back through the
/// layers for some of the rows, and the gradient, descent and transposed copy of a block of one layer's weights.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>Rows per block when evaluating the loss over the whole data set (any block size gives the same bits).</summary>
    private const int EvaluationRows = 64;

    private Buffers _buffers;
    private readonly int[] _all;                // 0, 1, 2, …: the rows of a set being evaluated, in order

    /// <summary>Buffers for a block of up to <see cref="Rows"/> rows: each layer's z, a and δ (row-major, row × unit),
    /// and a pack buffer for each of the two hands (caller and helper).</summary>
    private sealed class Buffers
    {
        public readonly int Rows;
        public readonly double[] X;
        public readonly double[] Y;
        public readonly double[][] Z;
        public readonly double[][] A;
        public readonly double[][] Delta;
        public readonly double[][] Pack;

        public Buffers(int[] sizes, int rows)
        {
            Rows = rows;
            var layers = sizes.Length - 1;
            X = new double[rows * sizes[0]];
            Y = new double[rows * sizes[^1]];
            (Z, A, Delta) = (new double[layers][], new double[layers][], new double[layers][]);
            for (var l = 0; l < layers; l++)
                (Z[l], A[l], Delta[l]) = (new double[rows * sizes[l + 1]], new double[rows * sizes[l + 1]], new double[rows * sizes[l + 1]]);
            var pack = Gemm.PackSize(Math.Max(rows, sizes.Max()));
            Pack = [new double[pack], new double[pack]];
        }
    }

    /// <summary>Copies rows [r0, r1) of a block, the rows <paramref name="indices"/>[first + i] of the set the passes read
    /// (<see cref="_source"/>), into X and Y.</summary>
    private void Gather(int[] indices, int first, int r0, int r1)
    {
        var n = _sizes[0];
        var m = _sizes[^1];
        for (var i = r0; i < r1; i++)
        {
            var sample = _source.Rows[indices[first + i]];
            sample.X.AsSpan().CopyTo(_buffers.X.AsSpan(i * n, n));
            if (!sample.Y.IsDefault && sample.Y.Length == m) sample.Y.AsSpan().CopyTo(_buffers.Y.AsSpan(i * m, m));
        }
    }

    /// <summary>The input of layer <paramref name="l"/> for the current block: X, or the previous layer's activations.</summary>
    private double[] Input(int l) => l == 0 ? _buffers.X : l == 1 && _sequences?.HeadInput is { } head ? head : _buffers.A[l - 1];

    /// <summary>Layer <paramref name="l"/>'s forward pass for rows [r0, r1) of a block of <paramref name="rows"/>, units
    /// in column panels [p0, p1): z = (0 + Σ_k x_k w_jk) + b_j, then a = f(z). The weights are read from their transposed
    /// copy (inputs × units) when there is one (every row block would pack them again), else packed transposed panel by
    /// panel. Blocks of a softmax layer hold whole rows.</summary>
    private void Forward(int l, int rows, int r0, int r1, int p0, int p1, double[] pack)
    {
        var lanes = SimdWidth.Lanes;
        var (n, m) = (_sizes[l], _sizes[l + 1]);
        // The block's rows start _at rows into the buffers (a time step's rows of a block of sequences; else 0).
        var z = _buffers.Z[l].AsSpan(_at * m);
        var a = _buffers.A[l].AsSpan(_at * m);
        var f = _activations[l];
        var b = BiasesOf(l);
        // z = x · Wᵀ (rows × n · n × m), from the kept copy Wᵀ or from W given transposed.
        var block = new Block(p0, p1, r0, r1);
        var x = Input(l).AsSpan(_at * n);
        if (l >= _tail) Gemm.Multiply(lanes, new Product(rows, n, m), x, _wt[l], z, pack, block);
        else Gemm.Multiply(lanes, new Product(rows, n, m) { TransposedB = true }, x, WeightsOf(l), z, pack, block);
        var c0 = p0 * Gemm.PanelWidth(lanes);
        var c1 = Math.Min(m, p1 * Gemm.PanelWidth(lanes));
        if (c0 == 0 && c1 == m)
        {
            for (var i = r0; i < r1; i++) Elementwise.AddTo(z.Slice(i * m, m), b);
            LayerKernels.Forward(f, z.Slice(r0 * m, (r1 - r0) * m), a.Slice(r0 * m, (r1 - r0) * m), m);
            return;
        }
        if (f.Kind == ActivationKind.Softmax) throw new ArgumentException("A softmax layer's block must hold whole rows.");
        for (var i = r0; i < r1; i++)
        {
            Elementwise.AddTo(z.Slice(i * m + c0, c1 - c0), b.Slice(c0, c1 - c0));
            LayerKernels.Forward(f, z.Slice(i * m + c0, c1 - c0), a.Slice(i * m + c0, c1 - c0), c1 - c0);
        }
    }

    /// <summary>δ of the output layer for rows [r0, r1), from the loss.</summary>
    private void OutputDelta(int r0, int r1)
    {
        var last = _sizes.Length - 2;
        var outputs = _sizes[^1];
        for (var i = r0; i < r1; i++)
        {
            var r = i * outputs;
            Core.Loss.OutputDelta(_config.Loss, _activations[last], _buffers.Z[last].AsSpan(r, outputs),
                _buffers.A[last].AsSpan(r, outputs), _buffers.Y.AsSpan(r, outputs), _buffers.Delta[last].AsSpan(r, outputs));
        }
    }

    /// <summary>Layer <paramref name="l"/>'s backward pass (l ≥ 1) for rows [r0, r1) of a block of <paramref name="rows"/>,
    /// inputs in column panels [p0, p1): ∂L/∂x_k = 0 + Σ_j δ_j w_jk (units in order, the weights before the step), then
    /// δ of layer l − 1 = ∂L/∂x · f'(z). Blocks below a softmax layer hold whole rows.</summary>
    private void Backward(int l, int rows, int r0, int r1, int p0, int p1, double[] pack)
    {
        var lanes = SimdWidth.Lanes;
        var (n, m) = (_sizes[l], _sizes[l + 1]);
        var (below, z, a, f) = (_buffers.Delta[l - 1], _buffers.Z[l - 1], _buffers.A[l - 1], _activations[l - 1]);
        // Below an Elman network's head: ∂L/∂h through the head alone (the cell's δ waits for the part through time).
        if (l == 1 && _sequences is { } sequences) below = sequences.HeadInput is null ? below : sequences.FromHead;
        // ∂L/∂x = δ · W (rows × m · m × n).
        Gemm.Multiply(lanes, new Product(rows, m, n), _buffers.Delta[l], WeightsOf(l), below, pack, new Block(p0, p1, r0, r1));
        if (l == 1 && _sequences is not null) return;
        var c0 = p0 * Gemm.PanelWidth(lanes);
        var c1 = Math.Min(n, p1 * Gemm.PanelWidth(lanes));
        if (c0 == 0 && c1 == n)
        {
            var dX = below.AsSpan(r0 * n, (r1 - r0) * n);
            LayerKernels.Backward(f, z.AsSpan(r0 * n, (r1 - r0) * n), a.AsSpan(r0 * n, (r1 - r0) * n), dX, dX, n);
            return;
        }
        if (f.Kind == ActivationKind.Softmax) throw new ArgumentException("A block below a softmax layer must hold whole rows.");
        for (var i = r0; i < r1; i++)
        {
            var dX = below.AsSpan(i * n + c0, c1 - c0);
            LayerKernels.Backward(f, z.AsSpan(i * n + c0, c1 - c0), a.AsSpan(i * n + c0, c1 - c0), dX, dX, c1 - c0);
        }
    }

    /// <summary>Units [j0, j1) × column panels [p0, p1) of layer <paramref name="l"/>'s weights after <see cref="Backward"/>
    /// of all <paramref name="rows"/> rows: ∂L/∂w_jk summed over the rows from the first row's term (the product δᵀ·X,
    /// δ given transposed), then the update chain on them (<see cref="UpdateStep"/>: mean, weight decay, the rule), then
    /// the block's transposed copy if kept; with the first panel, also the biases of the units: δ summed over the rows
    /// from the first row's (<see cref="Gradient.Accumulate"/>), then the chain without weight decay.</summary>
    private void Update(int l, int rows, int j0, int j1, int p0, int p1, double[] pack)
    {
        var lanes = SimdWidth.Lanes;
        var (n, m, o) = (_sizes[l], _sizes[l + 1], _offsets[l]);
        var delta = _buffers.Delta[l];
        // ∂L/∂W = δᵀ · x (m × rows · rows × n), δ given as is (transposed), each sum from the first row's term.
        var gradient = new Product(m, rows, n) { TransposedA = true, FromZero = false };
        Gemm.Multiply(lanes, gradient, delta, Input(l), _sums.AsSpan(o, m * n), pack, new Block(p0, p1, j0, j1));
        var k0 = p0 * Gemm.PanelWidth(lanes);
        var k1 = Math.Min(n, p1 * Gemm.PanelWidth(lanes));
        Apply(o + j0 * n + k0, j1 - j0, k1 - k0, n, decays: true);
        if (l >= _tail) Gemm.Transpose(WeightsOf(l), m, n, j0, j1, k0, k1, _wt[l]);
        if (p0 > 0) return;
        var biases = o + m * n + j0;
        var sums = _sums.AsSpan(biases, j1 - j0);
        for (var i = 0; i < rows; i++) Gradient.Accumulate(sums, delta.AsSpan(i * m + j0, j1 - j0), first: i == 0);
        Apply(biases, j1 - j0, decays: false);
    }

    /// <summary>One optimizer step on the rows _order[first … first + count), as <see cref="Training.Step"/>: every gradient
    /// from the parameters before the step (the rows phase), then the weights phase: the gradients summed over the rows
    /// in order and the update chain of step t = the steps so far + 1 on the sum of <paramref name="count"/> gradients.</summary>
    private void Step(int first, int count)
    {
        RefreshTransposed();
        _source = _data;
        Passes(_order, first, count, backward: true);
        Descend(count, count);
    }

    /// <summary>The weights phase after the passes of <paramref name="rows"/> rows, with the update chain of step t = the
    /// steps so far + 1 on the sum of their gradients taken as the sum of <paramref name="count"/> (the rows of a
    /// mini-batch; 1 for REINFORCE, whose update takes the episode's sum as it is).</summary>
    private void Descend(int rows, int count)
    {
        _update = UpdateStep.Of(_rule, _step + 1, count, _config.WeightDecay);
        _weightsPhase.Run(rows);
        _step++;
    }

    /// <summary>The rows indices[first … first + count): forward, and back to every layer's δ when asked: the large
    /// layers layer by layer in blocks of columns, the small ones at the output end in blocks of rows. Without
    /// <paramref name="forward"/>, the rows' inputs, z and a are already in the buffers (played, <see cref="ForwardOne"/>)
    /// and only the backward pass runs.</summary>
    private void Passes(int[] indices, int first, int count, bool backward, bool forward = true)
    {
        if (_tail > 0 && forward)
        {
            Gather(indices, first, 0, count);
            for (var l = 0; l < Math.Min(_tail, LayerCount); l++) _layerPhase.Run(l, count, forward: true, outputDelta: backward);
        }
        else if (_tail == LayerCount && backward && !forward) OutputDelta(0, count);
        if (_tail < LayerCount) _rowsPhase.Run(indices, first, count, backward, forward);
        if (backward)
            for (var l = Math.Min(_tail, LayerCount - 1); l > 0; l--)
                if (l < _tail || _tail == LayerCount) _layerPhase.Run(l, count, forward: false, outputDelta: false);
    }

    /// <summary>The mean loss over every row of <paramref name="rows"/> (as <see cref="Dataset.Loss"/>); every row has a target.</summary>
    private double Loss(Dataset rows) => ForwardSet(rows, _config.Loss, null)!.Value;

    /// <summary>The passes forward over every row of <paramref name="rows"/> in blocks, in row order: each row's loss where
    /// it has a target of the output's length (with <paramref name="loss"/>), handed to <paramref name="visit"/> with the
    /// row's place in its block (whose outputs sit in the buffers until the next block); returns the losses summed in row
    /// order from 0 ÷ the row count, or null when a row has no loss.</summary>
    private double? ForwardSet(Dataset rows, LossKind? loss, Action<int, double?>? visit)
    {
        RefreshTransposed();
        _source = rows;
        var (outputs, last) = (_sizes[^1], _sizes.Length - 2);
        var (sum, every) = (0.0, loss is not null);
        for (var first = 0; first < rows.Count; first += _buffers.Rows)
        {
            var size = Math.Min(_buffers.Rows, rows.Count - first);
            Passes(_all, first, size, backward: false);
            for (var i = 0; i < size; i++)
            {
                var y = rows.Rows[first + i].Y;
                double? value = null;
                if (loss is { } kind && !y.IsDefault && y.Length == outputs)
                {
                    var r = i * outputs;
                    value = Core.Loss.Value(kind, _buffers.Z[last].AsSpan(r, outputs), _buffers.A[last].AsSpan(r, outputs), y.AsSpan());
                    sum += value.Value;
                }
                else every = false;
                visit?.Invoke(i, value);
            }
        }
        _source = _data;
        return every ? sum / rows.Count : null;
    }

    /// <summary><see cref="Evaluation.Of"/> on the engine: <see cref="ForwardSet"/> over the rows, each row's output (and code)
    /// read from its block.</summary>
    internal static Evaluation Evaluate(Network net, Dataset rows, LossKind? loss, int? codeLayer, IHelperThread? helper)
    {
        var config = new TrainingConfig(loss ?? LossKind.Mse, new Optimizer.Sgd(0), 0);
        var t = new FastTrainer(Training.Start(net, config, default), rows, Dataset.Of(), config, helper);
        var (outputs, last) = (t._sizes[^1], t._sizes.Length - 2);
        var results = ImmutableArray.CreateBuilder<ImmutableArray<double>>(rows.Count);
        var losses = ImmutableArray.CreateBuilder<double?>(rows.Count);
        var codes = ImmutableArray.CreateBuilder<ImmutableArray<double>>(codeLayer is null ? 0 : rows.Count);
        var mean = t.ForwardSet(rows, loss, (i, value) =>
        {
            results.Add(t._buffers.A[last].AsSpan(i * outputs, outputs).ToImmutableArray());
            if (codeLayer is { } c) codes.Add(t._buffers.A[c].AsSpan(i * t._sizes[c + 1], t._sizes[c + 1]).ToImmutableArray());
            losses.Add(value);
        });
        return new Evaluation(results.MoveToImmutable(), losses.MoveToImmutable(), mean, codes.ToImmutable());
    }

    /// <summary>Rewrites the transposed copies of the weights when per-sample steps (which update the weights alone) have
    /// made them stale.</summary>
    private void RefreshTransposed()
    {
        if (!_transposedStale) return;
        for (var l = _tail; l < _wt.Length; l++) Gemm.Transpose(WeightsOf(l), _sizes[l + 1], _sizes[l], 0, _sizes[l + 1], 0, _sizes[l], _wt[l]);
        _transposedStale = false;
    }
}
