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

    /// <summary>The checkpoint of a run's final state, as canonical JSON: RNG words as 16-digit hex strings, doubles in
    /// shortest round-trip form (non-finite ones as strings, as everywhere).</summary>
    public static JObject Build(ReinforcementResult result)
    {
        var s = result.FinalState;
        return new JObject
        {
            ["format"] = Format,
            ["experiment"] = ReinforcementJson.ToJson(result.Run.Experiment),
            ["state"] = new JObject
            {
                ["episode"] = s.Episode,
                ["policyRng"] = Checkpoint.Words(s.Policy),
                ["envRng"] = Checkpoint.Words(s.Env),
                ["optimizer"] = Checkpoint.Optimizer(s.Optimizer),
                ["baseline"] = new JObject { ["returnSum"] = s.ReturnSum, ["returnCount"] = s.ReturnCount },
                ["parameters"] = OutputDocument.Parameters(s.Network),
            },
            ["returns"] = new JArray(result.Returns.Select(r => new JValue(r))),
        };
    }

    /// <summary>Reads a checkpoint for <paramref name="experiment"/>: refused unless it is a reinforcement-learning
    /// checkpoint (NF1715 for a supervised one) of the same resolved experiment (NF1902, naming the differing paths),
    /// allowing only a larger <c>training.episodes</c> (NF1903 when smaller than the episodes played).</summary>
    public static Validation<ExperimentError, ReinforcementCheckpoint> Read(string file, string text, ReinforcementExperiment experiment)
    {
        try
        {
            var root = JToken.Parse(text) as JObject;
            var format = (string?)(root?["format"] as JValue);
            if (format == Checkpoint.Format) return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.CheckpointOfOtherKind(file, reinforcement: false));
            if (root is null || format != Format)
                return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.NotACheckpoint(file, format, expected: Format));
            var recorded = (JObject)root["experiment"]!;
            // Compare as read back from canonical text, so 12 and 12.0 (same double) are the same value.
            var now = JToken.Parse(CanonicalJson.Write(ReinforcementJson.ToJson(experiment)));
            var differences = Checkpoint.Differences(now, recorded, "", "training.episodes").ToList();
            if (differences.Count > 0)
                return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.CheckpointFromOtherExperiment(file, differences, "training.episodes"));
            var state = root["state"]!;
            var episode = (int)state["episode"]!;
            if (experiment.Training.Episodes < episode)
                return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.CheckpointBeyondEpochs(file, episode, experiment.Training.Episodes, "episode"));

            var initial = Runner.InitialNetwork(experiment.Seed, experiment.Network);
            var network = Network.WithParameters(initial, Checkpoint.Values(state["parameters"]!));
            var optimizer = Checkpoint.ReadOptimizer(state["optimizer"]!);
            var fresh = Optimizer.Init(experiment.Training.Optimizer, network);
            if (optimizer.Moments.Length != fresh.Moments.Length || optimizer.Moments.Any(m => m.Length != Network.ParameterCount(network)))
                throw new FormatException($"the optimizer's moments do not fit {Network.ParameterCount(network)} parameters and a {Names.Of(experiment.Training.Optimizer)} optimizer");
            var returns = root["returns"]!.Select(r => (double)r).ToImmutableArray();
            if (returns.Length != episode) throw new FormatException($"it holds {returns.Length} returns for {episode} episodes");
            var baseline = state["baseline"]!;
            var count = (long)baseline["returnCount"]!;
            if (episode < 0 || count < 0) throw new FormatException("a negative episode or return count");
            var reinforceState = new ReinforceState(network, optimizer, Checkpoint.ReadWords(state["policyRng"]!), Checkpoint.ReadWords(state["envRng"]!),
                episode, (double)baseline["returnSum"]!, count);
            return Success<ExperimentError, ReinforcementCheckpoint>(new ReinforcementCheckpoint(recorded, reinforceState, returns));
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidCastException or NullReferenceException
                                      or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            return Fail<ExperimentError, ReinforcementCheckpoint>(ErrorCatalog.NotACheckpoint(file, detail: e.Message));
        }
    }
}
