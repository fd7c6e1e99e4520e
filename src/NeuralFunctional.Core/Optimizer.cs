using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An optimizer is a pair of pure functions, as in optax: <see cref="Init"/> makes its state for a network,
/// <see cref="Update"/> takes a gradient and returns the new network and the new state.</summary>
public abstract record Optimizer
{
    /// <summary>Plain stochastic gradient descent: p ← p − lr · ∂L/∂p.</summary>
    public sealed record Sgd(double LearningRate) : Optimizer;

    /// <summary>The optimizer's state for <paramref name="net"/> before the first step.</summary>
    public static OptimizerState Init(Optimizer optimizer, Network net) => optimizer switch
    {
        Sgd => OptimizerState.Empty,
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };

    /// <summary>One step: the updated network and optimizer state.</summary>
    public static (Network Network, OptimizerState State) Update(Optimizer optimizer, OptimizerState state, Network net, Gradient g) =>
        optimizer switch
        {
            Sgd sgd => (Descend(net, g, sgd.LearningRate), state with { Step = state.Step + 1 }),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
        };

    /// <summary>p ← p − lr · g for every parameter, layer by layer.</summary>
    private static Network Descend(Network net, Gradient g, double lr)
    {
        var layers = ImmutableArray.CreateBuilder<Layer>(net.Layers.Length);
        for (var l = 0; l < net.Layers.Length; l++)
        {
            var layer = net.Layers[l];
            var w = Sub(layer.Weights.Values.AsSpan(), g.Layers[l].Weights.Values.AsSpan(), lr);
            var b = Sub(layer.Biases.AsSpan(), g.Layers[l].Biases.AsSpan(), lr);
            layers.Add(layer with { Weights = new Matrix(layer.Units, layer.Inputs, w), Biases = b });
        }
        return net with { Layers = layers.MoveToImmutable() };
    }

    private static ImmutableArray<double> Sub(ReadOnlySpan<double> p, ReadOnlySpan<double> g, double lr)
    {
        var result = new double[p.Length];
        for (var i = 0; i < p.Length; i++) result[i] = p[i] - lr * g[i];
        return Layer.Freeze(result);
    }
}

/// <summary>What an optimizer carries from step to step: the step count and, for optimizers with memory
/// (momentum, Adam), moment vectors in the parameter order of <see cref="Network.Parameters"/>.</summary>
public sealed record OptimizerState(long Step, ImmutableArray<ImmutableArray<double>> Moments)
{
    public static readonly OptimizerState Empty = new(0, ImmutableArray<ImmutableArray<double>>.Empty);
}
