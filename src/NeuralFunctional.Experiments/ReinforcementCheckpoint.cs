using System.Collections.Immutable;
using LanguageExt;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>A stopped reinforcement-learning run, saved whole: the resolved experiment it came from, REINFORCE's state
/// (policy parameters, optimizer state, the <c>policy</c> and <c>env</c> rng streams, the episodes played, the
/// running-mean baseline's sum and count) and every episode's return so far (the trace and the goal are computed from
/// them). Resuming it gives the same output bytes as a run that never stopped.</summary>
public sealed record ReinforcementCheckpoint(JObject Experiment, ReinforceState State, ImmutableArray<double> Returns)
{
    public const string Format = "neuralfunctional/reinforce-checkpoint@1";

    /// <summary>The checkpoint of a run's final state, as canonical JSON sealed with its <c>checkpointHash</c>
    /// (<see cref="CheckpointFile"/>): RNG words as 16-digit hex strings, doubles in shortest round-trip form.</summary>
    public static JObject Build(ReinforcementResult result)
    {
        var s = result.FinalState;
        return CheckpointFile.Seal(new JObject
        {
            ["format"] = Format,
            ["experiment"] = ReinforcementJson.ToJson(result.Run.Experiment),
            ["state"] = new JObject
            {
                ["episode"] = s.Episode,
                ["policyRng"] = CheckpointFile.Words(s.Policy),
                ["envRng"] = CheckpointFile.Words(s.Env),
                ["optimizer"] = CheckpointFile.Optimizer(s.Optimizer),
                ["baseline"] = new JObject { ["returnSum"] = s.ReturnSum, ["returnCount"] = s.ReturnCount },
                ["parameters"] = OutputDocument.Parameters(s.Network),
            },
            ["returns"] = new JArray(result.Returns.Select(r => new JValue(r))),
        });
    }

    /// <summary>Reads a checkpoint for <paramref name="experiment"/>: refused unless it is a reinforcement-learning
    /// checkpoint (NF1715 for a supervised one), unmodified (NF1905, NF1906), of the same resolved experiment (NF1902,
    /// naming the differing paths) but for a larger <c>training.episodes</c> (NF1903), and every value of its state is
    /// what nf writes (NF1904, all at once).</summary>
    public static Validation<ExperimentError, ReinforcementCheckpoint> Read(string file, string text, ReinforcementExperiment experiment) =>
        CheckpointFile.Open(file, text, Format, Checkpoint.Format, reinforcement: true, ReinforcementJson.ToJson(experiment), "training.episodes")
            .Bind(opened =>
            {
                var f = new CheckpointFields(file);
                var state = opened.State;
                var episode = (int)f.Integer(f.Get(state, "episode", "state.episode"), "state.episode", 0, int.MaxValue);
                if (f.Problems.Count == 0 && experiment.Training.Episodes < episode)
                    return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.CheckpointBeyondEpochs(file, episode, experiment.Training.Episodes, "episode"));
                var shape = Runner.InitialNetwork(experiment.Seed, experiment.Network);
                var network = f.Parameters(f.Get(state, "parameters", "state.parameters"), "state.parameters", shape);
                var optimizer = f.Optimizer(f.Get(state, "optimizer", "state.optimizer"), "state.optimizer", Optimizer.Init(experiment.Training.Optimizer, shape));
                var policy = f.Rng(f.Get(state, "policyRng", "state.policyRng"), "state.policyRng");
                var env = f.Rng(f.Get(state, "envRng", "state.envRng"), "state.envRng");
                var baseline = f.Get(state, "baseline", "state.baseline");
                var sum = baseline is null ? 0 : f.Number(f.Get(baseline, "returnSum", "state.baseline.returnSum"), "state.baseline.returnSum");
                var count = baseline is null ? 0 : f.Integer(f.Get(baseline, "returnCount", "state.baseline.returnCount"), "state.baseline.returnCount", 0, long.MaxValue);
                // The returns are one per episode played, counted only when the episode count is one (no echo of a bad count).
                var returns = f.Problems.Any(p => p.Path == "state.episode") ? []
                    : f.Numbers(f.Get(opened.Root, "returns", "returns"), "returns", episode).ToImmutableArray();
                return f.Problems.Count > 0
                    ? Fail<ExperimentError, ReinforcementCheckpoint>(toSeq(f.Problems))
                    : Success<ExperimentError, ReinforcementCheckpoint>(new ReinforcementCheckpoint(opened.Experiment,
                        new ReinforceState(network, optimizer, policy, env, episode, sum, count), returns));
            });
}
