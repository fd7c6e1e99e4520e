using System.Collections.Immutable;
using System.Globalization;
using LanguageExt;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>A stopped run, saved whole: the resolved experiment it came from, the training state (parameters,
/// optimizer state, rng state, epoch, and with early stopping its watch: the best parameters so far, their validation
/// loss and epoch, the epochs since, whether it stopped) and the trace so far. Resuming it gives the same output bytes as a run that
/// never stopped.</summary>
public sealed record Checkpoint(JObject Experiment, TrainingState State, ImmutableArray<TracePoint> Trace)
{
    public const string Format = "neuralfunctional/checkpoint@1";

    /// <summary>The checkpoint of a run's final state, as canonical JSON, sealed with its <c>checkpointHash</c>
    /// (<see cref="CheckpointFile"/>). RNG words are 16-digit hex strings (a JSON number cannot hold 64 bits exactly).</summary>
    public static JObject Build(RunResult result)
    {
        var s = result.FinalState;
        var checkpoint = new JObject
        {
            ["format"] = Format,
            ["experiment"] = ExperimentJson.ToJson(result.Run.Experiment),
            ["state"] = new JObject
            {
                ["epoch"] = s.Epoch,
                ["rng"] = CheckpointFile.Words(s.Rng),
                ["optimizer"] = CheckpointFile.Optimizer(s.Optimizer),
                ["parameters"] = OutputDocument.Parameters(s.Network),
            },
            ["trace"] = OutputDocument.Trace(result.Trace),
        };
        if (s.Stopping is { } stop)
            checkpoint["state"]!["earlyStopping"] = new JObject
            {
                ["bestEpoch"] = stop.BestEpoch,
                ["bestLoss"] = stop.BestLoss,
                ["waiting"] = stop.Waiting,
                ["stopped"] = stop.Stopped,
                ["best"] = OutputDocument.Parameters(stop.Best),
            };
        return CheckpointFile.Seal(checkpoint);
    }

    /// <summary>Reads a checkpoint for <paramref name="experiment"/>: refused unless it is a supervised checkpoint
    /// (NF1715 for a reinforcement one), unmodified (NF1905, NF1906), of the same resolved experiment but for a larger
    /// <c>training.epochs</c> (NF1902, NF1903), and every value of its state is what nf writes (NF1904, all at once).</summary>
    public static Validation<ExperimentError, Checkpoint> Read(string file, string text, Experiment experiment)
    {
        if (experiment.Training is not { } training)
            return Fail<ExperimentError, Checkpoint>(ErrorCatalog.CheckpointFromOtherExperiment(file, []));
        return CheckpointFile.Open(file, text, Format, ReinforcementCheckpoint.Format, reinforcement: false, ExperimentJson.ToJson(experiment), "training.epochs")
            .Bind(opened =>
            {
                var f = new CheckpointFields(file);
                var state = opened.State;
                var epoch = (int)f.Integer(f.Get(state, "epoch", "state.epoch"), "state.epoch", 0, int.MaxValue);
                if (f.Problems.Count == 0 && training.Epochs < epoch)
                    return Fail<ExperimentError, Checkpoint>(ErrorCatalog.CheckpointBeyondEpochs(file, epoch, training.Epochs));
                // What depends on the epoch is checked against it only when it is one (no echo of a bad epoch).
                var upTo = f.Problems.Count == 0 ? epoch : int.MaxValue;
                var shape = Runner.InitialNetwork(experiment.Seed, experiment.Network);
                var network = f.Parameters(f.Get(state, "parameters", "state.parameters"), "state.parameters", shape);
                var rng = f.Rng(f.Get(state, "rng", "state.rng"), "state.rng");
                var optimizer = f.Optimizer(f.Get(state, "optimizer", "state.optimizer"), "state.optimizer", Core.Optimizer.Init(training.Optimizer, shape));
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
                return f.Problems.Count > 0
                    ? Fail<ExperimentError, Checkpoint>(toSeq(f.Problems))
                    : Success<ExperimentError, Checkpoint>(new Checkpoint(opened.Experiment, new TrainingState(network, optimizer, rng, epoch, stopping), trace));
            });
    }

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
