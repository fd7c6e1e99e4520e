using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>A stochastic policy is a network whose output layer is a softmax over actions: π(a | s) = softmax(z(s))_a.</summary>
public static class Policy
{
    /// <summary>Draws an action from the probabilities: one u = <see cref="Rng.NextDouble"/>, then the first action
    /// whose cumulative probability (summed in action order) exceeds u; the last action if rounding leaves none.</summary>
    public static (int Action, RngState Next) Sample(ReadOnlySpan<double> probabilities, RngState rng)
    {
        var (action, _, next) = Draw(probabilities, rng);
        return (action, next);
    }

    /// <summary><see cref="Sample"/> with the uniform draw u it compared the cumulative probabilities with.</summary>
    public static (int Action, double U, RngState Next) Draw(ReadOnlySpan<double> probabilities, RngState rng)
    {
        if (probabilities.Length == 0) throw new ArgumentException("A policy needs at least one action.");
        var (u, next) = Rng.NextDouble(rng);
        return (Choose(probabilities, u), u, next);
    }

    /// <summary>The first action whose cumulative probability π_0 + … + π_a (summed in action order) exceeds
    /// <paramref name="u"/>; the last action if rounding leaves none.</summary>
    public static int Choose(ReadOnlySpan<double> probabilities, double u)
    {
        if (probabilities.Length == 0) throw new ArgumentException("A policy needs at least one action.");
        var cumulative = 0.0;
        for (var a = 0; a < probabilities.Length - 1; a++)
        {
            cumulative += probabilities[a];
            if (u < cumulative) return a;
        }
        return probabilities.Length - 1;
    }

    /// <summary>The action probabilities π(· | observation).</summary>
    public static ImmutableArray<double> Probabilities(Network net, ImmutableArray<double> observation) =>
        Network.Predict(net, observation);

    /// <summary>log π(a | s) from the output layer's weighted sums z: (z_a − max z) − log Σ_j e^(z_j − max z),
    /// the same arithmetic as the cross-entropy loss.</summary>
    public static double LogProbability(ReadOnlySpan<double> z, int action)
    {
        var target = new double[z.Length];
        target[action] = 1.0;
        var a = new double[z.Length];
        Activation.Forward(Activation.Softmax, z, a);
        return -Loss.Value(LossKind.Ce, z, a, target);
    }
}
