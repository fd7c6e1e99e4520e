using System.Collections.Immutable;

namespace NeuralFunctional.Core;

/// <summary>One arm of a bandit: a Bernoulli arm pays 1 with probability p (else 0); a normal arm pays a draw from
/// Normal(mean, std).</summary>
public abstract record Arm
{
    public sealed record Bernoulli(double P) : Arm;

    public sealed record Normal(double Mean, double Std) : Arm;

    /// <summary>The arm's expected reward: p, or the mean.</summary>
    public static double Expected(Arm arm) => arm switch
    {
        Bernoulli b => b.P,
        Normal n => n.Mean,
        _ => throw new ArgumentOutOfRangeException(nameof(arm)),
    };
}

/// <summary>The multi-armed bandit: k arms with fixed reward distributions. Pulling an arm is the whole episode (one
/// decision, one reward); the policy sees the constant observation [1].</summary>
public static class Bandit
{
    /// <summary>The observation of every episode: one constant input, so the policy's preferences are its weights plus biases.</summary>
    public static readonly ImmutableArray<double> Observation = [1.0];

    /// <summary>The reward of pulling <paramref name="arm"/>: Bernoulli, 1 when a uniform draw u ∈ [0, 1) is below p;
    /// normal, <see cref="Rng.Normal"/>(mean, std). One draw from <paramref name="rng"/> either way.</summary>
    public static (double Reward, RngState Next) Pull(ImmutableArray<Arm> arms, int arm, RngState rng)
    {
        if ((uint)arm >= (uint)arms.Length) throw new ArgumentOutOfRangeException(nameof(arm), $"The bandit has {arms.Length} arms.");
        switch (arms[arm])
        {
            case Arm.Bernoulli b:
            {
                var (u, next) = Rng.NextDouble(rng);
                return (u < b.P ? 1.0 : 0.0, next);
            }
            case Arm.Normal n:
                return Rng.Normal(rng, n.Mean, n.Std);
            default:
                throw new ArgumentOutOfRangeException(nameof(arms));
        }
    }
}
