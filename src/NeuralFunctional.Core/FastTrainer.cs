using System.Collections.Immutable;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>The batched engine of dense training: every optimizer, weight decay, schedule and early stopping, on flat,
/// reused buffers, with the same arithmetic in the same order as the reference (<see cref="Training.Step"/>,
/// <see cref="Training.Epoch"/>), so the same bits. The parameters, the gradient sums of a step and the optimizer's
/// moments are flat vectors in <see cref="Network.Parameters"/> order (<see cref="Network.Stretches"/>); mini-batches run as
/// matrix products (<see cref="Gemm"/>) and each step ends with the update chain (<see cref="UpdateStep"/>) on blocks of
/// those vectors. All mutation stays inside one instance, which lives inside one enumeration of <see cref="Training.Run"/>;
/// states leave it only as immutable snapshots (<see cref="State"/>).</summary>
internal sealed partial class FastTrainer : Training.ITrainer
{
    private readonly TrainingState _start;
    private readonly TrainingConfig _config;
    private readonly int[] _sizes;              // _sizes[0] inputs, _sizes[l + 1] units of layer l
    private readonly Activation[] _activations;
    private readonly (int Offset, int Length, bool Weights)[] _stretches; // the flat layout (Network.Stretches): per layer its weights, then its biases
    private readonly int[] _offsets;            // layer l's weights (units × inputs, row-major) at _offsets[l] of the flat vectors, its biases right after
    private readonly double[] _p;               // every parameter, flat in Network.Parameters order
    private readonly double[] _sums;            // a step's gradient sums, in the same layout
    private readonly double[] _first, _second;  // the optimizer's moments in the same layout (empty when the rule keeps fewer)
    private readonly double[][] _wt;            // layer l ≥ _tail: its weights transposed (inputs × units), for the forward pass in row blocks
    private bool _transposedStale;              // _wt not yet rewritten since the weights changed outside the weights phase
    private Optimizer _rule;                    // the optimizer with the learning rate of the current epoch (the schedule's)
    private UpdateStep _update;                 // the current step's update chain
    private readonly int _count;
    private readonly Dataset _data;             // read row by row into the block buffers, never copied whole
    private readonly Dataset _validation;       // early stopping's held-out rows (empty without it)
    private Dataset _source;                    // the rows the passes gather from: _data, or a set being evaluated
    private readonly int[] _order;
    private RngState _rng;
    private int _epoch;
    private long _step;

    private FastTrainer(TrainingState start, Dataset data, Dataset validation, TrainingConfig config, IHelperThread? helper)
        : this(start, data, validation, config, helper, Math.Max(config.BatchSize, Math.Min(Math.Max(data.Count, validation.Count), EvaluationRows)), null)
    {
    }

    /// <summary>The engine on <paramref name="start"/>'s network with buffers for blocks of <paramref name="bufferRows"/>
    /// rows; <paramref name="sequences"/> makes it the engine of an Elman network's stack (<see cref="Sequences"/>).</summary>
    private FastTrainer(TrainingState start, Dataset data, Dataset validation, TrainingConfig config, IHelperThread? helper, int bufferRows,
        Sequences? sequences)
    {
        _sequences = sequences;
        _runner = new Kernels.ChunkRunner(helper);
        _start = start;
        _config = config;
        _rule = config.Optimizer;
        var net = start.Network;
        var layers = net.Layers;
        _sizes = new int[layers.Length + 1];
        _sizes[0] = net.Inputs;
        _activations = new Activation[layers.Length];
        _stretches = [.. Core.Network.Stretches(net)];
        _offsets = new int[layers.Length];
        for (var l = 0; l < layers.Length; l++)
        {
            _sizes[l + 1] = layers[l].Units;
            _activations[l] = layers[l].Activation;
            _offsets[l] = _stretches[2 * l].Offset;
        }
        _p = Core.Network.Parameters(net).ToArray();
        _sums = new double[_p.Length];
        var moments = start.Optimizer.Moments.IsDefault ? [] : start.Optimizer.Moments;
        _first = moments.Length >= 1 ? moments[0].ToArray() : [];
        _second = moments.Length >= 2 ? moments[1].ToArray() : [];
        _tail = Tail();
        _wt = new double[layers.Length][];
        for (var l = 0; l < layers.Length; l++) _wt[l] = l >= _tail ? new double[_sizes[l] * _sizes[l + 1]] : [];
        _transposedStale = true;
        _rowsPhase = new RowsPhase(this);
        _layerPhase = new LayerPhase(this);
        _weightsPhase = new WeightsPhase(this);
        _throughTimePhase = new ThroughTimePhase(this);
        _count = sequences?.Data.Count ?? data.Count;
        _data = data;
        _validation = validation;
        _source = data;
        _order = new int[_count];
        _all = Enumerable.Range(0, Math.Max(_count, sequences?.Validation.Count ?? validation.Count)).ToArray();
        _rng = start.Rng;
        _epoch = start.Epoch;
        _step = start.Optimizer.Step;
        _buffers = new Buffers(_sizes, bufferRows);
    }

