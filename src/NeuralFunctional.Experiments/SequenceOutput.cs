using System.Collections.Immutable;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The predictions and metrics of an Elman experiment's output document. Each row's <c>output</c> is what its
/// targets are compared with: one vector per step (targets <c>perStep</c>) or the last step's output (<c>last</c>).
/// Accuracy counts every compared vector (every step of every row, or every row). With early stopping the held-out
/// sequences are listed under <c>validation</c>, between <c>train</c> (the rows trained on) and <c>test</c>, as for
/// feed-forward networks.</summary>
public static class SequenceOutput
{
    /// <summary>Replaces the document's <c>predictions</c> and <c>metrics</c> with those of the sequence rows.</summary>
    public static void Fill(JObject doc, RunResult result, SequenceData transformed)
    {
        var run = result.Run;
        var e = run.Experiment;
        var net = RecurrentNetwork.FromStack(e.Network.Inputs, result.Final);
        var predictions = new JObject();
        var metrics = new JObject();
        void Set(string name, SequenceDataset rows)
        {
            var predicted = Predict(net, run.Raw(rows), rows, transformed.Targets);
            predictions[name] = predicted.Json;
            metrics[name] = Metrics(e, net, rows, predicted.Outputs, transformed.Targets);
        }
        Set("train", transformed.Train);
        if (e.Training?.EarlyStopping is not null) Set("validation", transformed.Validation);
        Set("test", transformed.Test);
        doc["predictions"] = predictions;
        doc["metrics"] = metrics;
    }

    /// <summary>Each row's outputs (as compared with its targets) for the transformed rows.</summary>
    public static IReadOnlyList<ImmutableArray<ImmutableArray<double>>> Outputs(RecurrentNetwork net, SequenceDataset transformed, SequenceTargets targets) =>
        transformed.Rows.Select(r => RecurrentNetwork.Predict(net, r.X, targets)).ToList();

    private static (JArray Json, IReadOnlyList<ImmutableArray<ImmutableArray<double>>> Outputs) Predict(RecurrentNetwork net,
        SequenceDataset raw, SequenceDataset transformed, SequenceTargets targets)
    {
        var outputs = Outputs(net, transformed, targets);
        var json = new JArray();
        for (var i = 0; i < raw.Count; i++)
        {
            var row = raw.Rows[i];
            var o = new JObject { ["id"] = row.Id, ["x"] = Vectors(row.X) };
            if (row.HasTarget) o["y"] = Judged(row.Y, targets);
            o["output"] = Judged(outputs[i], targets);
            json.Add(o);
        }
        return (json, outputs);
    }

    private static JObject Metrics(Experiment e, RecurrentNetwork net, SequenceDataset data,
        IReadOnlyList<ImmutableArray<ImmutableArray<double>>> outputs, SequenceTargets targets)
    {
        var metrics = new JObject { ["rows"] = data.Count };
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return metrics;
        if (e.Training is { } training) metrics["loss"] = SequenceDataset.Loss(net, data, training.Loss, targets);
        var ys = data.Rows.SelectMany(r => r.Y).ToList();
        var kind = Core.Metrics.Classify(ys);
        if (Core.Metrics.Accuracy(kind, outputs.SelectMany(o => o).ToList(), ys) is { } accuracy) metrics["accuracy"] = accuracy;
        return metrics;
    }

    /// <summary>A list of vectors for per-step targets, the one vector for <c>last</c>.</summary>
    private static JArray Judged(ImmutableArray<ImmutableArray<double>> vectors, SequenceTargets targets) =>
        targets == SequenceTargets.PerStep ? Vectors(vectors) : Numbers(vectors[0]);

    private static JArray Vectors(IEnumerable<ImmutableArray<double>> vectors) => new(vectors.Select(v => Numbers(v)));

    private static JArray Numbers(IEnumerable<double> values) => new(values.Select(v => new JValue(v)));
}
