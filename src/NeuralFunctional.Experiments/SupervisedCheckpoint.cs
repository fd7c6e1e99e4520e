using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>The checkpoint of a supervised run (<see cref="CheckpointKind.Supervised"/>): its state is the training
/// state (parameters, optimizer state, rng state, epoch, and with early stopping its watch: the best parameters so
/// far, their validation loss and epoch, the epochs since, whether it stopped), its progress the trace so far.</summary>
public static class SupervisedCheckpoint
{
    /// <summary>The checkpoint of a run's final state, as canonical JSON sealed with its hash (<see cref="CheckpointFile"/>);
    /// the early-stopping watch, when there is one, follows the parameters.</summary>
    public static JObject Build(RunResult result) =>
        CheckpointFile.Build(CheckpointKind.Supervised, ExperimentJson.ToJson(result.Run.Experiment), State(result.FinalState), OutputDocument.Trace(result.Trace));

    /// <summary>The training state: epoch, rng, optimizer, parameters, and the early-stopping watch when there is one.</summary>
    private static JObject State(TrainingState s)
    {
        var state = new JObject
        {
            ["epoch"] = s.Epoch,
            ["rng"] = CheckpointFile.Words(s.Rng),
            ["optimizer"] = CheckpointFile.Optimizer(s.Optimizer),
            ["parameters"] = OutputDocument.Parameters(s.Network),
        };
        if (s.Stopping is { } stop)
            state["earlyStopping"] = new JObject
            {
                ["bestEpoch"] = stop.BestEpoch,
                ["bestLoss"] = stop.BestLoss,
                ["waiting"] = stop.Waiting,
                ["stopped"] = stop.Stopped,
                ["best"] = OutputDocument.Parameters(stop.Best),
            };
        return state;
    }

    /// <summary>Reads a checkpoint for <paramref name="experiment"/> (<see cref="CheckpointFile.Read{TState,TProgress}"/>);
    /// an experiment that only evaluates has none to continue (NF1902).</summary>
    public static Validation<ExperimentError, Checkpoint<TrainingState, ImmutableArray<TracePoint>>> Read(string file, string text, Experiment experiment) =>
        experiment.Training is not { } training
            ? Fail<ExperimentError, Checkpoint<TrainingState, ImmutableArray<TracePoint>>>(ErrorCatalog.CheckpointFromOtherExperiment(file, []))
            : CheckpointFile.Read(file, text, CheckpointKind.Supervised, ExperimentJson.ToJson(experiment), training.Epochs, (f, opened, known) =>
            {
                var state = opened.State;
                var epoch = known ?? 0;
                // What depends on the epoch is checked against it only when it is one (no echo of a bad epoch).
                var upTo = known ?? int.MaxValue;
                var shape = Runner.InitialNetwork(experiment.Seed, experiment.Network);
                var network = f.Parameters(f.Get(state, "parameters", "state.parameters"), "state.parameters", shape);
                var rng = f.Rng(f.Get(state, "rng", "state.rng"), "state.rng");
                var optimizer = f.Optimizer(f.Get(state, "optimizer", "state.optimizer"), "state.optimizer", Optimizer.Init(training.Optimizer, shape));
                EarlyStoppingState? stopping = null;
                if (state["earlyStopping"] is { } watch)
                {
                    const string at = "state.earlyStopping";
                    if (training.EarlyStopping is null) f.Unexpected(watch, at, "absent (the experiment has no early stopping)");
                    else
                        stopping = new EarlyStoppingState(
                            f.Parameters(f.Get(watch, "best", $"{at}.best"), $"{at}.best", shape),
                            f.Number(f.Get(watch, "bestLoss", $"{at}.bestLoss"), $"{at}.bestLoss", nonFinite: true),
                            (int)f.Integer(f.Get(watch, "bestEpoch", $"{at}.bestEpoch"), $"{at}.bestEpoch", 0, upTo),
                            (int)f.Integer(f.Get(watch, "waiting", $"{at}.waiting"), $"{at}.waiting", 0, upTo),
                            f.Boolean(f.Get(watch, "stopped", $"{at}.stopped"), $"{at}.stopped"));
                }
                var trace = ReadTrace(f, f.Array(f.Get(opened.Root, "trace", "trace"), "trace"), upTo);
                return (new TrainingState(network, optimizer, rng, epoch, stopping), trace);
            });

    /// <summary>The trace so far: points at epochs that rise from 0 to at most the checkpoint's epoch, each with its
    /// loss (non-finite allowed: a diverging run records it) and optional validation loss.</summary>
    private static ImmutableArray<TracePoint> ReadTrace(CheckpointFields f, JArray points, int epoch)
    {
        var trace = ImmutableArray.CreateBuilder<TracePoint>(points.Count);
        var previous = -1L;
        for (var i = 0; i < points.Count; i++)
        {
            var at = $"trace[{i}]";
            var e = f.Integer(f.Get(points[i], "epoch", $"{at}.epoch"), $"{at}.epoch", previous + 1, epoch);
            previous = e;
            var loss = f.Number(f.Get(points[i], "loss", $"{at}.loss"), $"{at}.loss", nonFinite: true);
            double? validation = points[i]["validationLoss"] is { } v ? f.Number(v, $"{at}.validationLoss", nonFinite: true) : null;
            trace.Add(new TracePoint((int)e, loss, validation));
        }
        return trace.MoveToImmutable();
    }
}
