using System.Collections.Immutable;

namespace NeuralFunctional.Core;

// Backpropagation through time (BPTT), full or truncated: the reference the batched engine is proven equal to.
public sealed partial record ElmanNetwork
{
    /// <summary>δ at the output of a time step's loss term: <see cref="Loss.OutputDelta"/> of the step's
    /// output against its target, ÷ T (the sequence's <paramref name="steps"/>) for per-step targets, since a sequence's
    /// loss is then (Σ_t L_t) / T. Last targets: the one loss term's δ as it is.</summary>
    public static void OutputDelta(LossKind loss, Activation output, ReadOnlySpan<double> z, ReadOnlySpan<double> a, ReadOnlySpan<double> y,
        SequenceTargets targets, int steps, Span<double> delta)
    {
        Loss.OutputDelta(loss, output, z, a, y, delta);
        if (targets == SequenceTargets.PerStep && steps > 1)
            for (var i = 0; i < delta.Length; i++) delta[i] /= steps;
    }

    /// <summary>True when the gradient at step <paramref name="s"/> flows back into h_(s−1) through the recurrent weights:
    /// s ≥ 1, and with truncation to k steps (<paramref name="truncate"/> = k ≥ 1) s is not where a window of k steps
    /// begins, the windows counted back from the sequence's last step: T − s is not a multiple of k. So the last step's
    /// gradient flows through exactly min(k, T) steps (a last target's loss term: through steps T−1 … T−k); k = 1 cuts
    /// every step off the one before; k ≥ T (or 0) cuts nothing: full BPTT.</summary>
    public static bool ThroughTime(int steps, int s, int truncate) => s >= 1 && (truncate == 0 || (steps - s) % truncate != 0);

    /// <summary>The gradient of <see cref="SequenceLoss"/> by backpropagation through time, shaped like <see cref="Stack"/>:
    /// the terms of <see cref="BackwardTerms"/> summed as a mini-batch of this one sequence (<see cref="SumTerms"/>).</summary>
    public static Gradient Backward(ElmanNetwork net, ElmanPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate = 0) =>
        Gradient.Unflatten(net.Stack, SumTerms(net.Stack, [BackwardTerms(net, pass, loss, targets, y, truncate)]));

    /// <summary>Backpropagation through time for one sequence, one term per time step, from the last step back to the
    /// first (the order it is computed in). At step s: where a loss term reads step s (every step, or the last for last
    /// targets) its δ at the output (<see cref="OutputDelta"/>), the head's gradients back from it and ∂L/∂h_s through
    /// the head (<see cref="BpttTerm.FromHead"/>); ∂L/∂h_s through time (<see cref="BpttTerm.ThroughTime"/>: the h part of
    /// the cell's input gradient at step s + 1, Σ_j U_ji δ_(s+1),j over units from 0, when
    /// <see cref="ThroughTime(int, int, int)"/> lets it flow); ∂L/∂h_s = the first of these plus the second, either alone
    /// when the other is absent, 0 when both are (before the window of a truncated last target); then
    /// δ_s = f'(z_s) ⊙ ∂L/∂h_s and the cell's gradient δ_s·[x_s; h_(s−1)]ᵀ (<see cref="Layer.Backward"/>). The cost is one
    /// cell step per time step, whatever the truncation.</summary>
    public static ImmutableArray<BpttTerm> BackwardTerms(ElmanNetwork net, ElmanPass pass, LossKind loss, SequenceTargets targets,
        ImmutableArray<ImmutableArray<double>> y, int truncate = 0)
    {
        if (truncate < 0) throw new ArgumentException($"truncate must be ≥ 0, got {truncate}.");
        var steps = pass.Steps.Length;
        CheckTargets(steps, targets, y);
        var stack = net.Stack;
        var head = stack.Layers.Length - 1;
        var terms = new BpttTerm[steps];
        ImmutableArray<double> later = [];
        for (var s = steps - 1; s >= 0; s--)
        {
            var step = pass.Steps[s];
            var heads = ImmutableArray<LayerGradient>.Empty;
            var fromHead = ImmutableArray<double>.Empty;
            if (targets == SequenceTargets.PerStep || s == steps - 1)
            {
                var output = step.Layers[head];
                var delta = new double[stack.Outputs];
                OutputDelta(loss, stack.Output.Activation, output.Z.AsSpan(), output.A.AsSpan(), TargetAt(targets, y, s).AsSpan(), targets, steps, delta);
                var gradients = new LayerGradient[head];
                for (var l = head; l >= 1; l--)
                {
                    var (g, dX) = Layer.Backward(stack.Layers[l], step.Layers[l], delta);
                    gradients[l - 1] = g;
                    if (l == 1) { fromHead = dX; break; }
                    var below = step.Layers[l - 1];
                    delta = new double[below.Z.Length];
                    Activation.Backward(stack.Layers[l - 1].Activation, below.Z.AsSpan(), below.A.AsSpan(), dX.AsSpan(), delta);
                }
                heads = [.. gradients];
            }
            var dH = new double[net.Hidden];
            HiddenGradient(fromHead.AsSpan(), later.AsSpan(), dH);
            var cell = step.Layers[0];
            var deltaS = new double[net.Hidden];
            Activation.Backward(net.Cell.Activation, cell.Z.AsSpan(), cell.A.AsSpan(), dH, deltaS);
            var (cellGradient, input) = Layer.Backward(net.Cell, cell, deltaS);
            terms[s] = new BpttTerm(s, heads, fromHead, later, Layer.Freeze(dH), cellGradient);
            later = ThroughTime(steps, s, truncate) ? input[net.Inputs..] : [];
        }
        return [.. terms];
    }

