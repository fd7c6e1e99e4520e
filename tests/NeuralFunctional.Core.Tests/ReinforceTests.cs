using System.Collections.Immutable;

namespace NeuralFunctional.Core.Tests;

/// <summary>REINFORCE: returns-to-go by hand, the surrogate's gradient against a hand-computed case and finite
/// differences, the policy-gradient theorem on a bandit (expected update = ∇J exactly), the baseline, and determinism.</summary>
public class ReinforceTests
{
    private static Network TinyPolicy()
    {
        // 2 inputs → 3 tanh → 2 softmax, fixed non-trivial weights.
        var (net, _) = Initializer.Network(new Initializer.Normal(0, 0.8), Rng.Stream(11, "init"), 2,
            [new LayerSpec(3, Activation.Tanh), new LayerSpec(2, Activation.Softmax)]);
        return net;
    }

    private static readonly ImmutableArray<EpisodeStep> Steps =
    [
        new([0.5, -1.0], 0, 1.0),
        new([0.1, 0.7], 1, 1.0),
        new([-0.8, 0.3], 1, 0.5),
    ];

    [Fact]
    public void ReturnsToGo_ByHand_DiscountsFromTheEnd()
    {
        // rewards 1, 2, 3 with γ = 0.5: G2 = 3, G1 = 2 + 0.5·3 = 3.5, G0 = 1 + 0.5·3.5 = 2.75.
        var steps = new[] { new EpisodeStep([0.0], 0, 1), new EpisodeStep([0.0], 0, 2), new EpisodeStep([0.0], 0, 3) };
        Assert.Equal([2.75, 3.5, 3.0], Reinforce.ReturnsToGo(steps, 0.5).ToArray());
        Assert.Equal([6.0, 5.0, 3.0], Reinforce.ReturnsToGo(steps, 1.0).ToArray());
    }

    [Fact]
    public void Gradient_OneStepAtUniformPolicy_MatchesHandComputedValue()
    {
        // One softmax layer, zero weights, input [1]: π = [0.5, 0.5]. Action 0 with advantage 2:
        // δ = A (π − e_0) = [−1, 1], so ∂L/∂W = δ x = [[−1], [1]] and ∂L/∂b = [−1, 1].
        var net = Network.Create(1, [Layer.Create(Matrix.Zeros(2, 1), [0.0, 0.0], Activation.Softmax)]);
        var g = Reinforce.Gradient(net, [new EpisodeStep([1.0], 0, 0.0)], [2.0]);
        Assert.Equal([-1.0, 1.0], g.Layers[0].Weights.Values.ToArray());
        Assert.Equal([-1.0, 1.0], g.Layers[0].Biases.ToArray());
    }

    [Fact]
    public void Gradient_TinyEpisode_MatchesFiniteDifferencesOfTheSurrogate()
    {
        var net = TinyPolicy();
        double[] advantages = [1.5, -0.7, 0.4];
        var analytic = Gradient.Flatten(Reinforce.Gradient(net, Steps, advantages));
        var theta = Network.Parameters(net).ToArray();
        for (var i = 0; i < theta.Length; i++)
        {
            double Surrogate(double v)
            {
                var p = (double[])theta.Clone();
                p[i] = v;
                return Reinforce.Surrogate(Network.WithParameters(net, p), Steps, advantages);
            }
            FiniteDifference.AssertClose(analytic[i], FiniteDifference.Derivative(Surrogate, theta[i]), 1e-7, $"parameter {i}");
        }
    }

