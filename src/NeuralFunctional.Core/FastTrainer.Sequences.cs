using System.Collections.Immutable;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The engine of an Elman network (<see cref="ElmanNetwork"/>): its <see cref="ElmanNetwork.Stack"/> on the
/// same flat parameters, update chain and weights phase as a dense network, its rows the time steps of a block of
/// sequences, step-major: all of step 0's rows (the sequences in row order), then step 1's (the sequences that have a
/// step 1), …, so a sequence shorter than the longest simply has no row at the later steps (no padding, nothing masked).
/// At step t the cell is one batched product over the rows [x_t | h_(t−1)], the head one batched pass over every step's
/// rows (per-step targets) or over each sequence's last step (last targets); backward, the head first, then the cell
/// step by step from the last (∂L/∂h_t through the head plus through time, δ_t, and the recurrent part of the input
/// gradient as one product for the step before); then the weights phase sums every parameter's terms over the rows in
/// order, which is the documented order of <see cref="ElmanNetwork.SumTerms"/>. The same bits as the reference
/// (<see cref="ElmanTraining.Step"/>), proven by tests.</summary>
internal sealed partial class FastTrainer
{
    /// <summary>Sequences per block when evaluating the loss over a set (any block size gives the same bits).</summary>
    private const int EvaluationSequences = 64;

    private readonly Sequences? _sequences;
    private int _at;                            // the first buffer row of the cell's pass at the current time step (else 0)

    /// <summary>What the engine of an Elman network keeps: the sequences, how they are trained, and the layout of the
    /// current block of sequences in the step-major buffer rows.</summary>
    private sealed class Sequences
    {
        public readonly int Inputs, Hidden;
        public readonly SequenceTargets Targets;
        public readonly int Truncate;
        public readonly SequenceDataset Data, Validation;
        public SequenceDataset Source;
        public readonly int[] Lengths;           // T of each sequence of the block, in block order
        public readonly int[] StepStart;         // step s's rows are [StepStart[s], StepStart[s + 1])
        public readonly int[] SequenceOf;        // the block sequence a buffer row belongs to
        public readonly int[] Previous, Next;    // the same sequence's row at the step before / after (−1: none)
        public readonly int[] Last;              // each block sequence's row at its last step
        public readonly int[] HeadSequence;      // last targets: the block sequence of each head row (step-major)
        public readonly int[] HeadRowOf;         // last targets: each block sequence's head row
        public readonly bool[] Filled;           // scratch: ∂L/∂h of a row of the current step has a part
        public readonly double[]? HeadInput;     // last targets: the head's input rows (each sequence's last h)
        public readonly double[] FromHead;       // last targets: ∂L/∂h through the head, per head row
        public readonly double[] Recurrent;      // the input gradient of the cell at the step after, per row of that step
        public int Count, Longest, Rows;         // the block: sequences, steps of the longest, buffer rows
        public int HeadRows;                     // rows the head runs on: every row (per-step targets) or Count (last)

        public Sequences(int inputs, int hidden, SequenceConfig config, SequenceDataset data, SequenceDataset validation, int blockSequences, int rows)
        {
            (Inputs, Hidden, Targets, Truncate, Data, Validation, Source) = (inputs, hidden, config.Targets, config.Truncate, data, validation, data);
            var longest = data.Rows.Concat(validation.Rows).Max(r => r.Steps);
            Lengths = new int[blockSequences];
            StepStart = new int[longest + 1];
            (SequenceOf, Previous, Next) = (new int[rows], new int[rows], new int[rows]);
            (Last, HeadSequence, HeadRowOf, Filled) = (new int[blockSequences], new int[blockSequences], new int[blockSequences], new bool[blockSequences]);
            HeadInput = config.Targets == SequenceTargets.Last ? new double[blockSequences * hidden] : null;
            FromHead = config.Targets == SequenceTargets.Last ? new double[blockSequences * hidden] : [];
            Recurrent = new double[blockSequences * (inputs + hidden)];
        }

