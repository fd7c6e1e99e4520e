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

    /// <summary>The layer marked <c>"bottleneck": true</c>, whose activations are each row's code (none: null).</summary>
    public static int? Bottleneck(Experiment e) =>
        e.Network.Layers.Select((l, i) => (l, i)).Where(p => p.l.Bottleneck).Select(p => (int?)p.i).FirstOrDefault();

    /// <summary>Adds <c>code</c> (when a layer is the bottleneck) and <c>reconstructionError</c> (reconstruct objective)
    /// to every prediction row, and the mean <c>reconstructionError</c> to each set's metrics, from each set's
    /// <see cref="Evaluation"/>. A row's reconstruction error is the mean over the inputs of (x′ − output)², x′ the
    /// transformed input: the row's mse loss against its target y := x′, so the set's error is its loss.</summary>
    public static void Annotate(JObject doc, RunResult result, IReadOnlyList<(string Name, Dataset Rows, Evaluation Evaluation)> sets)
    {
        var run = result.Run;
        var bottleneck = Bottleneck(run.Experiment);
        var reconstructs = run.Experiment.Training?.Objective == Objective.Reconstruct;
        if (bottleneck is null && !reconstructs) return;
        foreach (var (set, rows, evaluation) in sets)
        {
            if (doc["predictions"]![set] is not JArray json) continue;
            for (var r = 0; r < rows.Count; r++)
            {
                var row = (JObject)json[r];
                if (bottleneck is not null) row["code"] = new JArray(evaluation.Codes[r].Select(v => new JValue(v)));
                if (reconstructs) row["reconstructionError"] = evaluation.Losses[r];
            }
            if (reconstructs && rows.Count > 0) ((JObject)doc["metrics"]![set]!)["reconstructionError"] = evaluation.Loss;
        }
    }
}
