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
    /// the first of these terms plus each later one in that order (<see cref="Gradient.Accumulate"/>, as samples are summed, so a
    /// one-step sequence's gradient is the stack's, bit for bit); per step targets then divide the sums by T.
    /// Between steps, ∂L_t/∂h_{s−1} is the h part of the cell's input gradient (Σ_j U_ji δ_j, summed over units from 0)
    /// and δ_{s−1} = f'(z_{s−1}) ⊙ that. Cost: T·min(k, T) cell steps for per-step targets (T² for full BPTT), k for last.</para></summary>
    public static Gradient Backward(RecurrentNetwork net, RecurrentPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate = 0)
    {
        double[]? sum = null;
        var cellWeights = net.Hidden * (net.Inputs + net.Hidden);
        foreach (var term in BackwardTerms(net, pass, loss, targets, y, truncate))
        {
            if (term.Stack is { } atT)
            {
                var flat = Gradient.Flatten(atT);
                var first = sum is null;
                sum ??= new double[flat.Length];
                Gradient.Accumulate(sum, flat.AsSpan(), first);
                continue;
            }
            Gradient.Accumulate(sum.AsSpan(0, cellWeights), term.Cell.Weights.Values.AsSpan(), first: false);
            Gradient.Accumulate(sum.AsSpan(cellWeights, net.Hidden), term.Cell.Biases.AsSpan(), first: false);
        }
        if (sum is null) throw new InvalidOperationException("A sequence has at least one loss term.");
        var steps = pass.Steps.Length;
        if (targets == SequenceTargets.PerStep && steps > 1)
            for (var i = 0; i < sum.Length; i++) sum[i] /= steps;
        return Gradient.Unflatten(net.Stack, sum);
    }

    /// <summary>The terms <see cref="Backward"/> sums, lazily, in its order: for each loss term L_t (ascending t), first
    /// the stack's gradient at step t (<see cref="BpttTerm.Stack"/>: head and cell, from <see cref="Network.Backward"/>),
    /// then the cell's at steps t−1, t−2, … down the truncation window, each with ∂L_t/∂h_s
    /// (<see cref="BpttTerm.HiddenGradient"/>) and δ_s = f'(z_s) ⊙ ∂L_t/∂h_s. What <c>nf explain</c> writes out.</summary>
    public static IEnumerable<BpttTerm> BackwardTerms(RecurrentNetwork net, RecurrentPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate = 0)
    {
        if (truncate < 0) throw new ArgumentException($"truncate must be ≥ 0, got {truncate}.");
        CheckTargets(pass.Steps.Length, targets, y);
        return Terms(net, pass, loss, targets, y, truncate);
    }

    private static IEnumerable<BpttTerm> Terms(RecurrentNetwork net, RecurrentPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate)
    {
        var steps = pass.Steps.Length;
        var first = targets == SequenceTargets.PerStep ? 0 : steps - 1;
        for (var t = first; t < steps; t++)
        {
            var atT = Network.Backward(net.Stack, pass.Steps[t], loss, TargetAt(targets, y, t));
            yield return new BpttTerm(t, t, atT, atT.Layers[0], []);
            var window = truncate == 0 ? t + 1 : Math.Min(truncate, t + 1);
            if (window == 1) continue;
            // ∂L_t/∂[x_t; h_{t−1}] from the cell's δ at step t (its bias gradient), then step by step back.
            var dX = Layer.Backward(net.Cell, pass.Steps[t].Layers[0], atT.Layers[0].Biases.AsSpan()).InputGradient;
            for (var s = t - 1; s > t - window; s--)
            {
                var cell = pass.Steps[s].Layers[0];
                var dH = dX.AsSpan(net.Inputs, net.Hidden);
                var delta = new double[net.Hidden];
                Activation.Backward(net.Cell.Activation, cell.Z.AsSpan(), cell.A.AsSpan(), dH, delta);
                var upstream = dH.ToImmutableArray();
                (var g, dX) = Layer.Backward(net.Cell, cell, delta);
                yield return new BpttTerm(t, s, null, g, upstream);
            }
        }
    }

}

/// <summary>One term of backpropagation through time: the gradient loss term L_<see cref="LossStep"/> puts on the
/// parameters through time step <see cref="Step"/> (0-based). At <see cref="Step"/> = <see cref="LossStep"/>,
/// <see cref="Stack"/> is the whole stack's gradient (head and cell) and <see cref="Cell"/> its cell part; at earlier
/// steps <see cref="Stack"/> is null, <see cref="HiddenGradient"/> is ∂L_t/∂h_s (= Σ_j U_ji δ_(s+1),j, over units from
/// 0) and <see cref="Cell"/> the cell's gradient at step s (its biases are δ_s).</summary>
public sealed record BpttTerm(int LossStep, int Step, Gradient? Stack, LayerGradient Cell, ImmutableArray<double> HiddenGradient);
