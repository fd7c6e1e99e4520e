using System.Collections.Immutable;
using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Runs a sweep's variants in parallel. Each variant is independent and pure; results go to the slot of
/// their variant, so what comes back (and every byte written from it) is the same for any number of threads.</summary>
public static class SweepRunner
{
    /// <summary>Runs <paramref name="variants"/> on at most <paramref name="threads"/> threads (−1: as many as there are
    /// cores). <paramref name="write"/>, if given, receives each output document (file name, bytes) as soon as it is
    /// ready, from whichever thread ran it. Returns the summary rows in variant order.</summary>
    public static ImmutableArray<JObject> Run(IReadOnlyList<Variant> variants, int threads, Action<string, string>? write = null)
    {
        var rows = new JObject[variants.Count];
        Parallel.For(0, variants.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var variant = variants[i];
            var document = OutputDocument.Render(Runner.Run(variant.Experiment));
            var name = SweepVariants.Hash(variant.Experiment) + ".json";
            write?.Invoke(name, document.Text);
            rows[i] = SweepSummary.Row(variant, name, document.Outline);
        });
        return [.. rows];
    }

    /// <summary>The same for the variants of a reinforcement-learning sweep: each writes its
    /// <see cref="ReinforcementDocument"/> and gives its <see cref="SweepSummary.Row(ReinforcementVariant, string, JObject)"/>.</summary>
    public static ImmutableArray<JObject> Run(IReadOnlyList<ReinforcementVariant> variants, int threads, Action<string, string>? write = null)
    {
        var rows = new JObject[variants.Count];
        Parallel.For(0, variants.Count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
        {
            var variant = variants[i];
            var document = ReinforcementDocument.Render(ReinforceRunner.Run(variant.Experiment));
            var name = SweepVariants.Hash(variant.Experiment) + ".json";
            write?.Invoke(name, document.Text);
            rows[i] = SweepSummary.Row(variant, name, document.Outline);
        });
        return [.. rows];
    }
}
