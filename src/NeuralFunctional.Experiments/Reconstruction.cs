
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

    /// <summary>A prediction row's <c>code</c> (when a layer is the bottleneck) and <c>reconstructionError</c> (reconstruct
    /// objective), from its set's <see cref="Evaluation"/>; each set's metrics add the mean <c>reconstructionError</c>
    /// (the set's loss). A row's reconstruction error is the mean over the inputs of (x′ − output)², x′ the transformed
    /// input: the row's mse loss against its target y := x′, so the set's error is its loss.</summary>
    internal static void Row(IJsonSink sink, Evaluation evaluation, int r, int? bottleneck, bool reconstructs)
    {
        if (bottleneck is not null)
        {
            sink.Property("code");
            sink.Numbers(evaluation.Codes[r].AsSpan());
        }
        if (reconstructs)
        {
            sink.Property("reconstructionError");
            if (evaluation.Losses[r] is { } loss) sink.Number(loss);
            else sink.Null();
        }
    }
}
