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

    /// <summary>The checkpoint of a run's final state, as canonical JSON. RNG words are 16-digit hex strings (a JSON
    /// number cannot hold 64 bits exactly).</summary>
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
                ["rng"] = Words(s.Rng),
                ["optimizer"] = Optimizer(s.Optimizer),
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
        return checkpoint;
    }

    /// <summary>Reads a checkpoint for <paramref name="experiment"/>: refused (with the differing paths) unless the
    /// checkpoint came from the same resolved experiment, allowing only a larger <c>training.epochs</c>.</summary>
    public static Validation<ExperimentError, Checkpoint> Read(string file, string text, Experiment experiment)
    {
        try
        {
            var root = JToken.Parse(text) as JObject;
            if (root is not null && (string?)(root["format"] as JValue) == ReinforcementCheckpoint.Format)
                return Fail<ExperimentError, Checkpoint>(ErrorCatalog.CheckpointOfOtherKind(file, reinforcement: true));
            if (root is null || (string?)root["format"] != Format)
                return Fail<ExperimentError, Checkpoint>(ErrorCatalog.NotACheckpoint(file, (string?)(root?["format"] as JValue)));
            var recorded = (JObject)root["experiment"]!;
            // Compare as read back from canonical text, so 12 and 12.0 (same double) are the same value.
            var now = JToken.Parse(CanonicalJson.Write(ExperimentJson.ToJson(experiment)));
            var differences = Differences(now, recorded, "", "training.epochs").ToList();
            var state = root["state"]!;
            var epoch = (int)state["epoch"]!;
            if (differences.Count > 0 || experiment.Training is null)
                return Fail<ExperimentError, Checkpoint>(ErrorCatalog.CheckpointFromOtherExperiment(file, differences));
            if (experiment.Training.Epochs < epoch)
                return Fail<ExperimentError, Checkpoint>(ErrorCatalog.CheckpointBeyondEpochs(file, epoch, experiment.Training.Epochs));

            var initial = Runner.InitialNetwork(experiment.Seed, experiment.Network);
            var values = Values(state["parameters"]!);
            var rng = ReadWords(state["rng"]!);
            var optimizer = ReadOptimizer(state["optimizer"]!);
            var stopping = state["earlyStopping"] is JObject watch
                ? new EarlyStoppingState(Network.WithParameters(initial, Values(watch["best"]!)), (double)watch["bestLoss"]!,
                    (int)watch["bestEpoch"]!, (int)watch["waiting"]!, (bool)watch["stopped"]!)
                : null;
            var trainingState = new TrainingState(Network.WithParameters(initial, values), optimizer,
                rng, epoch, stopping);
            var trace = root["trace"]!.Select(p => new TracePoint((int)p["epoch"]!, (double)p["loss"]!,
                p["validationLoss"] is { } v ? (double)v : null)).ToImmutableArray();
            return Success<ExperimentError, Checkpoint>(new Checkpoint(recorded, trainingState, trace));
        }
        catch (Exception e) when (e is Newtonsoft.Json.JsonException or InvalidCastException or NullReferenceException
                                      or FormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            return Fail<ExperimentError, Checkpoint>(ErrorCatalog.NotACheckpoint(file, detail: e.Message));
        }
    }

    /// <summary>An rng state as four 16-digit hex strings (a JSON number cannot hold 64 bits exactly).</summary>
    internal static JArray Words(RngState rng) =>
        new(new[] { rng.S0, rng.S1, rng.S2, rng.S3 }.Select(w => w.ToString("x16", CultureInfo.InvariantCulture)));

    /// <summary>The rng state written by <see cref="Words"/>.</summary>
    internal static RngState ReadWords(JToken words)
    {
        var w = words.Select(t => ulong.Parse((string)t!, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
        if (w.Length != 4) throw new FormatException($"an rng state is 4 words, got {w.Length}");
        return new RngState(w[0], w[1], w[2], w[3]);
    }

    /// <summary>An optimizer's state: its step count and moments (doubles in shortest round-trip form).</summary>
    internal static JObject Optimizer(OptimizerState optimizer) => new()
    {
        ["step"] = optimizer.Step,
        ["moments"] = new JArray(optimizer.Moments.Select(m => new JArray(m.Select(v => new JValue(v))))),
    };

    /// <summary>The optimizer state written by <see cref="Optimizer"/>.</summary>
    internal static OptimizerState ReadOptimizer(JToken optimizer) =>
        new((long)optimizer["step"]!, optimizer["moments"]!.Select(m => m.Select(v => (double)v).ToImmutableArray()).ToImmutableArray());

    /// <summary>The parameters of an <see cref="OutputDocument.Parameters"/> object, in <see cref="Network.Parameters"/> order.</summary>
    internal static double[] Values(JToken parameters) => parameters["layers"]!.SelectMany(l =>
        l["weights"]!.SelectMany(row => row.Select(v => (double)v)).Concat(l["biases"]!.Select(v => (double)v))).ToArray();

    /// <summary>Paths where two resolved experiments differ (as <c>path: a (checkpoint) vs b (now)</c>), ignoring the
    /// path that may grow (<paramref name="growing"/>: <c>training.epochs</c>, or <c>training.episodes</c>).</summary>
    internal static IEnumerable<string> Differences(JToken now, JToken then, string path, string growing)
    {
        if (path == growing) yield break;
        if (now is JObject a && then is JObject b)
        {
            foreach (var key in a.Properties().Select(p => p.Name).Union(b.Properties().Select(p => p.Name)))
                foreach (var d in Differences(a[key] ?? JValue.CreateNull(), b[key] ?? JValue.CreateNull(), path.Length == 0 ? key : $"{path}.{key}", growing))
                    yield return d;
        }
        else if (now is JArray x && then is JArray y && x.Count == y.Count)
        {
            for (var i = 0; i < x.Count; i++)
                foreach (var d in Differences(x[i], y[i], $"{path}[{i}]", growing)) yield return d;
        }
        else if (!JToken.DeepEquals(now, then))
        {
            yield return $"{path}: {Short(then)} (checkpoint) vs {Short(now)} (now)";
        }
    }

    private static string Short(JToken t)
    {
        var s = t.ToString(Newtonsoft.Json.Formatting.None);
        return s.Length > 40 ? s[..37] + "..." : s;
    }
}