    /// <summary>The engine for a run, or null when its rows (training or held out) are not all shaped like the network
    /// (or the optimizer state does not belong to the optimizer): the reference path then runs, and throws the
    /// programming error it is (an optimizer without an update chain is refused by <see cref="UpdateStep.Moments"/>). Experiments are validated before they run, so every run they describe takes the engine.</summary>
    public static FastTrainer? TryCreate(TrainingState start, Dataset data, Dataset validation, TrainingConfig config, IHelperThread? helper = null)
    {
        var net = start.Network;
        var count = Core.Network.ParameterCount(net);
        var moments = start.Optimizer.Moments.IsDefault ? [] : start.Optimizer.Moments;
        if (moments.Length != UpdateStep.Moments(config.Optimizer) || moments.Any(m => m.IsDefault || m.Length != count)) return null;
        foreach (var rows in new[] { data, validation })
            foreach (var row in rows.Rows)
                if (row.X.IsDefault || row.Y.IsDefault || row.X.Length != net.Inputs || row.Y.Length != net.Outputs) return null;
        return new FastTrainer(start, data, validation, config, helper);
    }

    /// <summary>Completed epochs.</summary>
    public int Epoch => _epoch;

    /// <summary>The network's layers.</summary>
    private int LayerCount => _activations.Length;

    /// <summary>Layer <paramref name="l"/>'s weights (units × inputs, row-major) within the flat parameters.</summary>
    private Span<double> WeightsOf(int l) => _p.AsSpan(_offsets[l], _sizes[l] * _sizes[l + 1]);

    /// <summary>Layer <paramref name="l"/>'s biases within the flat parameters.</summary>
    private Span<double> BiasesOf(int l) => _p.AsSpan(_offsets[l] + _sizes[l] * _sizes[l + 1], _sizes[l + 1]);

    /// <summary>One epoch, exactly as <see cref="Training.Epoch"/>: the order (shuffled from the rng when asked), then
    /// consecutive mini-batches of the configured size, the last one possibly smaller.</summary>
    public void RunEpoch()
    {
        _rule = Schedule.Apply(_config.Schedule, _config.Optimizer, _epoch);
        if (_config.Shuffle) _rng = Rng.Permute(_rng, _order);
        else for (var i = 0; i < _count; i++) _order[i] = i;
        if (_sequences is not null)
            for (var first = 0; first < _count; first += _config.BatchSize)
                SequenceStep(first, Math.Min(_config.BatchSize, _count - first));
        else if (_config.BatchSize == 1)
        {
            foreach (var row in _order) StepOne(row);
            _transposedStale = true;
        }
        else
            for (var first = 0; first < _count; first += _config.BatchSize)
                Step(first, Math.Min(_config.BatchSize, _count - first));
        _epoch++;
    }

    /// <summary>The update chain on the flat stretch [offset, offset + length) of parameters, sums and moments.</summary>
    private void Apply(int offset, int length, bool decays) => Apply(offset, 1, length, length, decays);

    /// <summary>The update chain on <paramref name="rows"/> rows of <paramref name="width"/> elements of the flat vectors, the
    /// first at <paramref name="offset"/>, each <paramref name="stride"/> after the one before (a block of units × inputs).</summary>
    private void Apply(int offset, int rows, int width, int stride, bool decays)
    {
        var length = rows == 0 ? 0 : (rows - 1) * stride + width;
        _update.ApplyBlock(_p.AsSpan(offset, length), _sums.AsSpan(offset, length), UpdateStep.Moment(_first, offset, length),
            UpdateStep.Moment(_second, offset, length), rows, width, stride, decays);
    }

    /// <summary>True when no parameter is NaN or ±∞ (as <see cref="Training.AllFinite"/>).</summary>
    public bool AllFinite()
    {
        foreach (var v in _p) if (!double.IsFinite(v)) return false;
        return true;
    }

    /// <summary>The current network as an immutable snapshot (fresh arrays, never shared with the buffers).</summary>
    public Network Network() => Core.Network.WithParameters(_start.Network, _p);

    /// <summary>The current state as an immutable snapshot (fresh arrays, never shared with the buffers).</summary>
    public TrainingState State(EarlyStoppingState? stopping)
    {
        var moments = _first.Length == 0 ? [] : _second.Length == 0
            ? ImmutableArray.Create(_first.ToImmutableArray())
            : ImmutableArray.Create(_first.ToImmutableArray(), _second.ToImmutableArray());
        return _start with
        {
            Network = Network(),
            Optimizer = new OptimizerState(_step, moments),
            Rng = _rng,
            Epoch = _epoch,
            Stopping = stopping,
        };
    }

    /// <summary>The mean loss over the training rows (as <see cref="Dataset.Loss"/>).</summary>
    public double Loss() => _sequences is { } sequences ? SequenceLoss(sequences.Data) : Loss(_data);

    /// <summary>The mean loss over early stopping's held-out rows.</summary>
    public double ValidationLoss() => _sequences is { } sequences ? SequenceLoss(sequences.Validation) : Loss(_validation);
}
