using System.Collections.Immutable;

namespace NeuralFunctional.Core;

// Backpropagation through time (BPTT), full or truncated.
public sealed partial record RecurrentNetwork
{
    /// <summary>The gradient of <see cref="SequenceLoss"/> by backpropagation through time, shaped like
    /// <see cref="Stack"/>. <paramref name="truncate"/> = 0 is full BPTT; k ≥ 1 truncates it: the gradient of each loss
    /// term L_t flows back through at most k time steps counting its own, i.e. through the cell at steps t, t−1, …,
    /// t−k+1, with h_{t−k} held constant (k = 1: no gradient through the recurrence; k ≥ T: full BPTT, bit for bit).
    /// <para>Order, fixed: for each loss term t in ascending step order, first the gradient of the stack at step t
    /// (<see cref="Network.Backward"/>: head and cell), then the cell's at steps t−1, t−2, … down the window; the sum is
    /// the first of these terms plus each later one in that order (as <see cref="Gradient.Mean"/> sums samples, so a
    /// one-step sequence's gradient is the stack's, bit for bit); per step targets then divide the sums by T.
    /// Between steps, ∂L_t/∂h_{s−1} is the h part of the cell's input gradient (Σ_j U_ji δ_j, summed over units from 0)
    /// and δ_{s−1} = f'(z_{s−1}) ⊙ that. Cost: T·min(k, T) cell steps for per-step targets (T² for full BPTT), k for last.</para></summary>
    public static Gradient Backward(RecurrentNetwork net, RecurrentPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate = 0)
    {
        if (truncate < 0) throw new ArgumentException($"truncate must be ≥ 0, got {truncate}.");
        CheckTargets(pass.Steps.Length, targets, y);
        var steps = pass.Steps.Length;
        double[]? sum = null;
        var cellWeights = net.Hidden * (net.Inputs + net.Hidden);
        var first = targets == SequenceTargets.PerStep ? 0 : steps - 1;
        for (var t = first; t < steps; t++)
        {
            var target = targets == SequenceTargets.PerStep ? y[t] : y[0];
            var atT = Network.Backward(net.Stack, pass.Steps[t], loss, target);
            if (sum is null) sum = Gradient.Flatten(atT).ToArray();
            else Add(sum, Gradient.Flatten(atT).AsSpan());
            var window = truncate == 0 ? t + 1 : Math.Min(truncate, t + 1);
            if (window == 1) continue;
            // ∂L_t/∂[x_t; h_{t−1}] from the cell's δ at step t (its bias gradient), then step by step back.
            var dX = Layer.Backward(net.Cell, pass.Steps[t].Layers[0], atT.Layers[0].Biases.AsSpan()).InputGradient;
            for (var s = t - 1; s > t - window; s--)
            {
                var cell = pass.Steps[s].Layers[0];
                var delta = new double[net.Hidden];
                Activation.Backward(net.Cell.Activation, cell.Z.AsSpan(), cell.A.AsSpan(), dX.AsSpan(net.Inputs, net.Hidden), delta);
                (var g, dX) = Layer.Backward(net.Cell, cell, delta);
                Add(sum.AsSpan(0, cellWeights), g.Weights.Values.AsSpan());
                Add(sum.AsSpan(cellWeights, net.Hidden), g.Biases.AsSpan());
            }
        }
        if (sum is null) throw new InvalidOperationException("A sequence has at least one loss term.");
        if (targets == SequenceTargets.PerStep && steps > 1)
            for (var i = 0; i < sum.Length; i++) sum[i] /= steps;
        return Gradient.Unflatten(net.Stack, sum);
    }

    private static void Add(Span<double> sum, ReadOnlySpan<double> values)
    {
        for (var i = 0; i < values.Length; i++) sum[i] += values[i];
    }

}
