using System.Collections.Immutable;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>The run summary's prediction lines for an Elman experiment: each sequence row, its output (per step, or
/// the last step's) and its target.</summary>
public static class SequenceSummary
{
    public static void Predictions(TextWriter w, RunResult result)
    {
        var run = result.Run;
        if (run.Sequences is not { } transformed) return;
        var net = RecurrentNetwork.FromStack(run.Experiment.Network.Inputs, result.Final);
        Rows(w, "train", run.Raw(transformed.Train), SequenceOutput.Outputs(net, transformed.Train, transformed.Targets));
        Rows(w, "validation", run.Raw(transformed.Validation), SequenceOutput.Outputs(net, transformed.Validation, transformed.Targets));
        Rows(w, "test", run.Raw(transformed.Test), SequenceOutput.Outputs(net, transformed.Test, transformed.Targets));
    }

    private static void Rows(TextWriter w, string label, SequenceDataset raw, IReadOnlyList<ImmutableArray<ImmutableArray<double>>> outputs)
    {
        if (raw.Count == 0) return;
        w.WriteLine($"  {label}:");
        var width = raw.Rows.Max(r => r.Id.Length);
        for (var i = 0; i < raw.Count; i++)
        {
            var row = raw.Rows[i];
            var target = row.HasTarget ? $"  (y = {Vectors(row.Y)})" : "";
            w.WriteLine($"    {row.Id.PadRight(width)}  x = {Vectors(row.X)}  ->  {Vectors(outputs[i])}{target}");
        }
    }

    /// <summary>Vectors of one value as a flat list, others as a list of lists.</summary>
    private static string Vectors(ImmutableArray<ImmutableArray<double>> vectors) =>
        vectors.All(v => v.Length == 1)
            ? "[" + string.Join(", ", vectors.Select(v => G(v[0]))) + "]"
            : "[" + string.Join(", ", vectors.Select(v => "[" + string.Join(", ", v.Select(G)) + "]")) + "]";

    private static string G(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