        /// <summary>Lays out the sequences <paramref name="indices"/>[first … first + count) of <see cref="Source"/>.</summary>
        public void Layout(int[] indices, int first, int count)
        {
            Count = count;
            Longest = 0;
            for (var i = 0; i < count; i++) Longest = Math.Max(Longest, Lengths[i] = Source.Rows[indices[first + i]].Steps);
            var r = 0;
            for (var s = 0; s < Longest; s++)
            {
                StepStart[s] = r;
                for (var i = 0; i < count; i++)
                {
                    if (Lengths[i] <= s) continue;
                    SequenceOf[r] = i;
                    Next[r] = -1;
                    Previous[r] = s == 0 ? -1 : Last[i];
                    if (s > 0) Next[Last[i]] = r;
                    Last[i] = r++;
                }
            }
            StepStart[Longest] = Rows = r;
            HeadRows = Targets == SequenceTargets.PerStep ? Rows : Count;
            if (Targets == SequenceTargets.PerStep) return;
            // Last targets: the head rows in step-major order too (by last step, then row order).
            var h = 0;
            for (var s = 0; s < Longest; s++)
                for (var row = StepStart[s]; row < StepStart[s + 1]; row++)
                    if (Lengths[SequenceOf[row]] == s + 1) (HeadSequence[h], HeadRowOf[SequenceOf[row]]) = (SequenceOf[row], h++);
        }

        /// <summary>True when a loss term reads buffer row <paramref name="row"/> of step <paramref name="s"/>.</summary>
        public bool HasLoss(int row, int s) => Targets == SequenceTargets.PerStep || Lengths[SequenceOf[row]] == s + 1;
    }

    /// <summary>The engine for an Elman network's run (<see cref="ElmanTraining.Run"/>), or null when a row is not shaped
    /// like the network or the optimizer state does not belong to the optimizer (the reference path then runs and names
    /// the programming error).</summary>
    public static FastTrainer? TryCreate(TrainingState start, int inputs, SequenceDataset data, SequenceDataset validation, TrainingConfig config,
        SequenceConfig sequence, IHelperThread? helper = null)
    {
        var stack = start.Network;
        var count = Core.Network.ParameterCount(stack);
        var moments = start.Optimizer.Moments.IsDefault ? [] : start.Optimizer.Moments;
        if (moments.Length != UpdateStep.Moments(config.Optimizer) || moments.Any(m => m.IsDefault || m.Length != count)) return null;
        if (stack.Layers.Length < 2 || stack.Inputs != inputs + stack.Layers[0].Units || sequence.Truncate < 0) return null;
        foreach (var rows in new[] { data, validation })
            foreach (var row in rows.Rows)
            {
                if (row.X.IsDefaultOrEmpty || row.Y.IsDefault) return null;
                if (row.Y.Length != (sequence.Targets == SequenceTargets.PerStep ? row.Steps : 1)) return null;
                if (row.X.Any(x => x.IsDefault || x.Length != inputs) || row.Y.Any(y => y.IsDefault || y.Length != stack.Outputs)) return null;
            }
        return Create(start, inputs, data, validation, config, sequence, helper, Math.Max(config.BatchSize, Math.Min(Math.Max(data.Count, validation.Count), EvaluationSequences)));
    }

    private static FastTrainer Create(TrainingState start, int inputs, SequenceDataset data, SequenceDataset validation, TrainingConfig config,
        SequenceConfig sequence, IHelperThread? helper, int blockSequences)
    {
        var longest = data.Rows.Concat(validation.Rows).Max(r => r.Steps);
        var rows = blockSequences * longest;
        var sequences = new Sequences(inputs, start.Network.Layers[0].Units, sequence, data, validation, blockSequences, rows);
        return new FastTrainer(start, Dataset.Of(), Dataset.Of(), config, helper, rows, sequences);
    }

    /// <summary>One optimizer step on the sequences _order[first … first + count), as <see cref="ElmanTraining.Step"/>:
    /// forward and back through time for every sequence from the parameters before the step, then the weights phase (the
    /// sums in the documented order, the update chain of step t on the sum of <paramref name="count"/> sequences' gradients).</summary>
    private void SequenceStep(int first, int count)
    {
        var q = _sequences!;
        RefreshTransposed();
        q.Source = q.Data;
        q.Layout(_order, first, count);
        SequenceForward(_order, first);
        SequenceBackward();
        _update = UpdateStep.Of(_rule, _step + 1, count, _config.WeightDecay);
        _weightsPhase.Run(q.Rows);
        _step++;
    }