    [Fact]
    public void Gradient_ExpectedOverActions_IsMinusTheGradientOfTheExpectedReward()
    {
        // The policy-gradient theorem on a 3-armed bandit, exactly: J(θ) = Σ_a π_a(θ) r_a, and
        // E_a[∇(−r_a log π_a)] = −Σ_a π_a r_a ∇log π_a = −∇J. Checked against finite differences of J.
        double[] r = [0.2, 1.0, 0.5];
        var net = Network.Create(1, [Layer.Create(new Matrix(3, 1, [0.3, -0.4, 0.1]), [0.05, 0.2, -0.1], Activation.Softmax)]);
        var pi = Policy.Probabilities(net, [1.0]);
        var expected = new double[Network.ParameterCount(net)];
        for (var a = 0; a < 3; a++)
        {
            var g = Gradient.Flatten(Reinforce.Gradient(net, [new EpisodeStep([1.0], a, r[a])], [r[a]]));
            for (var i = 0; i < expected.Length; i++) expected[i] += pi[a] * g[i];
        }
        var theta = Network.Parameters(net).ToArray();
        for (var i = 0; i < theta.Length; i++)
        {
            double J(double v)
            {
                var p = (double[])theta.Clone();
                p[i] = v;
                var probabilities = Policy.Probabilities(Network.WithParameters(net, p), [1.0]);
                return probabilities.Select((q, a) => q * r[a]).Sum();
            }
            FiniteDifference.AssertClose(expected[i], -FiniteDifference.Derivative(J, theta[i]), 1e-8, $"parameter {i}");
        }
    }

    [Fact]
    public void Episode_MeanBaseline_IsTheMeanOfEarlierReturnsOnly()
    {
        var env = new AgentEnvironment.CartPoleBalance(50);
        var config = new ReinforceConfig(new Optimizer.Sgd(0.01), 3, 0.9, BaselineKind.Mean);
        var start = Reinforce.Start(TinyPolicyFor(4), config.Optimizer, Rng.Stream(1, "policy"), Rng.Stream(1, "env"));
        Assert.Equal(0.0, start.MeanReturn);
        var first = Reinforce.Episode(start, env, config);
        var (steps, _, _) = Reinforce.Rollout(start.Network, env, start.Policy, start.Env);
        var returns = Reinforce.ReturnsToGo(steps, 0.9);
        Assert.Equal(steps.Length, first.Length);
        Assert.Equal((double)steps.Length, first.Return);
        Assert.Equal(returns.Length, first.State.ReturnCount);
        Assert.Equal(returns.Sum() / returns.Length, first.State.MeanReturn, 12);
        // The first update used baseline 0: the same as training without a baseline.
        var none = Reinforce.Episode(start, env, config with { Baseline = BaselineKind.None });
        Assert.True(Network.BitEquals(first.State.Network, none.State.Network));
        // The second does not.
        var second = Reinforce.Episode(first.State, env, config);
        var secondNone = Reinforce.Episode(first.State, env, config with { Baseline = BaselineKind.None });
        Assert.False(Network.BitEquals(second.State.Network, secondNone.State.Network));
    }

    [Fact]
    public void Play_IsTheRolloutWithEachStepsForwardPassDrawAndTransition()
    {
        var env = new AgentEnvironment.CartPoleBalance(50);
        var net = TinyPolicyFor(4);
        var (policyRng, envRng) = (Rng.Stream(2, "policy"), Rng.Stream(2, "env"));
        var (played, policy, next) = Reinforce.Play(net, env, policyRng, envRng);
        var (steps, rolloutPolicy, rolloutNext) = Reinforce.Rollout(net, env, policyRng, envRng);
        Assert.Equal((rolloutPolicy, rolloutNext), (policy, next));
        Assert.Equal(steps.Length, played.Length);
        var rng = policyRng;
        for (var t = 0; t < steps.Length; t++)
        {
            Assert.Equal(steps[t].Observation.ToArray(), played[t].State.Observation.ToArray());
            Assert.Equal((steps[t].Action, steps[t].Reward), (played[t].Action, played[t].Transition.Reward));
            Assert.Equal(Network.Forward(net, steps[t].Observation).Output.ToArray(), played[t].Pass.Output.ToArray());
            (double u, rng) = Rng.NextDouble(rng);
            Assert.Equal(u, played[t].Draw);
            Assert.Equal(t == steps.Length - 1, played[t].Transition.Done);
            if (t > 0) Assert.Equal(played[t - 1].Transition.Next, played[t].State);
        }
        Assert.Equal(policy, rng);
    }

