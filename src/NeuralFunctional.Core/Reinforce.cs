using System.Collections.Immutable;
using System.Diagnostics.Contracts;

namespace NeuralFunctional.Core;

/// <summary>What REINFORCE subtracts from each return before weighting its log-probability: nothing, or the mean of
/// every return G_t of all earlier episodes (a running mean; 0 before the first episode).</summary>
public enum BaselineKind { None, Mean }

/// <summary>How to train a policy with REINFORCE: the optimizer, the number of episodes, the discount γ and the baseline.</summary>
public sealed record ReinforceConfig(Optimizer Optimizer, int Episodes, double Gamma, BaselineKind Baseline);

/// <summary>Everything REINFORCE carries from episode to episode: the policy network, the optimizer's state, the
/// <c>policy</c> stream (actions) and the <c>env</c> stream (starts, random rewards), the episodes done, and the sum
/// and count of the returns seen so far (the running-mean baseline).</summary>
public sealed record ReinforceState(Network Network, OptimizerState Optimizer, RngState Policy, RngState Env, int Episode,
    double ReturnSum, long ReturnCount)
{
    /// <summary>The running mean of all returns G_t of earlier episodes; 0 before any.</summary>
    public double MeanReturn => ReturnCount == 0 ? 0.0 : ReturnSum / ReturnCount;
}

/// <summary>One step of an episode: what the policy saw, what it did, what it got.</summary>
public sealed record EpisodeStep(ImmutableArray<double> Observation, int Action, double Reward);

/// <summary>The state after <see cref="Episode"/> episodes, with that episode's (undiscounted) return and length.</summary>
public sealed record EpisodeRecord(int Episode, double Return, int Length, ReinforceState State)
{
    public bool Diverged => !double.IsFinite(Return) || !Training.AllFinite(State.Network);
}

/// <summary>REINFORCE (Williams 1992): play an episode with the current policy, then descend the surrogate loss
/// L(θ) = −Σ_t (G_t − b) log π_θ(a_t | s_t), whose gradient is the policy-gradient estimate of −∇J(θ).
/// Each step's term is the cross-entropy loss of the softmax output against the target (G_t − b)·e_{a_t}, so its
/// gradient is backpropagation's with δ = (G_t − b)(π − e_{a_t}) at the output.</summary>
public static class Reinforce
{
    [Pure]
    public static ReinforceState Start(Network policy, Optimizer optimizer, RngState policyRng, RngState envRng) =>
        new(policy, Optimizer.Init(optimizer, policy), policyRng, envRng, 0, 0.0, 0);

    /// <summary>Plays one episode with the policy: reset, then sample an action from π(· | s) and step until done.</summary>
    [Pure]
    public static (ImmutableArray<EpisodeStep> Steps, RngState Policy, RngState Env) Rollout(Network net, AgentEnvironment env, RngState policyRng, RngState envRng)
    {
        var (steps, _, policy, next) = Play(net, env, policyRng, envRng);
        return (steps, policy, next);
    }

    private static (ImmutableArray<EpisodeStep> Steps, List<ForwardPass> Passes, RngState Policy, RngState Env) Play(Network net, AgentEnvironment env, RngState policyRng, RngState envRng)
    {
        var steps = ImmutableArray.CreateBuilder<EpisodeStep>();
        var passes = new List<ForwardPass>();
        var (state, envNext) = AgentEnvironment.Reset(env, envRng);
        while (true)
        {
            var pass = Network.Forward(net, state.Observation);
            passes.Add(pass);
            var probabilities = pass.Output;
            (int action, policyRng) = Policy.Sample(probabilities.AsSpan(), policyRng);
            (Transition t, envNext) = AgentEnvironment.Step(env, state, action, envNext);
            steps.Add(new EpisodeStep(state.Observation, action, t.Reward));
            if (t.Done) break;
            state = t.Next;
        }
        return (steps.ToImmutable(), passes, policyRng, envNext);
    }

    /// <summary>Discounted returns-to-go, from the end: G_{T−1} = r_{T−1}, G_t = r_t + γ G_{t+1}.</summary>
    [Pure]
    public static ImmutableArray<double> ReturnsToGo(IReadOnlyList<EpisodeStep> steps, double gamma)
    {
        var g = new double[steps.Count];
        var next = 0.0;
        for (var t = steps.Count - 1; t >= 0; t--)
        {
            next = t == steps.Count - 1 ? steps[t].Reward : steps[t].Reward + gamma * next;
            g[t] = next;
        }
        return g.ToImmutableArray();
    }