    /// <summary>The forward pass of the laid-out block: the rows' x and targets gathered, the cell step by step (its h part
    /// copied from the step before, +0 at the first step), then the head over its rows.</summary>
    private void SequenceForward(int[] indices, int first)
    {
        var q = _sequences!;
        var (n, hidden, outputs) = (q.Inputs, q.Hidden, _sizes[^1]);
        var width = n + hidden;
        var (x, y, a0) = (_buffers.X, _buffers.Y, _buffers.A[0]);
        for (var s = 0; s < q.Longest; s++)
            for (var r = q.StepStart[s]; r < q.StepStart[s + 1]; r++)
            {
                var row = q.Source.Rows[indices[first + q.SequenceOf[r]]];
                row.X[s].AsSpan().CopyTo(x.AsSpan(r * width, n));
                if (s == 0) x.AsSpan(r * width + n, hidden).Clear();
                if (q.Targets == SequenceTargets.PerStep && HasTarget(row, s)) row.Y[s].AsSpan().CopyTo(y.AsSpan(r * outputs, outputs));
            }
        for (var s = 0; s < q.Longest; s++)
        {
            var (r0, r1) = (q.StepStart[s], q.StepStart[s + 1]);
            if (s > 0)
                for (var r = r0; r < r1; r++) a0.AsSpan(q.Previous[r] * hidden, hidden).CopyTo(x.AsSpan(r * width + n, hidden));
            _at = r0;
            _layerPhase.Run(0, r1 - r0, forward: true, outputDelta: false);
            _at = 0;
        }
        if (q.HeadInput is { } head)
            for (var h = 0; h < q.Count; h++)
            {
                var i = q.HeadSequence[h];
                a0.AsSpan(q.Last[i] * hidden, hidden).CopyTo(head.AsSpan(h * hidden, hidden));
                var row = q.Source.Rows[indices[first + i]];
                if (HasTarget(row, 0)) row.Y[0].AsSpan().CopyTo(y.AsSpan(h * outputs, outputs));
            }
        for (var l = 1; l < LayerCount; l++) _layerPhase.Run(l, q.HeadRows, forward: true, outputDelta: false);
    }

    /// <summary>Back through the head (δ of the output, <see cref="ElmanNetwork.OutputDelta"/>, down to ∂L/∂h through the
    /// head), then through time from the last step: each row's ∂L/∂h_t (<see cref="ElmanNetwork.HiddenGradient"/>'s
    /// rule: through the head, plus through time from the row at step t + 1 where <see cref="ElmanNetwork.ThroughTime"/>
    /// lets it flow), δ_t = f'(z_t) ⊙ ∂L/∂h_t, and the input gradient δ_t · W for the step before.</summary>
    private void SequenceBackward()
    {
        var q = _sequences!;
        var (hidden, outputs, last) = (q.Hidden, _sizes[^1], LayerCount - 1);
        var width = q.Inputs + hidden;
        var (z, a, y, delta) = (_buffers.Z[last], _buffers.A[last], _buffers.Y, _buffers.Delta[last]);
        for (var h = 0; h < q.HeadRows; h++)
        {
            var steps = q.Lengths[q.Targets == SequenceTargets.PerStep ? q.SequenceOf[h] : q.HeadSequence[h]];
            var o = h * outputs;
            ElmanNetwork.OutputDelta(_config.Loss, _activations[last], z.AsSpan(o, outputs), a.AsSpan(o, outputs), y.AsSpan(o, outputs),
                q.Targets, steps, delta.AsSpan(o, outputs));
        }
        for (var l = last; l >= 1; l--) _layerPhase.Run(l, q.HeadRows, forward: false, outputDelta: false);
        var (d0, z0, a0, rec) = (_buffers.Delta[0], _buffers.Z[0], _buffers.A[0], q.Recurrent);
        for (var s = q.Longest - 1; s >= 0; s--)
        {
            var (r0, r1) = (q.StepStart[s], q.StepStart[s + 1]);
            for (var r = r0; r < r1; r++)
            {
                var i = q.SequenceOf[r];
                q.Filled[i] = q.HasLoss(r, s);
                if (q.Filled[i] && q.Targets == SequenceTargets.Last)
                    q.FromHead.AsSpan(q.HeadRowOf[i] * hidden, hidden).CopyTo(d0.AsSpan(r * hidden, hidden));
            }
            if (s + 1 < q.Longest)
                for (var r = q.StepStart[s + 1]; r < q.StepStart[s + 2]; r++)
                {
                    var i = q.SequenceOf[r];
                    if (!ElmanNetwork.ThroughTime(q.Lengths[i], s + 1, q.Truncate)) continue;
                    var through = rec.AsSpan((r - q.StepStart[s + 1]) * width + q.Inputs, hidden);
                    var dH = d0.AsSpan(q.Previous[r] * hidden, hidden);
                    if (q.Filled[i]) Elementwise.AddTo(dH, through);
                    else through.CopyTo(dH);
                    q.Filled[i] = true;
                }
            for (var r = r0; r < r1; r++)
                if (!q.Filled[q.SequenceOf[r]]) d0.AsSpan(r * hidden, hidden).Clear();
            var block = d0.AsSpan(r0 * hidden, (r1 - r0) * hidden);
            LayerKernels.Backward(_activations[0], z0.AsSpan(r0 * hidden, (r1 - r0) * hidden), a0.AsSpan(r0 * hidden, (r1 - r0) * hidden), block, block, hidden);
            if (s == 0) break;
            _throughTimePhase.Run(r0, r1);
        }
    }

