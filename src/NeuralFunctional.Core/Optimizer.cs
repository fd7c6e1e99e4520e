using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>An optimizer is a pair of pure functions, as in optax: <see cref="Init"/> makes its state for a network,
/// <see cref="Update(Optimizer, OptimizerState, Network, Gradient)"/> takes a gradient and returns the new network and the new state.
/// Every formula below is evaluated exactly as written, left to right, one IEEE operation at a time (no fused
/// multiply-add), for each parameter p in the order of <see cref="Network.Parameters"/>; g is that parameter's
/// gradient (the mini-batch mean, after weight decay). Each formula has one home: the last op of the update chain
/// (<see cref="UpdateStep"/>, <see cref="Kernels.UpdateKernels"/>), which the reference runs at one lane and the batched
/// engine on vectors; a kind without a chain op is refused by <see cref="UpdateStep.Of"/>, never run as another.</summary>
public abstract record Optimizer
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
    public static OptimizerState Init(Optimizer optimizer, Network net) =>
        new(0, Enumerable.Range(0, UpdateStep.Moments(optimizer)).Select(_ => Layer.Freeze(new double[Network.ParameterCount(net)])).ToImmutableArray());

    /// <summary>One step on a single gradient (a batch of one, no weight decay): the updated network and optimizer
    /// state (its step count one higher).</summary>
    public static (Network Network, OptimizerState State) Update(Optimizer optimizer, OptimizerState state, Network net, Gradient g) =>
        Update(optimizer, state, net, Gradient.Flatten(g).AsSpan(), 1, 0);

    /// <summary>One step of the update chain (<see cref="UpdateStep"/>: the mean of <paramref name="count"/> summed
    /// gradients, weight decay λ on the weights, then the rule), on copies of the parameters and moments, at one lane:
    /// the reference the batched engine is proven equal to. <paramref name="sums"/> is in <see cref="Network.Parameters"/> order.</summary>
    public static (Network Network, OptimizerState State) Update(Optimizer optimizer, OptimizerState state, Network net, ReadOnlySpan<double> sums,
        int count, double weightDecay)
    {
        var p = Network.Parameters(net).ToArray();
        if (sums.Length != p.Length) throw new ArgumentException($"The network has {p.Length} parameters, got {sums.Length} gradient values.");
        var moments = UpdateStep.Moments(optimizer);
        Expect(state, moments, p.Length);
        var first = moments >= 1 ? state.Moments[0].ToArray() : [];
        var second = moments == 2 ? state.Moments[1].ToArray() : [];
        var step = UpdateStep.Of(optimizer, state.Step + 1, count, weightDecay);
        foreach (var (offset, length, decays) in Network.Stretches(net))
            step.Apply(p.AsSpan(offset, length), sums.Slice(offset, length), UpdateStep.Moment(first, offset, length),
                UpdateStep.Moment(second, offset, length), decays, lanes: 1);
        var kept = moments switch { 0 => [], 1 => ImmutableArray.Create(Layer.Freeze(first)), _ => ImmutableArray.Create(Layer.Freeze(first), Layer.Freeze(second)) };
        return (Network.WithParameters(net, p), new OptimizerState(step.T, kept));
    }

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
