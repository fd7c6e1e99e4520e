using System.Collections.Immutable;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The predictions and metrics of an Elman experiment's output document. Each row's <c>output</c> is what its
/// targets are compared with: one vector per step (targets <c>perStep</c>) or the last step's output (<c>last</c>).
/// Accuracy counts every compared vector (every step of every row, or every row). With early stopping the held-out
/// sequences are listed under <c>validation</c>, between <c>train</c> (the rows trained on) and <c>test</c>, as for
/// feed-forward networks.</summary>
public static class ElmanOutput
{
    /// <summary>Writes the document's <c>predictions</c> and <c>metrics</c> for the sequence rows; returns the
    /// predictions' outline (each row's <c>id</c> and <c>output</c>) and the metrics.</summary>
    internal static (JObject Predictions, JObject Metrics) Describe(IJsonSink sink, RunResult result, SequenceData transformed)
    {
        var run = result.Run;
        var e = run.Experiment;
        var net = ElmanNetwork.FromStack(e.Network.Inputs, result.Final);
        var predictions = new JObject();
        var metrics = new JObject();
        sink.Property("predictions");
        sink.StartObject();
        void Set(string name, SequenceDataset rows)
        {
            sink.Property(name);
            var evaluation = ElmanEvaluation.Of(net, rows, transformed.Targets, e.Training?.Loss);
            predictions[name] = Predict(sink, run.Raw(rows), evaluation.Outputs, transformed.Targets);
            metrics[name] = Metrics(rows, evaluation);
        }
        Set("train", transformed.Train);
        if (e.Training?.EarlyStopping is not null) Set("validation", transformed.Validation);
        Set("test", transformed.Test);
        sink.EndObject();
        sink.Property("metrics");
        sink.Token(metrics);
        return (predictions, metrics);
    }

    /// <summary>Each row's outputs (as compared with its targets) for the transformed rows, on the engine (<see cref="ElmanEvaluation"/>).</summary>
    public static IReadOnlyList<ImmutableArray<ImmutableArray<double>>> Outputs(ElmanNetwork net, SequenceDataset transformed, SequenceTargets targets) =>
        ElmanEvaluation.Of(net, transformed, targets).Outputs;

    /// <summary>Writes a set's sequence rows (<see cref="PredictionRows"/>): x a vector per step, y and output as
    /// the targets are judged; returns their outline.</summary>
    private static JArray Predict(IJsonSink sink, SequenceDataset raw, ImmutableArray<ImmutableArray<ImmutableArray<double>>> outputs, SequenceTargets targets) =>
        new PredictionRows(
            i => raw.Rows[i].Id,
            (s, i) => Vectors(s, raw.Rows[i].X),
            i => raw.Rows[i].HasTarget,
            (s, i) => Judged(s, raw.Rows[i].Y, targets),
            (s, i) => Judged(s, outputs[i], targets)).To(sink, raw.Count, keep: true)!;

    /// <summary>The rows' count, and with every row's targets their loss (the evaluation's mean, when training names a
    /// loss) and accuracy.</summary>
    private static JObject Metrics(SequenceDataset data, ElmanEvaluation evaluation)
    {
        var metrics = new JObject { ["rows"] = data.Count };
        if (data.Count == 0 || data.Rows.Any(r => !r.HasTarget)) return metrics;
        if (evaluation.Loss is { } loss) metrics["loss"] = loss;
        var ys = data.Rows.SelectMany(r => r.Y).ToList();
        var kind = Core.Metrics.Classify(ys);
        if (Core.Metrics.Accuracy(kind, evaluation.Outputs.SelectMany(o => o).ToList(), ys) is { } accuracy) metrics["accuracy"] = accuracy;
        return metrics;
    }

    /// <summary>A list of vectors for per-step targets, the one vector for <c>last</c>.</summary>
    private static void Judged(IJsonSink sink, ImmutableArray<ImmutableArray<double>> vectors, SequenceTargets targets)
    {
        if (targets == SequenceTargets.PerStep) Vectors(sink, vectors);
        else sink.Numbers(vectors[0].AsSpan());
    }

    private static void Vectors(IJsonSink sink, ImmutableArray<ImmutableArray<double>> vectors)
    {
        sink.StartArray();
        foreach (var v in vectors) sink.Numbers(v.AsSpan());
        sink.EndArray();
    }
}
