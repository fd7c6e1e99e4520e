using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An Elman recurrent network (Elman 1990): at time step t the hidden state is h_t = f(W x_t + U h_{t−1} + b),
/// with h_0 = 0, and the dense head layers map h_t to the step's output. The parameters live in <see cref="Stack"/>, an
/// ordinary feed-forward <see cref="Network"/> whose layer 0 is the Elman cell over the concatenated input
/// [x_t; h_{t−1}] (row j of its weights holds W_j0 … W_j(n−1), then U_j0 … U_j(H−1)) and whose later layers are the head.
/// One time step is <see cref="Network.Forward"/> of the stack on [x_t; h_{t−1}], so the cell's weighted sum is
/// z_j = ((0 + Σ_k W_jk x_k) + Σ_i U_ji h_i) + b_j, left to right, like every layer's; and
/// <see cref="Network.Parameters"/>, <see cref="Gradient.Sum"/>, the update chain (<see cref="UpdateStep"/>) and checkpoints apply to
/// the stack unchanged.</summary>
public sealed partial record ElmanNetwork
{
    private ElmanNetwork(int inputs, Network stack) => (Inputs, Stack) = (inputs, stack);

    /// <summary>Values in each step's x.</summary>
    public int Inputs { get; }

    /// <summary>The cell followed by the head, as one feed-forward network over [x_t; h_{t−1}].</summary>
    public Network Stack { get; }

    /// <summary>The Elman cell: <see cref="Hidden"/> units over <see cref="Inputs"/> + <see cref="Hidden"/> values.</summary>
    public Layer Cell => Stack.Layers[0];

    /// <summary>Units of the hidden state h.</summary>
    public int Hidden => Cell.Units;

    /// <summary>Values in each step's output (units of the head's last layer).</summary>
    public int Outputs => Stack.Outputs;

    /// <summary>A network from its cell (<paramref name="cell"/>: weights hidden × (inputs + hidden)) and head layers,
    /// at least one (a programming error otherwise).</summary>
    public static ElmanNetwork Create(int inputs, Layer cell, IEnumerable<Layer> head)
    {
        var layers = head.Prepend(cell).ToImmutableArray();
        if (layers.Length < 2) throw new ArgumentException("An Elman network needs at least one head layer.");
        if (cell.Inputs != inputs + cell.Units)
            throw new ArgumentException($"The cell of {cell.Units} units over {inputs} inputs takes {inputs + cell.Units} values, not {cell.Inputs}.");
        if (cell.Activation.IsVectorValued) throw new ArgumentException("The Elman cell's activation acts on each unit alone.");
        return new ElmanNetwork(inputs, Network.Create(inputs + cell.Units, layers));
    }

    /// <summary>The recurrent network whose parameters are <paramref name="stack"/> (as made by <see cref="Create"/>),
    /// with <paramref name="inputs"/> values per step.</summary>
    public static ElmanNetwork FromStack(int inputs, Network stack) => Create(inputs, stack.Layers[0], stack.Layers.Skip(1));

    /// <summary>The forward pass over x_1 … x_T from h_0 = 0.</summary>
    public static ElmanPass Forward(ElmanNetwork net, ImmutableArray<ImmutableArray<double>> xs) =>
        Forward(net, xs, Layer.Freeze(new double[net.Hidden]));

    /// <summary>The forward pass over x_1 … x_T from the hidden state <paramref name="h0"/>: step t is the stack's pass on
    /// [x_t; h_{t−1}], and h_t is its layer 0's activations.</summary>
    public static ElmanPass Forward(ElmanNetwork net, ImmutableArray<ImmutableArray<double>> xs, ImmutableArray<double> h0)
    {
        if (h0.Length != net.Hidden) throw new ArgumentException($"h0 has {h0.Length} values for {net.Hidden} hidden units.");
        var steps = ImmutableArray.CreateBuilder<ForwardPass>(xs.Length);
        var h = h0;
        foreach (var x in xs)
        {
            if (x.Length != net.Inputs) throw new ArgumentException($"A step has {x.Length} inputs, expected {net.Inputs}.");
            var input = new double[net.Inputs + net.Hidden];
            x.CopyTo(input);
            h.CopyTo(input, net.Inputs);
            var pass = Network.Forward(net.Stack, Layer.Freeze(input));
            steps.Add(pass);
            h = pass.Layers[0].A;
        }
        return new ElmanPass(steps.MoveToImmutable());
    }

    /// <summary>The outputs a row is judged by: one per step (<see cref="SequenceTargets.PerStep"/>) or the last step's.</summary>
    public static ImmutableArray<ImmutableArray<double>> Predict(ElmanNetwork net, ImmutableArray<ImmutableArray<double>> xs, SequenceTargets targets)
    {
        var pass = Forward(net, xs);
        return targets == SequenceTargets.PerStep ? pass.Outputs : [pass.Steps[^1].Output];
    }

    /// <summary>The loss of one sequence. Per step: (Σ_t L_t) / T, summed in step order from 0 (each L_t the loss of
    /// step t's output against y_t, as <see cref="Network.SampleLoss"/>); last: the loss of the last step's output
    /// against the one y.</summary>
    public static double SequenceLoss(ElmanNetwork net, ElmanPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y)
    {
        CheckTargets(pass.Steps.Length, targets, y);
        if (targets == SequenceTargets.Last) return Network.SampleLoss(net.Stack, pass.Steps[^1], loss, y[0]);
        var sum = 0.0;
        for (var t = 0; t < pass.Steps.Length; t++) sum += Network.SampleLoss(net.Stack, pass.Steps[t], loss, y[t]);
        return sum / pass.Steps.Length;
    }

    /// <summary>The target loss term L_t compares step <paramref name="t"/>'s output with: y_t (per step), or the one y
    /// (last; only the last step has a loss term).</summary>
    public static ImmutableArray<double> TargetAt(SequenceTargets targets, ImmutableArray<ImmutableArray<double>> y, int t) =>
        targets == SequenceTargets.PerStep ? y[t] : y[0];

    /// <summary>True when both networks have the same shape, activations and parameter bits.</summary>
    public static bool BitEquals(ElmanNetwork a, ElmanNetwork b) => a.Inputs == b.Inputs && Network.BitEquals(a.Stack, b.Stack);

    private static void CheckTargets(int steps, SequenceTargets targets, ImmutableArray<ImmutableArray<double>> y)
    {
        if (steps == 0) throw new ArgumentException("A sequence needs at least one step.");
        var expected = targets == SequenceTargets.PerStep ? steps : 1;
        if (y.Length != expected) throw new ArgumentException($"{targets} targets of a {steps}-step sequence need {expected} vectors, got {y.Length}.");
    }
}

/// <summary>Every step's forward pass through the stack (layer 0's activations are h_t).</summary>
public sealed record ElmanPass(ImmutableArray<ForwardPass> Steps)
{
    /// <summary>Each step's output, in step order.</summary>
    public ImmutableArray<ImmutableArray<double>> Outputs => Steps.Select(s => s.Output).ToImmutableArray();

    /// <summary>h_t after step t (0-based).</summary>
    public ImmutableArray<double> HiddenState(int t) => Steps[t].Layers[0].A;
}
