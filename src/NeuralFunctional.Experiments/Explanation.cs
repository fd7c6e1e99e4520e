using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>One neuron's forward step: z = ((0 + w_0·x_0) + w_1·x_1 + …) + b, then a = f(z). Layers and units count from 0.</summary>
public sealed record NeuronStep(int Layer, int Unit, ImmutableArray<double> Weights, ImmutableArray<double> Inputs, double Bias, double Z, Activation Activation, double A);

/// <summary>The sample's loss L at the output: the output layer's z, outputs y, targets t, and L.</summary>
public sealed record LossStep(LossKind Kind, ImmutableArray<double> Z, ImmutableArray<double> Outputs, ImmutableArray<double> Targets, double Value);

/// <summary>Which formula gives a neuron's δ = ∂L/∂z.</summary>
public enum DeltaRule
{
    /// <summary>Output layer: δ = dL/dy · f'(z).</summary>
    Output,
    /// <summary>Output layer, BCE over sigmoid: dL/dy · f'(z) simplifies to δ = (y − t)/m.</summary>
    OutputBceSigmoid,
    /// <summary>Output layer, CE over softmax: δ_i = y_i Σ_j t_j − t_i (y − t for one-hot t).</summary>
    OutputCeSoftmax,
    /// <summary>Output layer, MSE over softmax (full Jacobian): δ_i = y_i (dL/dy_i − Σ_j dL/dy_j y_j).</summary>
    OutputSoftmax,
    /// <summary>Hidden layer: δ_k = (Σ_j w_jk δ_j) · f'(z_k), j over the next layer's neurons.</summary>
    Hidden,
    /// <summary>Elman cell one time step back: δ_i(s) = (Σ_j U_ji δ_j(s+1)) · f'(z_i(s)), j over the cell's units.</summary>
    ThroughTime,
    /// <summary>Elman cell at a step the head reads and the step after reaches back to: δ_i(s) = (Σ_j w_ji δ_j + Σ_j U_ji
    /// δ_j(s+1)) · f'(z_i(s)), the head's part first (<see cref="DeltaStep.NextWeights"/>, <see cref="DeltaStep.NextDeltas"/>),
    /// then the part through time (<see cref="DeltaStep.ElmanWeights"/>, <see cref="DeltaStep.LaterDeltas"/>).</summary>
    HeadAndTime,
    /// <summary>Elman cell at a step no gradient reaches (before the window of a truncated last target): δ = 0.</summary>
    Cut,
}

/// <summary>One neuron's δ = ∂L/∂z. <see cref="Upstream"/> is dL/dy (output) or Σ_j w_jk δ_j (hidden, with the next
/// layer's <see cref="NextWeights"/> w_jk and <see cref="NextDeltas"/> δ_j); <see cref="Derivative"/> is f'(z);
/// <see cref="SoftmaxDot"/> is Σ_j dL/dy_j y_j (rule <see cref="DeltaRule.OutputSoftmax"/> only).</summary>
public sealed record DeltaStep(int Layer, int Unit, DeltaRule Rule, double Upstream, ImmutableArray<double> NextWeights,
    ImmutableArray<double> NextDeltas, double Derivative, double SoftmaxDot, double Delta)
{
    /// <summary>An output δ of an Elman network with a target at every step is the step's δ ÷ T (the sequence's loss is
    /// (Σ_t L_t) / T): T here, else 1.</summary>
    public int Divisor { get; init; } = 1;

    /// <summary>Rule <see cref="DeltaRule.HeadAndTime"/>: the two parts of ∂L/∂h, through the head and through time.</summary>
    public (double Head, double Time) Parts { get; init; }

    /// <summary>Rule <see cref="DeltaRule.HeadAndTime"/>: U_ji of each unit j (the weight h_i's value carries into j at the
    /// next step) and δ_j at the next step.</summary>
    public ImmutableArray<double> ElmanWeights { get; init; } = [];

    /// <inheritdoc cref="ElmanWeights"/>
    public ImmutableArray<double> LaterDeltas { get; init; } = [];
}

