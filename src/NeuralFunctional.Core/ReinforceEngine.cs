namespace NeuralFunctional.Core;

/// <summary>REINFORCE on the batched engine (<see cref="FastTrainer"/>), the same bits as <see cref="Reinforce.Episode"/>
/// episode after episode. An episode is played step by step with the current parameters (each step needs the action
/// before it): the environment's observation written to the step's row (<see cref="AgentEnvironment.Observe"/>, the
/// environment a plain value, <see cref="AgentEnvironment.Place"/>), the row forward with the reference's arithmetic, the
/// action drawn from the softmax output (<see cref="Policy.Draw"/>) and the environment stepped
/// (<see cref="AgentEnvironment.Advance"/>). Then the returns-to-go, the advantages A_t = G_t − b and each row's
/// target A_t·e_{a_t} (<see cref="Reinforce.WriteTarget"/>), and one step on the rows: the backward pass over them as a
/// block (cross-entropy, δ = A_t(π − e_{a_t}) at the output), the gradient summed over the steps in order from the
/// first step's and the update chain on that sum as the reference takes it (<see cref="Optimizer.Update(Optimizer,
/// OptimizerState, Network, Gradient)"/>: a sum of one, no mean). Then the running mean's sum and count. Steady state
/// allocates nothing: the rows, rewards, returns and advantages are reused buffers, grown only by an episode longer
/// than any before. All mutation stays inside one instance, which lives inside one enumeration of
/// <see cref="Reinforce.Run"/>; states leave it only as immutable snapshots (<see cref="State"/>).</summary>
internal sealed class ReinforceEngine
{
    /// <summary>Rows made ready before the first episode at most (an environment allowing longer episodes grows the
    /// buffers when one is played).</summary>
    private const int FirstRows = 1024;

    private readonly FastTrainer _t;
    private readonly AgentEnvironment _env;
    private readonly ReinforceConfig _config;
    private int[] _actions;
    private double[] _rewards, _returns, _advantages;
    private RngState _policy, _envRng;
    private int _episode;
    private double _sum;
    private long _count;

    private ReinforceEngine(FastTrainer t, ReinforceState start, AgentEnvironment env, ReinforceConfig config)
    {
        (_t, _env, _config) = (t, env, config);
        var rows = t.PlayedRows;
        (_actions, _rewards, _returns, _advantages) = (new int[rows], new double[rows], new double[rows], new double[rows]);
        (_policy, _envRng, _episode, _sum, _count) = (start.Policy, start.Env, start.Episode, start.ReturnSum, start.ReturnCount);
    }

    /// <summary>The engine for a run, or null when the policy does not fit the environment (its inputs are not the
    /// observation's size or its outputs not the actions) or the optimizer state does not belong to the optimizer: the
    /// reference path then runs, and throws the programming error it is. Experiments are validated before they run, so
    /// every run they describe takes the engine.
    /// <paramref name="firstRows"/> caps the rows made ready before the first episode (tests make it small, so that
    /// episodes grow the buffers).</summary>
    public static ReinforceEngine? TryCreate(ReinforceState start, AgentEnvironment env, ReinforceConfig config, IHelperThread? helper,
        int firstRows = FirstRows)
    {
        var net = start.Network;
        if (net.Inputs != AgentEnvironment.ObservationSize(env) || net.Outputs != AgentEnvironment.Actions(env)) return null;
        var rows = Math.Max(1, Math.Min(AgentEnvironment.MostSteps(env), firstRows));
        var training = new TrainingState(net, start.Optimizer, default, 0);
        var t = FastTrainer.TryCreate(training, Dataset.Of(), Dataset.Of(), new TrainingConfig(LossKind.Ce, config.Optimizer, 0, BatchSize: rows), helper);
        return t is null ? null : new ReinforceEngine(t, start, env, config);
    }

    /// <summary>Episodes done.</summary>
    public int Episode => _episode;

    /// <summary>One episode of training, as <see cref="Reinforce.Episode"/>; returns its (undiscounted) return and length.</summary>
    public (double Return, int Length) Play()
    {
        var (place, envRng) = AgentEnvironment.Start(_env, _envRng);
        var policy = _policy;
        var steps = 0;
        while (true)
        {
            if (steps == _actions.Length) Grow();
            AgentEnvironment.Observe(_env, place, _t.InputRow(steps));
            (var action, _, policy) = Policy.Draw(_t.ForwardRow(steps), policy);
            (place, var reward, var done, envRng) = AgentEnvironment.Advance(_env, place, action, envRng);
            (_actions[steps], _rewards[steps]) = (action, reward);
            steps++;
            if (done) break;
        }
        var rewards = _rewards.AsSpan(0, steps);
        var returns = _returns.AsSpan(0, steps);
        var advantages = _advantages.AsSpan(0, steps);
        Reinforce.ReturnsToGo(rewards, _config.Gamma, returns);
        Reinforce.Advantages(returns, Reinforce.Baseline(_config.Baseline, _sum, _count), advantages);
        for (var t = 0; t < steps; t++) Reinforce.WriteTarget(_t.TargetRow(t), _actions[t], advantages[t]);
        _t.StepPlayed(steps, count: 1);
        (_sum, _count) = Reinforce.Accrue(_sum, _count, returns);
        (_policy, _envRng) = (policy, envRng);
        _episode++;
        return (Reinforce.Total(rewards), steps);
    }

    /// <summary>Twice the rows, keeping the episode played so far.</summary>
    private void Grow()
    {
        _t.Reserve(2 * _actions.Length);
        var rows = _t.PlayedRows;
        Array.Resize(ref _actions, rows);
        Array.Resize(ref _rewards, rows);
        Array.Resize(ref _returns, rows);
        Array.Resize(ref _advantages, rows);
    }

    /// <summary>The current state as an immutable snapshot (fresh arrays, never shared with the buffers).</summary>
    public ReinforceState State()
    {
        var s = _t.State(null);
        return new ReinforceState(s.Network, s.Optimizer, _policy, _envRng, _episode, _sum, _count);
    }
}
