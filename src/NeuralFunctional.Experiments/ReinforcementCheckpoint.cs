using LanguageExt;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The checkpoint of a reinforcement-learning run (<see cref="CheckpointKind.Reinforcement"/>): its state is
/// REINFORCE's (policy parameters, optimizer state, the <c>policy</c> and <c>env</c> rng streams, the episodes played,
/// the running-mean baseline's sum and count), its progress every episode's return so far (the trace and the goal are
/// computed from them).</summary>
public static class ReinforcementCheckpoint
{
    /// <summary>The checkpoint of a run's final state, as canonical JSON sealed with its hash (<see cref="CheckpointFile"/>).</summary>
    public static JObject Build(ReinforcementResult result) =>
        CheckpointFile.Build(CheckpointKind.Reinforcement, ReinforcementJson.ToJson(result.Run.Experiment), State(result.FinalState),
            new JArray(result.Returns.Select(r => new JValue(r))));

    private static JObject State(ReinforceState s) => new()
    {
        ["episode"] = s.Episode, ["policyRng"] = CheckpointFile.Words(s.Policy), ["envRng"] = CheckpointFile.Words(s.Env),
        ["optimizer"] = CheckpointFile.Optimizer(s.Optimizer),
        ["baseline"] = new JObject { ["returnSum"] = s.ReturnSum, ["returnCount"] = s.ReturnCount },
        ["parameters"] = OutputDocument.Parameters(s.Network),
    };

    /// <summary>Reads a checkpoint for <paramref name="experiment"/> (<see cref="CheckpointFile.Read{TState,TProgress}"/>).</summary>
    public static Validation<ExperimentError, Checkpoint<ReinforceState, ImmutableArray<double>>> Read(string file, string text, ReinforcementExperiment experiment) =>
        CheckpointFile.Read(file, text, CheckpointKind.Reinforcement, ReinforcementJson.ToJson(experiment), experiment.Training.Episodes, (f, opened, known) =>
        {
            var state = opened.State;
            var shape = Runner.InitialNetwork(experiment.Seed, experiment.Network);
            var network = f.Parameters(f.Get(state, "parameters", "state.parameters"), "state.parameters", shape);
            var optimizer = f.Optimizer(f.Get(state, "optimizer", "state.optimizer"), "state.optimizer", Optimizer.Init(experiment.Training.Optimizer, shape));
            var policy = f.Rng(f.Get(state, "policyRng", "state.policyRng"), "state.policyRng");
            var env = f.Rng(f.Get(state, "envRng", "state.envRng"), "state.envRng");
            var baseline = f.Get(state, "baseline", "state.baseline");
            var sum = baseline is null ? 0 : f.Number(f.Get(baseline, "returnSum", "state.baseline.returnSum"), "state.baseline.returnSum");
            var count = baseline is null ? 0 : f.Integer(f.Get(baseline, "returnCount", "state.baseline.returnCount"), "state.baseline.returnCount", 0, long.MaxValue);
            // The returns are one per episode played, counted only when the episode count is one (no echo of a bad count).
            var returns = known is { } episodes ? f.Numbers(f.Get(opened.Root, "returns", "returns"), "returns", episodes).ToImmutableArray() : [];
            return (new ReinforceState(network, optimizer, policy, env, known ?? 0, sum, count), returns);
        });
}
