using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Runs a sweep's variants in parallel. Each variant is independent and pure; results go to the slot of
/// their variant, so what comes back (and every byte written from it) is the same for any number of threads.</summary>
public static class SweepRunner
{
    /// <summary>Runs <paramref name="variants"/> (of either kind) on at most <paramref name="threads"/> threads (−1: as
    /// many as there are cores). <paramref name="write"/>, if given, receives each output document (file name, bytes) as
    /// soon as it is ready, from whichever thread ran it. Returns the summary rows in variant order.</summary>
    public static ImmutableArray<JObject> Run(IReadOnlyList<ISweepVariant> variants, int threads, Action<string, string>? write = null) =>
        Run(variants, threads, write, CancellationToken.None)!.Value;

    /// <summary>As <see cref="Run(IReadOnlyList{ISweepVariant}, int, Action{string, string}?)"/>, starting no new variant
    /// once <paramref name="stop"/> is cancelled (those running finish and are written): null when some did not run.</summary>
    public static ImmutableArray<JObject>? Run(IReadOnlyList<ISweepVariant> variants, int threads, Action<string, string>? write, CancellationToken stop)
    {
        var rows = new JObject?[variants.Count];
        Parallel.For(0, variants.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, (i, loop) =>
        {
            if (stop.IsCancellationRequested) { loop.Stop(); return; }
            var variant = variants[i];
            var document = variant.Run();
            write?.Invoke(variant.FileName, document.Text);
            rows[i] = variant.Row(variant.FileName, document.Outline);
        });
        return rows.Any(r => r is null) ? null : [.. rows.Select(r => r!)];
    }
}
