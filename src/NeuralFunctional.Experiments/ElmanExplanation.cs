using LanguageExt;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>The forward pass at one time step t (0-based): the cell's neurons (layer 0: z over [x_t; h_(t−1)], h_t = f(z))
/// and, where a loss term reads this step's output, the head's (layers 1, 2, …).</summary>
public sealed record TimeStepForward(int Step, ImmutableArray<double> X, ImmutableArray<double> PreviousHidden, ImmutableArray<NeuronStep> Neurons);

/// <summary>The loss term L_t of time step <see cref="Step"/> (0-based).</summary>
public sealed record TimeStepLoss(int Step, LossStep Loss);

/// <summary>Backpropagation through time at time step <see cref="Step"/> (0-based) with its δs: the head's where a loss
/// term reads the step (rules of a feed-forward network, the output's δ ÷ T with a target at every step), then the
/// cell's: ∂L/∂h through the head, plus through time from the step after (<see cref="DeltaRule.ThroughTime"/>,
/// <see cref="DeltaRule.HeadAndTime"/>), 0 where truncation lets nothing reach (<see cref="DeltaRule.Cut"/>).</summary>
public sealed record BpttStep(int Step, ImmutableArray<DeltaStep> Deltas);

/// <summary>One time step's share of a parameter's gradient: δ·x (x = 1 for a bias) at time step <see cref="Step"/>.</summary>
public sealed record GradientTerm(int Step, double Delta, double X, double Value);

/// <summary>One parameter of an Elman network (layer 0 the cell, inputs 0 … n−1 the step's x, n … n+H−1 the previous
/// hidden state; later layers the head): its value, the terms its gradient sums (one per time step that
/// has one, from the first: <see cref="ElmanNetwork.SumTerms"/>'s order), the gradient (their sum), the gradient the optimizer uses (<see cref="Decayed"/>:
/// + λ·w with weight decay λ, else the same) and the value after the optimizer's step.</summary>
public sealed record SequenceParameterStep(int Layer, int Unit, int? Input, double Value, ImmutableArray<GradientTerm> Terms, double Gradient, double Decayed, double Updated);

