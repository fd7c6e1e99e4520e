using System.Collections.Immutable;
using System.Runtime.InteropServices;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>Training of a dense feed-forward network with plain SGD on flat, reused buffers: the same arithmetic, in the
/// same order, as <see cref="Training.Step"/> and <see cref="Training.Epoch"/> (so the same bits), with mini-batches
/// computed as matrix products (<see cref="Gemm"/>). All mutation stays inside one instance, which lives inside one
/// enumeration of <see cref="Training.Run"/>; states leave it only as immutable snapshots (<see cref="State"/>).</summary>
internal sealed partial class FastTrainer
{
    private readonly TrainingState _start;
    private readonly TrainingConfig _config;
    private readonly int[] _sizes;              // _sizes[0] inputs, _sizes[l + 1] units of layer l
    private readonly Activation[] _activations;
    private readonly double[][] _w;             // layer l: units × inputs, row-major (the Layer's own layout)
    private readonly double[][] _wt;            // layer l ≥ _tail: the same weights transposed (inputs × units), for the forward pass in row blocks
    private bool _transposedStale;              // _wt not yet rewritten since _w changed outside the weights phase
    private readonly double[][] _b;
    private double _lr;                         // the learning rate of the current epoch (the schedule's)
    private readonly int _count;
    private readonly Dataset _data;             // read row by row into the block buffers, never copied whole
    private readonly int[] _order;
    private RngState _rng;
    private int _epoch;
    private long _step;

    private FastTrainer(TrainingState start, Dataset data, TrainingConfig config, double lr, IHelperThread? helper)
    {
        _runner = new Kernels.ChunkRunner(helper);
        _start = start;
        _config = config;
        _lr = lr;
        var layers = start.Network.Layers;
        _sizes = new int[layers.Length + 1];
        _sizes[0] = start.Network.Inputs;
        _activations = new Activation[layers.Length];
        _w = new double[layers.Length][];
        _wt = new double[layers.Length][];
        _b = new double[layers.Length][];
        for (var l = 0; l < layers.Length; l++)
        {
            _sizes[l + 1] = layers[l].Units;
            _activations[l] = layers[l].Activation;
            _w[l] = layers[l].Weights.Values.ToArray();

            _b[l] = layers[l].Biases.ToArray();
        }
        _tail = Tail();
        for (var l = 0; l < layers.Length; l++) _wt[l] = l >= _tail ? new double[_w[l].Length] : [];
        _transposedStale = true;
        _rowsPhase = new RowsPhase(this);
        _layerPhase = new LayerPhase(this);
        _weightsPhase = new WeightsPhase(this);
        _count = data.Count;
        _data = data;
        _order = new int[_count];
        _rng = start.Rng;
        _epoch = start.Epoch;
        _step = start.Optimizer.Step;
        _buffers = new Buffers(_sizes, Math.Max(config.BatchSize, Math.Min(_count, EvaluationRows)));
    }

    /// <summary>A fast trainer when the run is one it computes exactly like the reference (plain SGD with no optimizer
    /// memory, with or without a learning-rate schedule; no weight decay; no early stopping; every row shaped like the
    /// network); otherwise null, and the reference path runs.</summary>
    public static FastTrainer? TryCreate(TrainingState start, Dataset data, TrainingConfig config, IHelperThread? helper = null)
    {
        if (config.Optimizer is not Optimizer.Sgd sgd || !start.Optimizer.Moments.IsDefaultOrEmpty) return null;
        if (config.WeightDecay != 0 || config.EarlyStopping is not null || start.Stopping is not null) return null;
        var net = start.Network;
        foreach (var row in data.Rows)
            if (row.X.IsDefault || row.Y.IsDefault || row.X.Length != net.Inputs || row.Y.Length != net.Outputs) return null;
        return new FastTrainer(start, data, config, sgd.LearningRate, helper);
    }

    /// <summary>Completed epochs.</summary>
    public int EpochCount => _epoch;

    /// <summary>One epoch, exactly as <see cref="Training.Epoch"/>: the order (shuffled from the rng when asked), then
    /// consecutive mini-batches of the configured size, the last one possibly smaller.</summary>
    public void Epoch()
    {
        _lr = ((Optimizer.Sgd)Schedule.Apply(_config.Schedule, _config.Optimizer, _epoch)).LearningRate;
        if (_config.Shuffle) _rng = Rng.Permute(_rng, _order);
        else for (var i = 0; i < _count; i++) _order[i] = i;
        if (_config.BatchSize == 1)
        {
            foreach (var row in _order) StepOne(row);
            _transposedStale = true;
        }
        else
            for (var first = 0; first < _count; first += _config.BatchSize)
                Step(first, Math.Min(_config.BatchSize, _count - first));
        _epoch++;
    }

    /// <summary>True when no parameter is NaN or ±∞ (as <see cref="Training.AllFinite"/>).</summary>
    public bool AllFinite()
    {
        for (var l = 0; l < _w.Length; l++)
        {
            foreach (var v in _w[l]) if (!double.IsFinite(v)) return false;
            foreach (var v in _b[l]) if (!double.IsFinite(v)) return false;
        }
        return true;
    }

    /// <summary>The current state as an immutable snapshot (fresh arrays, never shared with the buffers).</summary>
    public TrainingState State()
    {
        var net = _start.Network;
        var layers = ImmutableArray.CreateBuilder<Layer>(net.Layers.Length);
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            var w = ImmutableCollectionsMarshal.AsImmutableArray((double[])_w[l].Clone());
            var b = ImmutableCollectionsMarshal.AsImmutableArray((double[])_b[l].Clone());
            layers.Add(layer with { Weights = new Matrix(layer.Units, layer.Inputs, w), Biases = b });
        }
        return _start with
        {
            Network = net with { Layers = layers.MoveToImmutable() },
            Optimizer = _start.Optimizer with { Step = _step },
            Rng = _rng,
            Epoch = _epoch,
        };
    }

    /// <summary>The record of the current state: the mean loss over every row (as <see cref="Dataset.Loss"/>).</summary>
    public EpochRecord Record() => new(_epoch, Loss(), State());
}
