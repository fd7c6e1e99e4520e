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
    public double MeanReturn => Reinforce.Mean(ReturnSum, ReturnCount);
}

/// <summary>One step of an episode: what the policy saw, what it did, what it got.</summary>
public sealed record EpisodeStep(ImmutableArray<double> Observation, int Action, double Reward);

/// <summary>One step as <see cref="Reinforce.Play"/> played it: the environment's state, the policy's forward pass on its
/// observation (the output is π(· | s)), the uniform draw u that picked the action, the action, and the transition.</summary>
public sealed record PlayedStep(EnvState State, ForwardPass Pass, double Draw, int Action, Transition Transition)
{
    public EpisodeStep Step => new(State.Observation, Action, Transition.Reward);
}

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
        var (played, policy, next) = Play(net, env, policyRng, envRng);
        return (StepsOf(played), policy, next);
    }

    /// <summary><see cref="Rollout"/> with everything each step computed: the policy's forward pass on the observation,
    /// the uniform draw that picked the action (<see cref="Policy.Draw"/>) and the environment's transition.</summary>
    [Pure]
    public static (ImmutableArray<PlayedStep> Steps, RngState Policy, RngState Env) Play(Network net, AgentEnvironment env, RngState policyRng, RngState envRng)
    {
        var steps = ImmutableArray.CreateBuilder<PlayedStep>();
        var (state, envNext) = AgentEnvironment.Reset(env, envRng);
        while (true)
        {
            var pass = Network.Forward(net, state.Observation);
            (int action, double u, policyRng) = Policy.Draw(pass.Output.AsSpan(), policyRng);
            (Transition t, envNext) = AgentEnvironment.Step(env, state, action, envNext);
            steps.Add(new PlayedStep(state, pass, u, action, t));
            if (t.Done) break;
            state = t.Next;
        }
        return (steps.ToImmutable(), policyRng, envNext);
    }

    private static ImmutableArray<EpisodeStep> StepsOf(ImmutableArray<PlayedStep> played) => played.Select(p => p.Step).ToImmutableArray();

    /// <summary>Discounted returns-to-go, from the end: G_{T−1} = r_{T−1}, G_t = r_t + γ G_{t+1}.</summary>
    [Pure]
    public static ImmutableArray<double> ReturnsToGo(IReadOnlyList<EpisodeStep> steps, double gamma)
    {
        var g = new double[steps.Count];
        ReturnsToGo(steps.Select(s => s.Reward).ToArray(), gamma, g);
        return Layer.Freeze(g);
    }

    /// <summary><see cref="ReturnsToGo(IReadOnlyList{EpisodeStep}, double)"/> of the rewards r_t, written to
    /// <paramref name="g"/>: the one home of the formula, which the batched engine runs on its buffers.</summary>
    internal static void ReturnsToGo(ReadOnlySpan<double> rewards, double gamma, Span<double> g)
    {
        var next = 0.0;
        for (var t = rewards.Length - 1; t >= 0; t--)
        {
            next = t == rewards.Length - 1 ? rewards[t] : rewards[t] + gamma * next;
            g[t] = next;
        }
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
            var g = StepGradient(net, passes[t], steps[t], advantages[t]);
            for (var l = 0; l < w.Length; l++)
            {
                Core.Gradient.Accumulate(w[l], g.Layers[l].Weights.Values.AsSpan(), first: t == 0);
                Core.Gradient.Accumulate(b[l], g.Layers[l].Biases.AsSpan(), first: t == 0);
            }
        }
        return new Gradient(net.Layers.Select((layer, l) =>
            new LayerGradient(new Matrix(layer.Units, layer.Inputs, ImmutableArray.Create(w[l])), ImmutableArray.Create(b[l]))).ToImmutableArray());
    }

    /// <summary>Step t's term of the surrogate, −A_t log π(a_t | s_t), is the cross-entropy loss of the softmax output
    /// against this target: A_t at the action taken, 0 elsewhere.</summary>
    [Pure]
    public static ImmutableArray<double> StepTarget(Network net, EpisodeStep step, double advantage)
    {
        var target = new double[net.Outputs];
        WriteTarget(target, step.Action, advantage);
        return Layer.Freeze(target);
    }

    /// <summary>Writes <see cref="StepTarget"/> to <paramref name="target"/>: <paramref name="advantage"/> at
    /// <paramref name="action"/>, 0 elsewhere.</summary>
    internal static void WriteTarget(Span<double> target, int action, double advantage)
    {
        target.Clear();
        target[action] = advantage;
    }

    /// <summary>Step t's share of <see cref="Gradient"/>: backpropagation of CE(z_t, <see cref="StepTarget"/>) from the
    /// step's forward pass, δ = A_t(π − e_{a_t}) at the output.</summary>
    [Pure]
    public static Gradient StepGradient(Network net, ForwardPass pass, EpisodeStep step, double advantage) =>
        Network.Backward(net, pass, LossKind.Ce, StepTarget(net, step, advantage));

    /// <summary>The baseline b of the episode starting at <paramref name="s"/>: the mean of all earlier returns
    /// (<see cref="ReinforceState.MeanReturn"/>), or 0 without one.</summary>
    [Pure]
    public static double Baseline(ReinforceState s, BaselineKind kind) => Baseline(kind, s.ReturnSum, s.ReturnCount);

    /// <summary><see cref="Baseline(ReinforceState, BaselineKind)"/> from the sum and count of the earlier returns.</summary>
    internal static double Baseline(BaselineKind kind, double sum, long count) => kind == BaselineKind.Mean ? Mean(sum, count) : 0.0;

    /// <summary>The mean of <paramref name="count"/> returns summing to <paramref name="sum"/>; 0 for none.</summary>
    internal static double Mean(double sum, long count) => count == 0 ? 0.0 : sum / count;

    /// <summary>The advantages A_t = G_t − b.</summary>
    [Pure]
    public static ImmutableArray<double> Advantages(ImmutableArray<double> returns, double baseline)
    {
        var a = new double[returns.Length];
        Advantages(returns.AsSpan(), baseline, a);
        return Layer.Freeze(a);
    }

    /// <summary>The advantages A_t = G_t − b, written to <paramref name="a"/>.</summary>
    internal static void Advantages(ReadOnlySpan<double> returns, double baseline, Span<double> a)
    {
        for (var t = 0; t < returns.Length; t++) a[t] = returns[t] - baseline;
    }

    /// <summary>The running mean's sum and count with an episode's returns added: each G_t to the sum in step order,
    /// their number to the count.</summary>
    internal static (double Sum, long Count) Accrue(double sum, long count, ReadOnlySpan<double> returns)
    {
        foreach (var g in returns) sum += g;
        return (sum, count + returns.Length);
    }

    /// <summary>An episode's (undiscounted) return: its rewards summed in step order from 0.</summary>
    internal static double Total(ReadOnlySpan<double> rewards)
    {
        var total = 0.0;
        foreach (var r in rewards) total += r;
        return total;
    }

    /// <summary>One episode of training: roll out, compute returns and advantages A_t = G_t − b (b from earlier
    /// episodes only), take one optimizer step on the surrogate's gradient, then add this episode's returns to the baseline.</summary>
    [Pure]
    public static EpisodeRecord Episode(ReinforceState s, AgentEnvironment env, ReinforceConfig config)
    {
        var (played, policyRng, envRng) = Play(s.Network, env, s.Policy, s.Env);
        var steps = StepsOf(played);
        var returns = ReturnsToGo(steps, config.Gamma);
        var advantages = Advantages(returns, Baseline(s, config.Baseline));
        var (net, optimizer) = Optimizer.Update(config.Optimizer, s.Optimizer, s.Network,
            GradientFrom(s.Network, steps, advantages, played.Select(p => p.Pass).ToList()));
        var (sum, count) = Accrue(s.ReturnSum, s.ReturnCount, returns.AsSpan());
        var total = Total(steps.Select(step => step.Reward).ToArray());
        var next = new ReinforceState(net, optimizer, policyRng, envRng, s.Episode + 1, sum, count);
        return new EpisodeRecord(next.Episode, total, steps.Length, next);
    }

    /// <summary>Training as a lazy unfold: one record per episode up to <see cref="ReinforceConfig.Episodes"/>; a record
    /// whose parameters are not finite ends the sequence (divergence). The host may stop enumerating at any time.
    /// Runs on the batched engine (<see cref="ReinforceEngine"/>: each episode played on reused buffers, then one batched
    /// backward pass over its steps as rows and one update), the same bits as <see cref="RunReference"/>. Episodes are
    /// never played side by side: every episode updates the policy, so the next one is played by the updated policy
    /// (REINFORCE as configured takes one step per episode; rollouts could only be batched with several episodes per
    /// update). A host may lend a <paramref name="helper"/> thread to the engine's passes; the records are the same bits
    /// with or without it.</summary>
    [Pure]
    public static IEnumerable<EpisodeRecord> Run(ReinforceState start, AgentEnvironment env, ReinforceConfig config, IHelperThread? helper = null)
    {
        var engine = ReinforceEngine.TryCreate(start, env, config, helper);
        if (engine is null)
        {
            foreach (var record in RunReference(start, env, config)) yield return record;
            yield break;
        }
        while (engine.Episode < config.Episodes)
        {
            var (total, length) = engine.Play();
            var record = new EpisodeRecord(engine.Episode, total, length, engine.State());
            yield return record;
            if (record.Diverged) yield break;
        }
    }

    /// <summary>The same records as <see cref="Run"/>, always computed by the plain reference path (<see cref="Episode"/>
    /// on immutable values, every step's forward pass and gradient a value of its own). Tests prove the two equal bit
    /// for bit, <c>nf explain</c> shows its steps, and benchmarks compare them.</summary>
    [Pure]
    public static IEnumerable<EpisodeRecord> RunReference(ReinforceState start, AgentEnvironment env, ReinforceConfig config)
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
