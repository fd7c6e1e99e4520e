using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Compares two output documents (pure: two trees in, an <see cref="OutputComparison"/> out). The resolved
/// experiments are diffed structurally and exactly; the results (trace, metrics, predictions, parameters) bit for bit,
/// or within a relative tolerance T: |a − b| ≤ T·max(1, |a|, |b|). A missing or ill-shaped section compares as empty.</summary>
public static class OutputDiff
{
    /// <summary>The top-level fields that describe how the run ended; <c>traceHash</c> only counts at tolerance 0
    /// (within a tolerance, the hashes of nearly equal traces differ by design).</summary>
    private static readonly string[] Outcome = ["status", "divergence", "traceHash"];

    /// <summary>The numeric blocks compared value by value (those present in either document).</summary>
    private static readonly string[] Sections = ["finalParameters", "initialParameters", "transform", "curves", "returns", "arms"];

    public static OutputComparison Compare(JObject a, JObject b, double tolerance = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tolerance);
        var outcome = Outcome.Where(k => k != "traceHash" || tolerance == 0)
            .SelectMany(k => JsonDiff.Compare(Pick(a, k), Pick(b, k))).ToImmutableArray();
        return new OutputComparison(
            tolerance,
            JsonDiff.Compare(a["experiment"], b["experiment"]),
            MetricsOf(a, b, tolerance),
            TraceDiff.Compare(a["trace"] as JArray, b["trace"] as JArray, tolerance),
            PredictionDiff.Compare(a, b, tolerance),
            Sections.Where(s => a[s] is not null || b[s] is not null).Select(s => Section(s, a[s], b[s], tolerance)).ToImmutableArray(),
            outcome,
            a[DataFiles.Key] is null && b[DataFiles.Key] is null ? null
                : new DataComparison((a[DataFiles.Key] as JArray)?.Count ?? 0, (b[DataFiles.Key] as JArray)?.Count ?? 0,
                    JsonDiff.Compare(a[DataFiles.Key], b[DataFiles.Key]).Select(c => c with
                    {
                        Path = c.Path.Length == 0 ? DataFiles.Key : c.Path.StartsWith('[') ? DataFiles.Key + c.Path : $"{DataFiles.Key}.{c.Path}",
                    }).ToImmutableArray()));
    }

    /// <summary>Each set's final metrics (every numeric one but <c>rows</c>), <c>train</c> before <c>test</c>.</summary>
    private static ImmutableArray<MetricComparison> MetricsOf(JObject a, JObject b, double tolerance)
    {
        var (x, y) = (a["metrics"] as JObject ?? [], b["metrics"] as JObject ?? []);
        var result = ImmutableArray.CreateBuilder<MetricComparison>();
        foreach (var set in Keys(x, y))
        {
            var (p, q) = (x[set] as JObject ?? [], y[set] as JObject ?? []);
            foreach (var name in Keys(p, q).Where(n => n != "rows"))
            {
                var (u, v) = (Doubles.Of(p[name]), Doubles.Of(q[name]));
                if (u is null && v is null) continue;
                result.Add(new MetricComparison($"{set}.{name}", u, v, u is { } s && v is { } t && Doubles.Same(s, t, tolerance)));
            }
        }
        return result.ToImmutable();
    }

    private static SectionComparison Section(string name, JToken? a, JToken? b, double tolerance)
    {
        var x = Leaves(a);
        var y = Leaves(b);
        int changed = 0;
        double maxAbs = 0;
        foreach (var (path, u) in x)
        {
            if (!y.TryGetValue(path, out var v)) continue;
            if (!Doubles.Same(u, v, tolerance)) changed++;
            if (double.IsFinite(u) && double.IsFinite(v)) maxAbs = Math.Max(maxAbs, Math.Abs(u - v));
        }
        var shape = x.Count != y.Count || x.Keys.Any(k => !y.ContainsKey(k));
        return new SectionComparison(name, x.Count, changed, maxAbs, shape);
    }

    /// <summary>Every number under a token, by its path.</summary>
    private static Dictionary<string, double> Leaves(JToken? token)
    {
        var leaves = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var value in (token is JContainer c ? c.DescendantsAndSelf() : token is null ? [] : [token]).OfType<JValue>())
            if (Doubles.Of(value) is { } d) leaves[value.Path] = d;
        return leaves;
    }

    private static JObject Pick(JObject doc, string key) => doc[key] is { } value ? new JObject { [key] = value.DeepClone() } : [];

    internal static IEnumerable<string> Keys(JObject a, JObject b) =>
        a.Properties().Select(p => p.Name).Concat(b.Properties().Select(p => p.Name)).Distinct();

    /// <summary>The kind of the training targets recorded in a document's experiment (0/1, one-hot, continuous).</summary>
    internal static TargetKind Targets(JObject doc)
    {
        var rows = doc["experiment"]?["data"]?["train"] as JArray ?? [];
        var targets = rows.Select(r => (r["y"] as JArray)?.Select(Doubles.Of).ToList()).ToList();
        if (targets.Count == 0 || targets.Any(t => t is null || t.Any(v => v is null))) return TargetKind.Continuous;
        return Metrics.Classify(targets.Select(t => t!.Select(v => v!.Value).ToImmutableArray()).ToList());
    }
}