    /// <summary>True when <paramref name="row"/> has a target vector of the output's length for its target index
    /// <paramref name="k"/> (a step, or 0 for last targets).</summary>
    private bool HasTarget(SequenceSample row, int k) => !row.Y.IsDefault && row.Y.Length > k && !row.Y[k].IsDefault && row.Y[k].Length == _sizes[^1];

    /// <summary>The mean loss over every sequence of <paramref name="rows"/> (as <see cref="SequenceDataset.Loss"/>); every row has its targets.</summary>
    private double SequenceLoss(SequenceDataset rows) => ForwardSequences(rows, _config.Loss, null)!.Value;

    /// <summary>The forward pass over every sequence of <paramref name="rows"/> in blocks, in row order: each sequence's loss
    /// where it has its targets (with <paramref name="loss"/>): its step losses summed in step order from 0 ÷ its steps
    /// (per-step targets) or its last step's, handed to <paramref name="visit"/> with the sequence's place in its block
    /// (whose rows sit in the buffers until the next block); returns the losses summed in row order from 0 ÷ the row
    /// count (as <see cref="SequenceDataset.Loss"/>), or null when a row has no loss.</summary>
    private double? ForwardSequences(SequenceDataset rows, LossKind? loss, Action<int, double?>? visit)
    {
        var q = _sequences!;
        RefreshTransposed();
        q.Source = rows;
        var outputs = _sizes[^1];
        var last = LayerCount - 1;
        var (z, a, y) = (_buffers.Z[last], _buffers.A[last], _buffers.Y);
        var blockSequences = q.Lengths.Length;
        var (sum, every) = (0.0, loss is not null);
        for (var first = 0; first < rows.Count; first += blockSequences)
        {
            var count = Math.Min(blockSequences, rows.Count - first);
            q.Layout(_all, first, count);
            SequenceForward(_all, first);
            for (var i = 0; i < count; i++)
            {
                var row = rows.Rows[first + i];
                double? value = null;
                if (loss is { } kind && (q.Targets == SequenceTargets.Last ? HasTarget(row, 0) : !row.Y.IsDefault && row.Y.Length == row.Steps && row.Y.All(t => t.Length == outputs)))
                {
                    double Term(int h) => Core.Loss.Value(kind, z.AsSpan(h * outputs, outputs), a.AsSpan(h * outputs, outputs), y.AsSpan(h * outputs, outputs));
                    if (q.Targets == SequenceTargets.Last) value = Term(q.HeadRowOf[i]);
                    else
                    {
                        var sequence = 0.0;
                        for (var r = i; r >= 0; r = q.Next[r]) sequence += Term(r);
                        value = sequence / q.Lengths[i];
                    }
                    sum += value.Value;
                }
                else every = false;
                visit?.Invoke(i, value);
            }
        }
        q.Source = q.Data;
        return every ? sum / rows.Count : null;
    }