    [Fact]
    public void Gradient_IsTheStepGradientsSummedInStepOrder()
    {
        var net = TinyPolicy();
        double[] advantages = [1.5, -0.7, 0.4];
        var terms = Steps.Select((s, t) => Gradient.Flatten(Reinforce.StepGradient(net, Network.Forward(net, s.Observation), s, advantages[t]))).ToList();
        var sum = terms[0].ToArray();
        foreach (var term in terms.Skip(1))
            for (var i = 0; i < sum.Length; i++) sum[i] += term[i];
        Assert.Equal(sum, Gradient.Flatten(Reinforce.Gradient(net, Steps, advantages)).ToArray());
        Assert.Equal([0.0, -0.7], Reinforce.StepTarget(net, Steps[0] with { Action = 1 }, -0.7).ToArray());
    }

    [Fact]
    public void Run_SameSeed_SameEpisodesAndParametersBitForBit()
    {
        static List<EpisodeRecord> Train(ulong seed)
        {
            var config = new ReinforceConfig(new Optimizer.Sgd(0.01), 20, 0.99, BaselineKind.Mean);
            var start = Reinforce.Start(TinyPolicyFor(4), config.Optimizer, Rng.Stream(seed, "policy"), Rng.Stream(seed, "env"));
            return Reinforce.Run(start, new AgentEnvironment.CartPoleBalance(200), config).ToList();
        }
        var (a, b, c) = (Train(1), Train(1), Train(2));
        Assert.Equal(20, a.Count);
        Assert.Equal(a.Select(r => r.Return), b.Select(r => r.Return));
        Assert.True(Network.BitEquals(a[^1].State.Network, b[^1].State.Network));
        Assert.NotEqual(a.Select(r => r.Return), c.Select(r => r.Return));
    }

    [Fact]
    public void Run_TwoArmedBandit_LearnsToPullTheBetterArm()
    {
        var env = new AgentEnvironment.MultiArmedBandit([new Arm.Bernoulli(0.1), new Arm.Bernoulli(0.9)]);
        var net = Network.Create(1, [Layer.Create(Matrix.Zeros(2, 1), [0.0, 0.0], Activation.Softmax)]);
        var config = new ReinforceConfig(new Optimizer.Sgd(0.1), 500, 1.0, BaselineKind.Mean);
        var last = Reinforce.Run(Reinforce.Start(net, config.Optimizer, Rng.Stream(1, "policy"), Rng.Stream(1, "env")), env, config).Last();
        Assert.Equal(500, last.Episode);
        Assert.True(Policy.Probabilities(last.State.Network, [1.0])[1] > 0.95);
    }

    [Fact]
    public void Run_HugeLearningRate_EndsAtTheDivergentEpisode()
    {
        var env = new AgentEnvironment.MultiArmedBandit([new Arm.Normal(1e300, 0), new Arm.Normal(-1e300, 0)]);
        var net = Network.Create(1, [Layer.Create(Matrix.Zeros(2, 1), [0.0, 0.0], Activation.Softmax)]);
        var config = new ReinforceConfig(new Optimizer.Sgd(1e300), 50, 1.0, BaselineKind.None);
        var records = Reinforce.Run(Reinforce.Start(net, config.Optimizer, Rng.Stream(1, "policy"), Rng.Stream(1, "env")), env, config).ToList();
        Assert.True(records[^1].Diverged);
        Assert.True(records.Count < 50);
    }

    private static Network TinyPolicyFor(int inputs) =>
        Initializer.Network(new Initializer.XavierUniform() with { Bias = 0 }, Rng.Stream(1, "init"), inputs,
            [new LayerSpec(4, Activation.Tanh), new LayerSpec(2, Activation.Softmax)]).Network;
}
