using System.Collections.Immutable;
using NeuralFunctional.Core;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Unsupervised learning in the output: each row's code (the bottleneck layer's activations) and, under the
/// reconstruct objective, each row's reconstruction error and the mean over every set.</summary>
public static class Reconstruction
{
    /// <summary>The rows with their own (transformed) inputs as targets: y := x. The labels they carried are dropped
    /// here; the raw rows in the experiment keep them for the output.</summary>
    public static Dataset Targets(Dataset rows) => new(rows.Rows.Select(r => r with { Y = r.X }).ToImmutableArray());

    /// <summary>Reconstruction error of one row: mean over the inputs of (x'_i − output_i)², x' the transformed input
    /// (the mse loss of the row, so its mean over the rows is the set's loss).</summary>
    public static double Error(ImmutableArray<double> x, ImmutableArray<double> output)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++) { var d = x[i] - output[i]; sum += d * d; }
        return sum / x.Length;
    }

    /// <summary>Adds <c>code</c> (when a layer is the bottleneck) and <c>reconstructionError</c> (reconstruct objective)
    /// to every prediction row, and the mean <c>reconstructionError</c> to each set's metrics.</summary>
    public static void Annotate(JObject doc, RunResult result)
    {
        var run = result.Run;
        var bottleneck = run.Experiment.Network.Layers.Select((l, i) => (l, i)).Where(p => p.l.Bottleneck).Select(p => (int?)p.i).FirstOrDefault();
        var reconstructs = run.Experiment.Training?.Objective == Objective.Reconstruct;
        if (bottleneck is null && !reconstructs) return;
        foreach (var (set, rows) in new[] { ("train", run.Train), ("validation", run.Validation), ("test", run.Test) })
        {
            if (doc["predictions"]![set] is not JArray json) continue;
            var sum = 0.0;
            for (var r = 0; r < rows.Count; r++)
            {
                var pass = Network.Forward(result.Final, rows.Rows[r].X);
                var row = (JObject)json[r];
                if (bottleneck is { } b) row["code"] = new JArray(pass.Layers[b].A.Select(v => new JValue(v)));
                if (!reconstructs) continue;
                var error = Error(rows.Rows[r].X, pass.Output);
                row["reconstructionError"] = error;
                sum += error;
            }
            if (reconstructs && rows.Count > 0) ((JObject)doc["metrics"]![set]!)["reconstructionError"] = sum / rows.Count;
        }
    }
}