    /// <summary><see cref="ElmanEvaluation.Of"/> on the engine: <see cref="ForwardSequences"/> over the rows, each
    /// sequence's outputs (every step's, or the last's) and hidden states read from its block.</summary>
    internal static ElmanEvaluation EvaluateSequences(ElmanNetwork net, SequenceDataset rows, LossKind? loss, SequenceTargets targets,
        IHelperThread? helper)
    {
        var config = new TrainingConfig(loss ?? LossKind.Mse, new Optimizer.Sgd(0), 0);
        var t = Create(Training.Start(net.Stack, config, default), net.Inputs, rows, SequenceDataset.Empty, config, new SequenceConfig(targets),
            helper, Math.Min(rows.Count, EvaluationSequences));
        var q = t._sequences!;
        var (outputs, hidden, last) = (t._sizes[^1], net.Hidden, t.LayerCount - 1);
        var results = ImmutableArray.CreateBuilder<ImmutableArray<ImmutableArray<double>>>(rows.Count);
        var states = ImmutableArray.CreateBuilder<ImmutableArray<ImmutableArray<double>>>(rows.Count);
        var losses = ImmutableArray.CreateBuilder<double?>(rows.Count);
        var mean = t.ForwardSequences(rows, loss, (i, value) =>
        {
            var (steps, h) = (ImmutableArray.CreateBuilder<ImmutableArray<double>>(q.Lengths[i]), ImmutableArray.CreateBuilder<ImmutableArray<double>>(q.Lengths[i]));
            for (var r = i; r >= 0; r = q.Next[r])
            {
                h.Add(t._buffers.A[0].AsSpan(r * hidden, hidden).ToImmutableArray());
                if (targets == SequenceTargets.PerStep) steps.Add(t._buffers.A[last].AsSpan(r * outputs, outputs).ToImmutableArray());
            }
            if (targets == SequenceTargets.Last) steps.Add(t._buffers.A[last].AsSpan(q.HeadRowOf[i] * outputs, outputs).ToImmutableArray());
            results.Add(steps.ToImmutable());
            states.Add(h.MoveToImmutable());
            losses.Add(value);
        });
        return new ElmanEvaluation(results.MoveToImmutable(), losses.MoveToImmutable(), mean, states.MoveToImmutable());
    }

    /// <summary>The cell's input gradient at one step, ∂L/∂[x_t; h_(t−1)] = δ_t · W (rows × H · H × (n + H)), each sum over the
    /// units from +0 as in <see cref="Layer.InputGradient"/>: cut as a layer's backward pass is (<see cref="PanelBlocks"/>),
    /// shared with the helper when it is large enough. Every element is the same
    /// sum whichever block computes it.</summary>
    private sealed class ThroughTimePhase(FastTrainer t) : IChunkedWork
    {
        private readonly PanelBlocks _blocks = new();
        private int _r0;
        private Product _product;

        public void Run(int r0, int r1)
        {
            var q = t._sequences!;
            var (rows, width) = (r1 - r0, q.Inputs + q.Hidden);
            (_r0, _product) = (r0, new Product(rows, q.Hidden, width));
            var share = t._runner.HasHelper && (long)rows * q.Hidden * width >= ShareThreshold;
            t._runner.Run(this, _blocks.Cut(Gemm.PanelCount(SimdWidth.Lanes, width), rows, share, wholeRows: false), share);
        }

        void IChunkedWork.Run(int chunk, int hand)
        {
            var (p0, p1, b0, b1) = _blocks[chunk];
            var q = t._sequences!;
            var delta = t._buffers.Delta[0].AsSpan(_r0 * q.Hidden, _product.Rows * q.Hidden);
            Gemm.Multiply(SimdWidth.Lanes, _product, delta, t.WeightsOf(0), q.Recurrent, t._buffers.Pack[hand], new Block(p0, p1, b0, b1));
        }
    }
}