/// <summary>Backpropagation through time for one sequence written out with its numbers: the forward pass step by step,
/// the loss, the δs of every BPTT term (full or truncated, as training does it), every parameter's gradient as the sum
/// of its terms, and the update — for the parameters at the start of epoch <see cref="Epoch"/>. The numbers come from
/// the Core functions training uses (<see cref="ElmanNetwork.Forward(ElmanNetwork, ImmutableArray{ImmutableArray{double}})"/>,
/// <see cref="ElmanNetwork.BackwardTerms"/>, <see cref="ElmanNetwork.Backward"/>, <see cref="UpdateStep"/>),
/// so the explanation cannot drift from what training does. Without a target (or a training section) only the forward
/// pass is explained.</summary>
public sealed record ElmanExplanation(
    Experiment Experiment,
    int Epoch,
    SequenceSample Row,
    ImmutableArray<ImmutableArray<double>> RawX,
    RowPlace Place,
    SequenceTargets Targets,
    int Truncate,
    ElmanNetwork Before,
    ImmutableArray<TimeStepForward> Forward,
    ImmutableArray<TimeStepLoss> Losses,
    double? Loss,
    ImmutableArray<BpttStep> Backward,
    ImmutableArray<SequenceParameterStep> Parameters,
    ElmanNetwork? After)
{
    /// <summary>The optimizer of this step: the file's, with the learning rate of <see cref="Epoch"/> under a schedule.</summary>
    public Optimizer? Rule { get; init; }

    /// <summary>The L2 weight decay λ training adds to each weight's gradient (0: none).</summary>
    public double WeightDecay { get; init; }

    /// <summary>The explanation of <paramref name="sampleId"/> (default: the first training row, else the first test
    /// row) at the start of epoch <paramref name="epoch"/>, reached by running the training unfold for that many epochs.</summary>
    public static Validation<ExperimentError, ElmanExplanation> Build(PreparedRun run, string file, string? sampleId = null, int epoch = 0)
    {
        var e = run.Experiment;
        if (e.Network is not NetworkPlan.Elman recurrent || run.Rows is not DataRows.Sequences sequences || e.Data.Rows is not DataRows.Sequences raw)
            throw new ArgumentException($"{e.Name} is not an Elman network on sequences: explain it with Explanation.Build.");
        var chosen = RowPlace.Choose(run, file, sampleId, epoch,
            [(RowSet.Training, sequences.Train.Rows), (RowSet.Validation, sequences.Validation.Rows), (RowSet.Test, sequences.Test.Rows)], r => r.Id);
        return chosen.Map(c =>
        {
            var rawX = raw.Train.Rows.Concat(raw.Test.Rows).First(r => r.Id == c.Row.Id).X;
            return Explain(run, c.State, sequences.Targets, recurrent.Truncate, rawX, c.Row, c.Place);
        });
    }

    /// <summary>The training state at the start of epoch <paramref name="epoch"/> (see <see cref="Explanation.StateAt"/>).</summary>
    public static TrainingState StateAt(PreparedRun run, int epoch) => Explanation.StateAt(run, epoch);

    private static ElmanExplanation Explain(PreparedRun run, TrainingState state, SequenceTargets targets, int truncate,
        ImmutableArray<ImmutableArray<double>> rawX, SequenceSample row, RowPlace place)
    {
        var e = run.Experiment;
        var net = ElmanNetwork.FromStack(e.Network.Inputs, state.Network);
        var pass = ElmanNetwork.Forward(net, row.X);
        var T = pass.Steps.Length;
        bool HasLoss(int t) => targets == SequenceTargets.PerStep || t == T - 1;
        var forward = Enumerable.Range(0, T).Select(t => StepForward(net, pass, t, HasLoss(t))).ToImmutableArray();
        var plan = e.Training;
        if (plan is null || !row.HasTarget)
            return new ElmanExplanation(e, state.Epoch, row, rawX, place, targets, truncate, net, forward, [], null, [], [], null);

        var config = plan.ToConfig();
        var losses = Enumerable.Range(0, T).Where(HasLoss).Select(t =>
        {
            var y = ElmanNetwork.TargetAt(targets, row.Y, t);
            var last = pass.Steps[t].Layers[^1];
            return new TimeStepLoss(t, new LossStep(config.Loss, last.Z, last.A, y, Network.SampleLoss(net.Stack, pass.Steps[t], config.Loss, y)));
        }).ToImmutableArray();
        var loss = ElmanNetwork.SequenceLoss(net, pass, config.Loss, targets, row.Y);
        var terms = ElmanNetwork.BackwardTerms(net, pass, config.Loss, targets, row.Y, truncate);
        var gradient = ElmanNetwork.Backward(net, pass, config.Loss, targets, row.Y, truncate);
        var (rule, decayed, after) = Explanation.Step(config, state, gradient);
        return new ElmanExplanation(e, state.Epoch, row, rawX, place, targets, truncate, net, forward, losses, loss,
            BackwardSteps(net, pass, terms, config.Loss, targets, row.Y), ParametersOf(net, pass, terms, gradient, decayed, after),
            ElmanNetwork.FromStack(e.Network.Inputs, after))
        { Rule = rule, WeightDecay = config.WeightDecay };
    }

    /// <summary>Step t's neurons: the cell's, then the head's when <paramref name="withHead"/>.</summary>
    private static TimeStepForward StepForward(ElmanNetwork net, ElmanPass pass, int t, bool withHead)
    {
        var layers = net.Stack.Layers;
        var neurons = ImmutableArray.CreateBuilder<NeuronStep>();
        for (var l = 0; l < (withHead ? layers.Length : 1); l++)
        {
            var layer = layers[l];
            var trace = pass.Steps[t].Layers[l];
            for (var j = 0; j < layer.Units; j++)
                neurons.Add(new NeuronStep(l, j, layer.Weights.Row(j).ToImmutableArray(), trace.X, layer.Biases[j], trace.Z[j], layer.Activation, trace.A[j]));
        }
        var input = pass.Steps[t].Layers[0].X;
        return new TimeStepForward(t, input[..net.Inputs], input[net.Inputs..], neurons.ToImmutable());
    }

    /// <summary>Each time step's δs, from the last step back (the order BPTT computes them): the head's where a loss term
    /// reads the step (<see cref="Explanation.DeltasOf"/> on the head as a network over h_t, with the engine's gradient),
    /// then the cell's from ∂L/∂h_t's two parts.</summary>
    private static ImmutableArray<BpttStep> BackwardSteps(ElmanNetwork net, ElmanPass pass, ImmutableArray<BpttTerm> terms,
        LossKind loss, SequenceTargets targets, ImmutableArray<ImmutableArray<double>> y)
    {
        var steps = ImmutableArray.CreateBuilder<BpttStep>(terms.Length);
        var (cell, stack, T) = (net.Cell, net.Stack, terms.Length);
        var head = Network.Create(net.Hidden, stack.Layers.Skip(1));
        for (var s = T - 1; s >= 0; s--)
        {
            var term = terms[s];
            var deltas = ImmutableArray.CreateBuilder<DeltaStep>();
            if (!term.Head.IsEmpty)
            {
                var headPass = new ForwardPass([.. pass.Steps[s].Layers.Skip(1)]);
                var divisor = targets == SequenceTargets.PerStep ? T : 1;
                foreach (var d in Explanation.DeltasOf(head, headPass, new Gradient(term.Head), loss, ElmanNetwork.TargetAt(targets, y, s)))
                    deltas.Add(d with { Layer = d.Layer + 1, Divisor = d.Layer == head.Layers.Length - 1 ? divisor : 1 });
            }
            var z = pass.Steps[s].Layers[0].Z;
            var later = s + 1 < T ? terms[s + 1].Cell.Biases : [];
            for (var i = 0; i < net.Hidden; i++)
            {
                var unit = i;
                var recurrent = Enumerable.Range(0, net.Hidden).Select(j => cell.Weights[j, net.Inputs + unit]).ToImmutableArray();
                var (fromHead, through) = (!term.FromHead.IsEmpty, !term.ThroughTime.IsEmpty);
                var rule = (fromHead, through) switch
                {
                    (true, true) => DeltaRule.HeadAndTime,
                    (true, false) => DeltaRule.Hidden,
                    (false, true) => DeltaRule.ThroughTime,
                    _ => DeltaRule.Cut,
                };
                var headWeights = fromHead ? Enumerable.Range(0, head.Layers[0].Units).Select(j => head.Layers[0].Weights[j, unit]).ToImmutableArray() : [];
                var (nextWeights, nextDeltas) = rule switch
                {
                    DeltaRule.ThroughTime => (recurrent, later),
                    DeltaRule.Cut => ([], []),
                    _ => (headWeights, term.Head[0].Biases),
                };
                deltas.Add(new DeltaStep(0, i, rule, term.HiddenGradient[i], nextWeights, nextDeltas,
                    Activation.Derivative(cell.Activation, z[i]), 0, term.Cell.Biases[i])
                {
                    Parts = rule == DeltaRule.HeadAndTime ? (term.FromHead[i], term.ThroughTime[i]) : default,
                    ElmanWeights = rule == DeltaRule.HeadAndTime ? recurrent : [],
                    LaterDeltas = rule == DeltaRule.HeadAndTime ? later : [],
                });
            }
            steps.Add(new BpttStep(s, deltas.ToImmutable()));
        }
        return steps.MoveToImmutable();
    }

    /// <summary>Every parameter from the output layer back (each neuron's weights, then its bias), with the terms of its
    /// gradient in the order they are summed: one per time step from the first, the head's only where a loss term reads
    /// the step, the cell's at every step.</summary>
    private static ImmutableArray<SequenceParameterStep> ParametersOf(ElmanNetwork net, ElmanPass pass, ImmutableArray<BpttTerm> terms,
        Gradient gradient, Gradient decayed, Network after)
    {
        var steps = ImmutableArray.CreateBuilder<SequenceParameterStep>();
        var stack = net.Stack;
        for (var l = stack.Layers.Length - 1; l >= 0; l--)
        {
            var layer = stack.Layers[l];
            var reached = l == 0 ? terms.ToList() : terms.Where(t => !t.Head.IsEmpty).ToList();
            var index = l;
            LayerGradient Of(BpttTerm t) => index == 0 ? t.Cell : t.Head[index - 1];
            for (var j = 0; j < layer.Units; j++)
            {
                for (var k = 0; k < layer.Inputs; k++)
                {
                    var (unit, input) = (j, k);
                    var parts = reached.Select(t => new GradientTerm(t.Step, Of(t).Biases[unit], pass.Steps[t.Step].Layers[index].X[input], Of(t).Weights[unit, input])).ToImmutableArray();
                    steps.Add(new SequenceParameterStep(l, j, k, layer.Weights[j, k], parts, gradient.Layers[l].Weights[j, k], decayed.Layers[l].Weights[j, k], after.Layers[l].Weights[j, k]));
                }
                var unitJ = j;
                var biasParts = reached.Select(t => new GradientTerm(t.Step, Of(t).Biases[unitJ], 1, Of(t).Biases[unitJ])).ToImmutableArray();
                steps.Add(new SequenceParameterStep(l, j, null, layer.Biases[j], biasParts, gradient.Layers[l].Biases[j], decayed.Layers[l].Biases[j], after.Layers[l].Biases[j]));
            }
        }
        return steps.ToImmutable();
    }
}