/// <summary>One parameter: its value, the input x it multiplies (1 for a bias, <see cref="Input"/> null), the neuron's δ,
/// ∂L/∂p = δ·x, the gradient the optimizer uses (<see cref="Decayed"/>: ∂L/∂w + λ·w with weight decay λ, else the same),
/// and its value after the optimizer's step.</summary>
public sealed record ParameterStep(int Layer, int Unit, int? Input, double Value, double X, double Delta, double Gradient, double Decayed, double Updated);

/// <summary>Which rows an explained row belongs to: trained on, held out for early stopping, or test.</summary>
public enum RowSet { Training, Validation, Test }

/// <summary>Where an explained row lies: its set, its position in it (0-based) and the set's size.</summary>
public sealed record RowPlace(RowSet Set, int Index, int Count)
{
    /// <summary>"training", "validation" or "test".</summary>
    public string Name => Set switch { RowSet.Training => "training", RowSet.Validation => "validation", _ => "test" };

    /// <summary>The row to explain (<paramref name="sampleId"/>, default the first of the first non-empty set) and the
    /// training state at the start of <paramref name="epoch"/>, or every reason there is none: an epoch outside training,
    /// no rows, an unknown id, training that diverged or stopped early before that epoch.</summary>
    internal static Validation<ExperimentError, (T Row, RowPlace Place, TrainingState State)> Choose<T>(PreparedRun run, string file,
        string? sampleId, int epoch, IReadOnlyList<(RowSet Set, ImmutableArray<T> Rows)> sets, Func<T, string> idOf)
    {
        var epochs = run.Experiment.Training?.Epochs ?? 0;
        if (epoch < 0 || (epoch > 0 && epoch >= epochs)) return Fail<ExperimentError, (T, RowPlace, TrainingState)>(ErrorCatalog.EpochOutOfRange(file, epoch, epochs));
        var rows = sets.SelectMany(s => s.Rows.Select((r, i) => (Row: r, Place: new RowPlace(s.Set, i, s.Rows.Length)))).ToList();
        if (rows.Count == 0) return Fail<ExperimentError, (T, RowPlace, TrainingState)>(ErrorCatalog.NoRows(file));
        var chosen = sampleId is null ? rows[0] : rows.FirstOrDefault(r => idOf(r.Row) == sampleId);
        if (chosen.Place is null)
            return Fail<ExperimentError, (T, RowPlace, TrainingState)>(ErrorCatalog.UnknownRow(file, sampleId!, rows.Select(r => idOf(r.Row)).ToList()));
        var state = Explanation.StateAt(run, epoch);
        if (state.Stopping is { Stopped: true } && state.Epoch < epoch)
            return Fail<ExperimentError, (T, RowPlace, TrainingState)>(ErrorCatalog.StoppedBefore(file, epoch, state.Epoch));
        if (state.Epoch != epoch || !Training.AllFinite(state.Network))
            return Fail<ExperimentError, (T, RowPlace, TrainingState)>(ErrorCatalog.DivergedBefore(file, epoch, state.Epoch));
        return Success<ExperimentError, (T, RowPlace, TrainingState)>((chosen.Row, chosen.Place, state));
    }
}