    /// <summary>The surrogate loss L = −Σ_t A_t log π(a_t | s_t), summed in step order (what the gradient descends;
    /// tests compare its finite differences with <see cref="Gradient"/>).</summary>
    [Pure]
    public static double Surrogate(Network net, IReadOnlyList<EpisodeStep> steps, IReadOnlyList<double> advantages)
    {
        var sum = 0.0;
        for (var t = 0; t < steps.Count; t++)
        {
            var z = Network.Forward(net, steps[t].Observation).Layers[^1].Z;
            sum -= advantages[t] * Policy.LogProbability(z.AsSpan(), steps[t].Action);
        }
        return sum;
    }

    /// <summary>∂L/∂θ of <see cref="Surrogate"/>: each step's backpropagated gradient of CE(z_t, A_t e_{a_t}), the
    /// first step's plus each later one in step order.</summary>
    [Pure]
    public static Gradient Gradient(Network net, IReadOnlyList<EpisodeStep> steps, IReadOnlyList<double> advantages) =>
        GradientFrom(net, steps, advantages, steps.Select(s => Network.Forward(net, s.Observation)).ToList());

    /// <summary><see cref="Gradient"/> from the forward
    /// passes the rollout already made (the parameters do not change during an episode, so they are the same).</summary>
    private static Gradient GradientFrom(Network net, IReadOnlyList<EpisodeStep> steps, IReadOnlyList<double> advantages, IReadOnlyList<ForwardPass> passes)
    {
        if (steps.Count == 0) throw new ArgumentException("An episode has at least one step.");
        var w = net.Layers.Select(l => new double[l.Units * l.Inputs]).ToArray();
        var b = net.Layers.Select(l => new double[l.Units]).ToArray();
        for (var t = 0; t < steps.Count; t++)
        {
            var target = new double[net.Outputs];
            target[steps[t].Action] = advantages[t];
            var g = Network.Backward(net, passes[t], LossKind.Ce, ImmutableArray.Create(target));
            for (var l = 0; l < w.Length; l++)
            {
                Accumulate(w[l], g.Layers[l].Weights.Values.AsSpan(), first: t == 0);
                Accumulate(b[l], g.Layers[l].Biases.AsSpan(), first: t == 0);
            }
        }
        return new Gradient(net.Layers.Select((layer, l) =>
            new LayerGradient(new Matrix(layer.Units, layer.Inputs, ImmutableArray.Create(w[l])), ImmutableArray.Create(b[l]))).ToImmutableArray());
    }

    /// <summary>sum = the first step's values, then sum += each later step's, element by element.</summary>
    private static void Accumulate(double[] sum, ReadOnlySpan<double> values, bool first)
    {
        for (var i = 0; i < sum.Length; i++) sum[i] = first ? values[i] : sum[i] + values[i];
    }

    /// <summary>One episode of training: roll out, compute returns and advantages A_t = G_t − b (b from earlier
    /// episodes only), take one optimizer step on the surrogate's gradient, then add this episode's returns to the baseline.</summary>
    [Pure]
    public static EpisodeRecord Episode(ReinforceState s, AgentEnvironment env, ReinforceConfig config)
    {
        var (steps, passes, policyRng, envRng) = Play(s.Network, env, s.Policy, s.Env);
        var returns = ReturnsToGo(steps, config.Gamma);
        var baseline = config.Baseline == BaselineKind.Mean ? s.MeanReturn : 0.0;
        var advantages = returns.Select(g => g - baseline).ToImmutableArray();
        var (net, optimizer) = Optimizer.Update(config.Optimizer, s.Optimizer, s.Network, GradientFrom(s.Network, steps, advantages, passes));
        var (sum, count) = (s.ReturnSum, s.ReturnCount);
        foreach (var g in returns) sum += g;
        count += returns.Length;
        var total = 0.0;
        foreach (var step in steps) total += step.Reward;
        var next = new ReinforceState(net, optimizer, policyRng, envRng, s.Episode + 1, sum, count);
        return new EpisodeRecord(next.Episode, total, steps.Length, next);
    }

    /// <summary>Training as a lazy unfold: one record per episode up to <see cref="ReinforceConfig.Episodes"/>; a record
    /// whose parameters are not finite ends the sequence (divergence). The host may stop enumerating at any time.</summary>
    [Pure]
    public static IEnumerable<EpisodeRecord> Run(ReinforceState start, AgentEnvironment env, ReinforceConfig config)
    {
        var s = start;
        while (s.Episode < config.Episodes)
        {
            var record = Episode(s, env, config);
            yield return record;
            if (record.Diverged) yield break;
            s = record.State;
        }
    }
}
