using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An optimizer is a pair of pure functions, as in optax: <see cref="Init"/> makes its state for a network,
/// <see cref="Update"/> takes a gradient and returns the new network and the new state.
/// Every formula below is evaluated exactly as written, left to right, one IEEE operation at a time (no fused
/// multiply-add), for each parameter p in the order of <see cref="Network.Parameters"/>; g is that parameter's
/// gradient (after weight decay, see <see cref="Gradient.WithWeightDecay"/>).
/// A faster training path must pattern-match the kinds it implements and hand every other kind to
/// <see cref="Update"/>, the reference, so that a new optimizer is never silently run as another.</summary>
public abstract partial record Optimizer
{
    /// <summary>The step size lr (a learning-rate schedule replaces it epoch by epoch, see <see cref="Schedule"/>).</summary>
    public abstract double LearningRate { get; init; }

    /// <summary>Plain stochastic gradient descent: p ← p − lr·g.</summary>
    public sealed record Sgd(double LearningRate) : Optimizer;

    /// <summary>Heavy-ball momentum (the form of PyTorch's SGD with momentum, no dampening): with velocity v (0 at the
    /// start), v ← β·v + g, then p ← p − lr·v. With β = 0 this is <see cref="Sgd"/>, bit for bit (0·v + g = g).</summary>
    public sealed record Momentum(double LearningRate, double Beta) : Optimizer;

    /// <summary>Nesterov momentum (PyTorch's form): v ← β·v + g, then p ← p − lr·(g + β·v) with the new v.
    /// With β = 0 this is <see cref="Sgd"/>, bit for bit.</summary>
    public sealed record Nesterov(double LearningRate, double Beta) : Optimizer;

    /// <summary>Adam (Kingma &amp; Ba) at step t = 1, 2, …: m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·(g·g);
    /// m̂ = m / (1 − β1^t); v̂ = v / (1 − β2^t); p ← p − (lr·m̂) / (√v̂ + ε). Here (1 − β1), (1 − β2) and the
    /// bias corrections are computed once per step, and β^t by <see cref="Schedule.Power"/> (square-and-multiply,
    /// never <c>Math.Pow</c>); √ is <see cref="Math.Sqrt"/> (exact by IEEE).</summary>
    public sealed record Adam(double LearningRate, double Beta1, double Beta2, double Epsilon) : Optimizer;

    /// <summary>The optimizer's state for <paramref name="net"/> before the first step: step 0, and zero moment
    /// vectors (one per parameter, in <see cref="Network.Parameters"/> order): none for SGD, the velocity for
    /// momentum and Nesterov, m then v for Adam.</summary>
    public static OptimizerState Init(Optimizer optimizer, Network net) => optimizer switch
    {
        Sgd => OptimizerState.Empty,
        Momentum or Nesterov => new OptimizerState(0, [Zeros(net)]),
        Adam => new OptimizerState(0, [Zeros(net), Zeros(net)]),
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };

    /// <summary>One step: the updated network and optimizer state (its step count one higher).</summary>
    public static (Network Network, OptimizerState State) Update(Optimizer optimizer, OptimizerState state, Network net, Gradient g) =>
        optimizer switch
        {
            Sgd sgd => (Descend(net, g, sgd.LearningRate), state with { Step = state.Step + 1 }),
            Momentum m => HeavyBall(m.LearningRate, m.Beta, nesterov: false, state, net, g),
            Nesterov n => HeavyBall(n.LearningRate, n.Beta, nesterov: true, state, net, g),
            Adam a => AdamStep(a, state, net, g),
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

    private static ImmutableArray<double> Zeros(Network net) => Layer.Freeze(new double[Network.ParameterCount(net)]);

    /// <summary>Checks that the state belongs to this optimizer and network (a programming error otherwise).</summary>
    private static void Expect(OptimizerState state, int moments, int count)
    {
        if (state.Moments.Length != moments || state.Moments.Any(m => m.Length != count))
            throw new ArgumentException($"The optimizer state holds {state.Moments.Length} moment vectors, expected {moments} of {count} values.");
    }
}

/// <summary>What an optimizer carries from step to step: the step count and, for optimizers with memory
/// (momentum, Adam), moment vectors in the parameter order of <see cref="Network.Parameters"/>.</summary>
public sealed record OptimizerState(long Step, ImmutableArray<ImmutableArray<double>> Moments)
{
    public static readonly OptimizerState Empty = new(0, ImmutableArray<ImmutableArray<double>>.Empty);
}