    /// <summary>∂L/∂h_s from its two parts: through the head, plus through time; either alone when the other is empty
    /// (never 0 + a part: −0 stays −0); 0 when both are.</summary>
    internal static void HiddenGradient(ReadOnlySpan<double> fromHead, ReadOnlySpan<double> throughTime, Span<double> dH)
    {
        if (fromHead.IsEmpty && throughTime.IsEmpty) { dH.Clear(); return; }
        if (fromHead.IsEmpty) { throughTime.CopyTo(dH); return; }
        fromHead.CopyTo(dH);
        if (!throughTime.IsEmpty) Kernels.Elementwise.AddTo(dH, throughTime);
    }

    /// <summary>The gradient sums of a mini-batch of sequences (<paramref name="rows"/>: each one's
    /// <see cref="BackwardTerms"/>), flat in <see cref="Network.Parameters"/> order. The documented order, the batched
    /// engine's: every parameter's sum runs over the time steps from the first, and within a step over the sequences
    /// that have it in row order, from the first such term (<see cref="Gradient.Accumulate"/>): the cell's term at every
    /// step of every sequence, a head layer's where a loss term reads the step. Mathematically the sum of the sequences'
    /// gradients; as every batched recurrent network computes it, a step of the whole batch at a time.</summary>
    public static double[] SumTerms(Network stack, IReadOnlyList<ImmutableArray<BpttTerm>> rows)
    {
        var sums = new double[Network.ParameterCount(stack)];
        var stretches = Network.Stretches(stack).ToArray();
        var started = new bool[stack.Layers.Length];
        var longest = rows.Max(r => r.Length);
        for (var s = 0; s < longest; s++)
            foreach (var terms in rows)
            {
                if (s >= terms.Length) continue;
                var term = terms[s];
                Add(0, term.Cell);
                if (term.Head.IsEmpty) continue;
                for (var l = 1; l < stack.Layers.Length; l++) Add(l, term.Head[l - 1]);
            }
        return sums;

        void Add(int l, LayerGradient g)
        {
            var (weights, biases) = (stretches[2 * l], stretches[2 * l + 1]);
            Gradient.Accumulate(sums.AsSpan(weights.Offset, weights.Length), g.Weights.Values.AsSpan(), !started[l]);
            Gradient.Accumulate(sums.AsSpan(biases.Offset, biases.Length), g.Biases.AsSpan(), !started[l]);
            started[l] = true;
        }
    }
}

/// <summary>Backpropagation through time at time step <see cref="Step"/> (0-based) of one sequence:
/// <see cref="Head"/>, the head layers' gradients (stack layers 1, 2, …) when a loss term reads this step, else empty;
/// <see cref="FromHead"/>, ∂L/∂h_s through the head (empty without a loss term); <see cref="ThroughTime"/>, ∂L/∂h_s
/// through h_(s+1) (empty at the last step or where truncation cuts); <see cref="HiddenGradient"/>, their sum ∂L/∂h_s;
/// <see cref="Cell"/>, the cell's gradient at this step (its biases are δ_s = f'(z_s) ⊙ ∂L/∂h_s).</summary>
public sealed record BpttTerm(int Step, ImmutableArray<LayerGradient> Head, ImmutableArray<double> FromHead,
    ImmutableArray<double> ThroughTime, ImmutableArray<double> HiddenGradient, LayerGradient Cell);
