using System.Collections.Immutable;

namespace NeuralFunctional.Core.Tests;

/// <summary>The bandit's reward statistics: sample means and spreads within a few standard errors of the arms'
/// distributions, certain arms certain, every draw reproducible from the stream.</summary>
public class BanditTests
{
    private static readonly ImmutableArray<Arm> Arms = [new Arm.Bernoulli(0.3), new Arm.Normal(2.0, 0.5), new Arm.Bernoulli(0), new Arm.Bernoulli(1)];

    private static List<double> Pulls(int arm, int count, ulong seed = 9)
    {
        var rng = Rng.Stream(seed, "env");
        var rewards = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            (double r, rng) = Bandit.Pull(Arms, arm, rng);
            rewards.Add(r);
        }
        return rewards;
    }

    [Fact]
    public void Pull_BernoulliArm_PaysOneWithItsProbability()
    {
        var rewards = Pulls(0, 100_000);
        Assert.All(rewards, r => Assert.True(r is 0.0 or 1.0));
        var standardError = Math.Sqrt(0.3 * 0.7 / rewards.Count);
        Assert.InRange(rewards.Average(), 0.3 - 4 * standardError, 0.3 + 4 * standardError);
    }

    [Fact]
    public void Pull_NormalArm_HasItsMeanAndSpread()
    {
        var rewards = Pulls(1, 100_000);
        var mean = rewards.Average();
        var std = Math.Sqrt(rewards.Sum(r => (r - mean) * (r - mean)) / (rewards.Count - 1));
        Assert.InRange(mean, 2.0 - 4 * 0.5 / Math.Sqrt(rewards.Count), 2.0 + 4 * 0.5 / Math.Sqrt(rewards.Count));
        Assert.InRange(std, 0.49, 0.51);
    }

    [Fact]
    public void Pull_CertainArms_AlwaysPayTheSame()
    {
        Assert.All(Pulls(2, 1000), r => Assert.Equal(0.0, r));
        Assert.All(Pulls(3, 1000), r => Assert.Equal(1.0, r));
    }

    /// <summary>A Bernoulli arm's rewards from seed 4's env stream, against the independent Python implementation of
    /// the stream and the rule (1 when the draw u &lt; p); another seed gives other rewards.</summary>
    [Fact]
    public void Pull_BernoulliArmFromSeed4_MatchesTheReference()
    {
        Assert.Equal([0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0], Pulls(0, 12, seed: 4));
        Assert.NotEqual(Pulls(1, 100, seed: 4), Pulls(1, 100, seed: 5));
    }

    [Fact]
    public void Step_Bandit_EndsTheEpisodeAfterOnePull()
    {
        var env = new AgentEnvironment.MultiArmedBandit(Arms);
        var (state, rng) = AgentEnvironment.Reset(env, Rng.Stream(1, "env"));
        Assert.Equal([1.0], state.Observation.ToArray());
        var (t, _) = AgentEnvironment.Step(env, state, 3, rng);
        Assert.True(t.Done);
        Assert.Equal(1.0, t.Reward);
    }

    [Fact]
    public void Expected_Arms_AreTheirProbabilityOrMean()
    {
        Assert.Equal([0.3, 2.0, 0.0, 1.0], Arms.Select(Arm.Expected));
    }
}
