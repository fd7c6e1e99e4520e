using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The output document of a run: canonical JSON with keys in a fixed order and no timestamps, paths or
/// machine names, so the same experiment gives the same bytes anywhere.</summary>
public static class OutputDocument
{
    /// <summary>Identifies the document's shape; bumped when a field changes meaning.</summary>
    public const string Format = "neuralfunctional/output@1";

    public static JObject Build(RunResult result)
    {
        var run = result.Run;
        var e = run.Experiment;
        var trace = Trace(result.Trace);
        var final = Parameters(result.Final);
        var doc = new JObject
        {
            ["format"] = Format,
            ["experiment"] = ExperimentJson.ToJson(e),
            ["transform"] = new JArray(run.Transforms.Select(t => new JObject
            {
                ["kind"] = TransformName(t.Kind),
                ["offset"] = Numbers(t.Offset),
                ["scale"] = Numbers(t.Scale),
            })),
            ["initialParameters"] = Parameters(run.Initial),
            ["status"] = Status(result.Status),
        };
        if (result.Divergence is { } d)
            doc["divergence"] = new JObject { ["epoch"] = d.Epoch, ["what"] = d.What };
        if (result.Status == RunStatus.StoppedEarly && result.FinalState.Stopping is { } stop)
            doc["stoppedEarly"] = new JObject { ["epoch"] = result.FinalState.Epoch, ["bestEpoch"] = stop.BestEpoch };
        doc["trace"] = trace;
        doc["finalParameters"] = final;
        var sets = Evaluate(result);
        var predictions = new JObject();
        var metrics = new JObject();
        foreach (var (name, rows, evaluation) in sets)
        {
            // The held-out rows of early stopping: predicted and measured like the others, listed on their own.
            if (name == "validation" && e.Training?.EarlyStopping is null) continue;
            predictions[name] = Predict(run.Raw(rows), evaluation);
            metrics[name] = SetMetrics(e, rows, evaluation);
        }
        doc["predictions"] = predictions;
        doc["metrics"] = metrics;
        Reconstruction.Annotate(doc, result, sets);
        if (run.Sequences is { } sequences) SequenceOutput.Fill(doc, result, sequences);
        doc["traceHash"] = TraceHash(trace, final);
        return doc;
    }

    /// <summary>A run's status as the document writes it: <c>completed</c>, <c>evaluated</c>, <c>diverged</c>,
    /// <c>interrupted</c> or <c>stopped early</c>.</summary>
    public static string Status(RunStatus status) =>
        status == RunStatus.StoppedEarly ? "stopped early" : status.ToString().ToLowerInvariant();

    /// <summary>The trace as JSON: <c>{ epoch, loss }</c> per point, and <c>validationLoss</c> when the run has one.</summary>
    public static JArray Trace(IEnumerable<TracePoint> points) => new(points.Select(p =>
    {
        var o = new JObject { ["epoch"] = p.Epoch, ["loss"] = p.Loss };
        if (p.ValidationLoss is { } v) o["validationLoss"] = v;
        return o;
    }));

    /// <summary>The document's bytes: <see cref="CanonicalJson"/> of <see cref="Build"/>.</summary>
    public static string Write(RunResult result) => CanonicalJson.Write(Build(result));

    /// <summary><c>sha256:</c> and the hex SHA-256 of the canonical bytes of <c>{"trace": …, "finalParameters": …}</c>:
    /// one string that two runs can compare.</summary>
    public static string TraceHash(JArray trace, JObject finalParameters)
    {
        var canonical = CanonicalJson.Write(new JObject { ["trace"] = trace.DeepClone(), ["finalParameters"] = finalParameters.DeepClone() });
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static JObject Parameters(Network net) => new()
    {
        ["layers"] = new JArray(net.Layers.Select(l => new JObject
        {
            ["weights"] = new JArray(l.Weights.ToRows().Select(row => Numbers(row))),
            ["biases"] = Numbers(l.Biases),
        })),
    };

    /// <summary>The final network on each set of rows (train, validation, test; transformed), one batched forward pass
    /// each (<see cref="Evaluation.Of"/>): outputs, each row's loss and their mean, and the bottleneck layer's codes.</summary>
    public static IReadOnlyList<(string Name, Dataset Rows, Evaluation Evaluation)> Evaluate(RunResult result)
    {
        var run = result.Run;
        var loss = run.Experiment.Training?.Loss;
        var bottleneck = Reconstruction.Bottleneck(run.Experiment);
        return [.. new[] { ("train", run.Train), ("validation", run.Validation), ("test", run.Test) }
            .Select(set => (set.Item1, set.Item2, Evaluation.Of(result.Final, set.Item2, loss, bottleneck)))];
    }

    private static JArray Predict(Dataset raw, Evaluation evaluation)
    {
        var json = new JArray();
        for (var i = 0; i < raw.Count; i++)
        {
            var row = new JObject { ["id"] = raw.Rows[i].Id, ["x"] = Numbers(raw.Rows[i].X) };
            if (raw.Rows[i].HasTarget) row["y"] = Numbers(raw.Rows[i].Y);
            row["output"] = Numbers(evaluation.Outputs[i]);
            json.Add(row);
        }
        return json;
    }

    private static JObject SetMetrics(Experiment e, Dataset data, Evaluation evaluation)
    {
        var metrics = new JObject { ["rows"] = data.Count };
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return metrics;
        if (e.Training is not null && evaluation.Loss is { } loss) metrics["loss"] = loss;
        var outputs = evaluation.Outputs;
        var targets = data.Rows.Select(r => r.Y).ToList();
        var kind = Metrics.Classify(targets);
        if (Metrics.Accuracy(kind, outputs, targets) is { } accuracy) metrics["accuracy"] = accuracy;
        if (Metrics.Confusion(kind, outputs, targets) is not { } confusion) return metrics;
        var classes = ClassNames(e, kind, confusion.Length);
        var scores = Metrics.PerClass(confusion);
        var (precision, recall, f1) = Metrics.Macro(scores);
        metrics["classes"] = new JArray(classes.Select(c => new JValue(c)));
        metrics["confusion"] = new JArray(confusion.Select(row => new JArray(row.Select(n => new JValue(n)))));
        metrics["perClass"] = new JArray(scores.Select((s, c) => new JObject
        {
            ["class"] = classes[c],
            ["precision"] = s.Precision,
            ["recall"] = s.Recall,
            ["f1"] = s.F1,
            ["support"] = s.Support,
        }));
        metrics["macro"] = new JObject { ["precision"] = precision, ["recall"] = recall, ["f1"] = f1 };
        return metrics;
    }

    /// <summary>The names of the classes, in output order: for one-hot targets the target names (for CSV class
    /// targets, the class list; numbered from 0 if the names do not fit), <c>0</c> and <c>1</c> for a single 0/1 target.</summary>
    public static IReadOnlyList<string> ClassNames(Experiment e, TargetKind kind, int classes) =>
        kind != TargetKind.OneHot ? ["0", "1"]
        : e.Data.Targets.Length == classes ? e.Data.Targets
        : Enumerable.Range(0, classes).Select(k => k.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static JArray Numbers(IEnumerable<double> values) => new(values.Select(v => new JValue(v)));

    private static string TransformName(TransformKind kind) => kind switch
    {
        TransformKind.Center => "center",
        TransformKind.Standardize => "standardize",
        TransformKind.MinMax => "minmax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
