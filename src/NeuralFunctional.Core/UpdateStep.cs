using System.Numerics;
using NeuralFunctional.Core.Kernels;

namespace NeuralFunctional.Core;

/// <summary>One optimizer step as a chain of element-wise ops, as optax composes its transformations. For every parameter
/// p, from s, the sum of a mini-batch's gradients of p (the first sample's, plus each later one in sample order):
/// <list type="number">
/// <item><b>mean</b>: g = s ÷ count (a batch of one is its own mean, bit for bit; a power-of-two count 2^k multiplies by
/// its exact reciprocal 2^−k instead, which is the same correctly rounded value);</item>
/// <item><b>weight decay</b> (weights only, and only when λ ≠ 0): g ← g + λ·p, p the weight before the step;</item>
/// <item><b>the optimizer's rule</b> with the learning rate of the epoch's schedule (see <see cref="Optimizer"/> for each
/// formula): sgd, momentum, nesterov or adam, updating p and its moments.</item>
/// </list>
/// Each op is written once (<see cref="UpdateKernels"/>), generic over the vector width: the batched engine runs it on
/// vectors over blocks of the flat parameters, and the reference (<see cref="Optimizer.Update(Optimizer, OptimizerState,
/// Network, ReadOnlySpan{double}, int, double)"/>) runs the same code at one lane, so the two cannot differ. This value
/// holds the step's scalars, computed once per step (the bias corrections of Adam among them).</summary>
public readonly record struct UpdateStep
{
    /// <summary>The optimizer with the schedule's learning rate of this epoch (see <see cref="Schedule.Apply"/>).</summary>
    public Optimizer Rule { get; }

    /// <summary>The step number t = 1, 2, … (the optimizer state's step count plus one).</summary>
    public long T { get; }

    /// <summary>The number of gradients summed (the mini-batch's rows).</summary>
    public int Count { get; }

    /// <summary>λ of L2 weight decay (0: none).</summary>
    public double WeightDecay { get; }

    internal UpdateKind Kind { get; }
    internal MeanKind Mean { get; }
    internal double Inverse { get; }
    internal double LearningRate { get; }
    internal double Beta1 { get; }
    internal double Beta2 { get; }
    internal double OneMinusBeta1 { get; }
    internal double OneMinusBeta2 { get; }
    internal double Correction1 { get; }
    internal double Correction2 { get; }
    internal double Epsilon { get; }

    private UpdateStep(Optimizer rule, long t, int count, double weightDecay)
    {
        if (t < 1) throw new ArgumentOutOfRangeException(nameof(t), "Steps count from 1.");
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), "A step needs at least one gradient.");
        (Rule, T, Count, WeightDecay) = (rule, t, count, weightDecay);
        Mean = count == 1 ? MeanKind.One : BitOperations.IsPow2(count) ? MeanKind.Scale : MeanKind.Divide;
        Inverse = 1.0 / count;
        LearningRate = rule.LearningRate;
        switch (rule)
        {
            case Optimizer.Sgd:
                Kind = UpdateKind.Sgd;
                break;
            case Optimizer.Momentum m:
                (Kind, Beta1) = (UpdateKind.Momentum, m.Beta);
                break;
            case Optimizer.Nesterov n:
                (Kind, Beta1) = (UpdateKind.Nesterov, n.Beta);
                break;
            case Optimizer.Adam a:
                (Kind, Beta1, Beta2, Epsilon) = (UpdateKind.Adam, a.Beta1, a.Beta2, a.Epsilon);
                OneMinusBeta1 = 1.0 - a.Beta1;
                OneMinusBeta2 = 1.0 - a.Beta2;
                Correction1 = 1.0 - Schedule.Power(a.Beta1, t);
                Correction2 = 1.0 - Schedule.Power(a.Beta2, t);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(rule), $"No update chain for {rule.GetType().Name}.");
        }
    }

    /// <summary>Step <paramref name="t"/> (from 1) of <paramref name="rule"/> (the schedule already applied) on the sum of
    /// <paramref name="count"/> gradients, with weight decay λ.</summary>
    public static UpdateStep Of(Optimizer rule, long t, int count = 1, double weightDecay = 0) => new(rule, t, count, weightDecay);

    /// <summary>The moment vectors the rule keeps: 0 (sgd), 1 (momentum, nesterov: the velocity) or 2 (adam: m, v).</summary>
    public static int Moments(Optimizer rule) => rule switch
    {
        Optimizer.Sgd => 0,
        Optimizer.Momentum or Optimizer.Nesterov => 1,
        Optimizer.Adam => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(rule), $"No update chain for {rule.GetType().Name}."),
    };

    /// <summary>The stretch [offset, offset + length) of a moment vector, or nothing when the rule keeps no such moment
    /// (<paramref name="moment"/> empty).</summary>
    public static Span<double> Moment(double[] moment, int offset, int length) => moment.Length == 0 ? [] : moment.AsSpan(offset, length);

    /// <summary>Runs the chain on one stretch of the flat parameters: <paramref name="p"/> updated in place from the
    /// gradient sums <paramref name="sums"/>, the moments <paramref name="first"/> and <paramref name="second"/> (empty
    /// when the rule keeps fewer) updated with them; <paramref name="decays"/> when the stretch holds weights (weight
    /// decay applies), false for biases. Element by element, so any cut of the parameters into stretches gives the same bits.</summary>
    public void Apply(Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, bool decays) =>
        UpdateKernels.Apply(this, p, sums, first, second, decays, SimdWidth.Lanes);

    /// <summary>The chain on a block of <paramref name="rows"/> rows of <paramref name="width"/> parameters (say, some units ×
    /// some inputs of a weight matrix), row r at r·<paramref name="stride"/> of every span; each span exactly
    /// (rows − 1)·stride + width long. The same bits as one <see cref="Apply(Span{double}, ReadOnlySpan{double}, Span{double},
    /// Span{double}, bool)"/> per row, with the step's scalars set up once.</summary>
    public void ApplyBlock(Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, int rows, int width, int stride, bool decays) =>
        UpdateKernels.Apply(this, p, sums, first, second, decays, SimdWidth.Lanes, rows, width, stride);

    /// <summary>the public Apply at <paramref name="lanes"/> doubles per vector (1: the reference's scalar loop; tests run every width).</summary>
    internal void Apply(Span<double> p, ReadOnlySpan<double> sums, Span<double> first, Span<double> second, bool decays, int lanes) =>
        UpdateKernels.Apply(this, p, sums, first, second, decays, lanes);

    /// <summary>The first two ops alone (mean, then weight decay when <paramref name="decays"/>): the gradient the
    /// optimizer's rule receives, written to <paramref name="g"/> (what <c>nf explain</c> shows).</summary>
    public void Gradient(ReadOnlySpan<double> p, ReadOnlySpan<double> sums, Span<double> g, bool decays) =>
        UpdateKernels.Gradient(this, p, sums, g, decays);
}

/// <summary>Which rule ends an <see cref="UpdateStep"/>.</summary>
internal enum UpdateKind { Sgd, Momentum, Nesterov, Adam }

/// <summary>How the mean of the summed gradients is taken: a batch of one is its own mean; a power-of-two count
/// multiplies by its reciprocal (exact); any other count divides.</summary>
internal enum MeanKind { One, Scale, Divide }