/// <summary>Backpropagation for one sample written out with its numbers: the forward pass, the loss, every δ, every
/// gradient and update, for the parameters at the start of epoch <see cref="Epoch"/>. Every number is taken from the
/// Core functions training uses (<see cref="Network.Forward"/>, <see cref="Network.Backward"/>,
/// <see cref="UpdateStep"/>), so the explanation cannot drift from what training does. Without a target (or a
/// training section) only the forward pass is explained.</summary>
public sealed record Explanation(
    Experiment Experiment,
    int Epoch,
    Sample Row,
    ImmutableArray<double> RawX,
    RowPlace Place,
    ImmutableArray<NeuronStep> Neurons,
    LossStep? Loss,
    ImmutableArray<DeltaStep> Deltas,
    ImmutableArray<ParameterStep> Parameters,
    Network Before,
    Network? After)
{
    /// <summary>The optimizer of this step: the file's, with the learning rate of <see cref="Epoch"/> under a schedule.</summary>
    public Optimizer? Rule { get; init; }

    /// <summary>The L2 weight decay λ training adds to each weight's gradient (0: none).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The explanation of <paramref name="sampleId"/> (default: the first training row, else the first test
    /// row) at the start of epoch <paramref name="epoch"/>, reached by running the training unfold for that many epochs.</summary>
    public static Validation<ExperimentError, Explanation> Build(PreparedRun run, string file, string? sampleId = null, int epoch = 0)
    {
        var e = run.Experiment;
        if (run.Rows is not DataRows.Features rows || e.Data.Rows is not DataRows.Features written)
            throw new ArgumentException($"{e.Name} is an Elman network: explain it with ElmanExplanation.Build.");
        var chosen = RowPlace.Choose(run, file, sampleId, epoch, [(RowSet.Training, rows.Train.Rows), (RowSet.Validation, rows.Validation.Rows), (RowSet.Test, rows.Test.Rows)], r => r.Id);
        return chosen.Map(c =>
        {
            var raw = written.Train.Rows.Concat(written.Test.Rows).First(r => r.Id == c.Row.Id);
            return Explain(run, c.State, raw.X, c.Row, c.Place);
        });
    }

    /// <summary>The training state at the start of epoch <paramref name="epoch"/>: the last record of the run's training
    /// unfold (<see cref="Runner.Records"/>: feed-forward or Elman, with early stopping's validation) run for that many
    /// epochs — or the state where it diverged or stopped early.</summary>
    public static TrainingState StateAt(PreparedRun run, int epoch)
    {
        if (epoch == 0 || run.Experiment.Training is not { } training) return run.Start;
        var shortened = run with { Experiment = run.Experiment with { Training = training with { Epochs = epoch, RecordEvery = epoch } } };
        return Runner.Records(shortened).Last().State;
    }

    private static Explanation Explain(PreparedRun run, TrainingState state, ImmutableArray<double> rawX, Sample row, RowPlace place)
    {
        var net = state.Network;
        var pass = Network.Forward(net, row.X);
        var neurons = NeuronsOf(net, pass);
        var plan = run.Experiment.Training;
        if (plan is null || !row.HasTarget)
            return new Explanation(run.Experiment, state.Epoch, row, rawX, place, neurons, null, [], [], net, null);

        var config = plan.ToConfig();
        var last = pass.Layers[^1];
        var loss = new LossStep(config.Loss, last.Z, last.A, row.Y, Network.SampleLoss(net, pass, config.Loss, row.Y));
        var gradient = Network.Backward(net, pass, config.Loss, row.Y);
        var (rule, decayed, after) = Step(config, state, gradient);
        return new Explanation(run.Experiment, state.Epoch, row, rawX, place, neurons, loss,
            DeltasOf(net, pass, gradient, config.Loss, row.Y), ParametersOf(net, pass, gradient, decayed, after), net, after)
        { Rule = rule, WeightDecay = config.WeightDecay };
    }

    /// <summary>Every neuron's forward step in <paramref name="pass"/>, layer by layer.</summary>
    internal static ImmutableArray<NeuronStep> NeuronsOf(Network net, ForwardPass pass)
    {
        var neurons = ImmutableArray.CreateBuilder<NeuronStep>();
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            var trace = pass.Layers[l];
            for (var j = 0; j < layer.Units; j++)
                neurons.Add(new NeuronStep(l, j, layer.Weights.Row(j).ToImmutableArray(), trace.X, layer.Biases[j], trace.Z[j], layer.Activation, trace.A[j]));
        }
        return neurons.ToImmutable();
    }

    /// <summary>The optimizer's step on <paramref name="gradient"/> (one sample's) as <see cref="Training.Step"/> takes it:
    /// the update chain's gradient (<see cref="UpdateStep.Gradient"/>: with weight decay, + λ·w on the weights), and the
    /// network after the whole chain with the epoch's learning rate (<see cref="Core.Schedule.Apply"/>).</summary>
    internal static (Optimizer Rule, Gradient Decayed, Network After) Step(TrainingConfig config, TrainingState state, Gradient gradient)
    {
        var rule = Core.Schedule.Apply(config.Schedule, config.Optimizer, state.Epoch);
        var sums = Gradient.Flatten(gradient).AsSpan();
        var p = Network.Parameters(state.Network).AsSpan();
        var step = UpdateStep.Of(rule, state.Optimizer.Step + 1, 1, config.WeightDecay);
        var decayed = new double[sums.Length];
        foreach (var (offset, length, weights) in Network.Stretches(state.Network))
            step.Gradient(p.Slice(offset, length), sums.Slice(offset, length), decayed.AsSpan(offset, length), weights);
        var (after, _) = Optimizer.Update(rule, state.Optimizer, state.Network, sums, 1, config.WeightDecay);
        return (rule, Gradient.Unflatten(state.Network, decayed), after);
    }

    /// <summary>Every δ from the output layer back; δ itself is the gradient's bias entry (∂L/∂b = δ).</summary>
    internal static ImmutableArray<DeltaStep> DeltasOf(Network net, ForwardPass pass, Gradient gradient, LossKind loss, ImmutableArray<double> t)
    {
        var steps = ImmutableArray.CreateBuilder<DeltaStep>();
        var output = net.Output;
        var last = pass.Layers[^1];
        var dA = new double[t.Length];
        Core.Loss.Gradient(loss, last.A.AsSpan(), t.AsSpan(), dA);
        var dot = 0.0;
        for (var j = 0; j < dA.Length; j++) dot += dA[j] * last.A[j];
        var rule = (loss, output.Activation.Kind) switch
        {
            (LossKind.Bce, _) => DeltaRule.OutputBceSigmoid,
            (LossKind.Ce, _) => DeltaRule.OutputCeSoftmax,
            (_, ActivationKind.Softmax) => DeltaRule.OutputSoftmax,
            _ => DeltaRule.Output,
        };
        var top = net.Layers.Length - 1;
        for (var j = 0; j < output.Units; j++)
            steps.Add(new DeltaStep(top, j, rule, dA[j], [], [], Activation.Derivative(output.Activation, last.Z[j]),
                rule == DeltaRule.OutputSoftmax ? dot : 0, gradient.Layers[top].Biases[j]));
        for (var l = top - 1; l >= 0; l--)
        {
            var next = net.Layers[l + 1];
            var nextDeltas = gradient.Layers[l + 1].Biases;
            var (_, upstream) = Layer.Backward(next, pass.Layers[l + 1], nextDeltas.AsSpan());
            var layer = net.Layers[l];
            for (var k = 0; k < layer.Units; k++)
            {
                var column = Enumerable.Range(0, next.Units).Select(j => next.Weights[j, k]).ToImmutableArray();
                steps.Add(new DeltaStep(l, k, DeltaRule.Hidden, upstream[k], column, nextDeltas,
                    Activation.Derivative(layer.Activation, pass.Layers[l].Z[k]), 0, gradient.Layers[l].Biases[k]));
            }
        }
        return steps.ToImmutable();
    }

    /// <summary>Every parameter from the output layer back, each neuron's weights then its bias.</summary>
    private static ImmutableArray<ParameterStep> ParametersOf(Network net, ForwardPass pass, Gradient gradient, Gradient decayed, Network after)
    {
        var steps = ImmutableArray.CreateBuilder<ParameterStep>();
        for (var l = net.Layers.Length - 1; l >= 0; l--)
        {
            var layer = net.Layers[l];
            var g = gradient.Layers[l];
            for (var j = 0; j < layer.Units; j++)
            {
                var delta = g.Biases[j];
                for (var k = 0; k < layer.Inputs; k++)
                    steps.Add(new ParameterStep(l, j, k, layer.Weights[j, k], pass.Layers[l].X[k], delta, g.Weights[j, k], decayed.Layers[l].Weights[j, k], after.Layers[l].Weights[j, k]));
                steps.Add(new ParameterStep(l, j, null, layer.Biases[j], 1, delta, g.Biases[j], decayed.Layers[l].Biases[j], after.Layers[l].Biases[j]));
            }
        }
        return steps.ToImmutable();
    }
}
