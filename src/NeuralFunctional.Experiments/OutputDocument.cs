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
        var trace = new JArray(result.Trace.Select(r => new JObject { ["epoch"] = r.Epoch, ["loss"] = r.Loss }));
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
            ["status"] = result.Status.ToString().ToLowerInvariant(),
        };
        if (result.Divergence is { } d)
            doc["divergence"] = new JObject { ["epoch"] = d.Epoch, ["what"] = d.What };
        doc["trace"] = trace;
        doc["finalParameters"] = final;
        var train = Predict(result.Final, e.Data.Train, run.Train);
        var test = Predict(result.Final, e.Data.Test, run.Test);
        doc["predictions"] = new JObject { ["train"] = train.Json, ["test"] = test.Json };
        doc["metrics"] = new JObject
        {
            ["train"] = SetMetrics(e, result.Final, run.Train, train.Outputs),
            ["test"] = SetMetrics(e, result.Final, run.Test, test.Outputs),
        };
        if (run.Sequences is { } sequences) SequenceOutput.Fill(doc, result, sequences);
        doc["traceHash"] = TraceHash(trace, final);
        return doc;
    }

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

    private static (JArray Json, List<ImmutableArray<double>> Outputs) Predict(Network net, Dataset raw, Dataset transformed)
    {
        var json = new JArray();
        var outputs = new List<ImmutableArray<double>>(raw.Count);
        for (var i = 0; i < raw.Count; i++)
        {
            var output = Network.Predict(net, transformed.Rows[i].X);
            outputs.Add(output);
            var row = new JObject { ["id"] = raw.Rows[i].Id, ["x"] = Numbers(raw.Rows[i].X) };
            if (raw.Rows[i].HasTarget) row["y"] = Numbers(raw.Rows[i].Y);
            row["output"] = Numbers(output);
            json.Add(row);
        }
        return (json, outputs);
    }

    private static JObject SetMetrics(Experiment e, Network net, Dataset data, List<ImmutableArray<double>> outputs)
    {
        var metrics = new JObject { ["rows"] = data.Count };
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return metrics;
        if (e.Training is { } training) metrics["loss"] = Dataset.Loss(net, data, training.Loss);
        var targets = data.Rows.Select(r => r.Y).ToList();
        var kind = Metrics.Classify(targets);
        if (Metrics.Accuracy(kind, outputs, targets) is { } accuracy) metrics["accuracy"] = accuracy;
        return metrics;
    }

    private static JArray Numbers(IEnumerable<double> values) => new(values.Select(v => new JValue(v)));

    private static string TransformName(TransformKind kind) => kind switch
    {
        TransformKind.Center => "center",
        TransformKind.Standardize => "standardize",
        TransformKind.MinMax => "minmax",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
