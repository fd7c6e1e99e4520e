using System.Collections.Immutable;
using System.Globalization;
using NeuralFunctional.Core;
using NeuralFunctional.Experiments;

namespace NeuralFunctional.Cli;

/// <summary>The run summary's prediction lines for an Elman experiment's set: each sequence row, its output (per step,
/// or the last step's, from the run's one evaluation) and its target.</summary>
public static class ElmanSummary
{
    /// <summary>Every row of a small set; of a set with more than <see cref="SupervisedTrainingRun.ShownRows"/> rows, the first
    /// <see cref="SupervisedTrainingRun.ShownRows"/> and a count (the output document has them all), as for feed-forward rows.</summary>
    public static void Rows(TextWriter w, string label, SetRows.Sequences rows)
    {
        var raw = rows.Raw;
        var outputs = rows.Evaluation.Outputs;
        var (shown, width) = SupervisedTrainingRun.Listing(w, label, raw.Count, i => raw.Rows[i].Id);
        for (var i = 0; i < shown; i++)
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
