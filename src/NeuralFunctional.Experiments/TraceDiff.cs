using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Compares two recorded traces entry by entry, matching entries by their epoch number: the first epoch
/// where a value differs, the ulps between the two values there, and the largest absolute and relative differences.</summary>
public static class TraceDiff
{
    public static TraceComparison Compare(JArray? a, JArray? b, double tolerance)
    {
        var x = ByEpoch(a);
        var y = ByEpoch(b);
        var common = x.Keys.Where(y.ContainsKey).Order().ToList();
        int? first = null;
        string? field = null;
        double? va = null, vb = null;
        ulong? ulps = null;
        double maxAbs = 0, maxRel = 0;
        int? maxAbsEpoch = null, maxRelEpoch = null;
        foreach (var epoch in common)
        {
            foreach (var name in Fields(x[epoch], y[epoch]))
            {
                var (p, q) = (x[epoch][name], y[epoch][name]);
                var (dp, dq) = (Doubles.Of(p), Doubles.Of(q));
                if (dp is { } u && dq is { } v && double.IsFinite(u) && double.IsFinite(v))
                {
                    var abs = Math.Abs(u - v);
                    if (abs > maxAbs) (maxAbs, maxAbsEpoch) = (abs, epoch);
                    var rel = Doubles.Relative(u, v);
                    if (rel > maxRel) (maxRel, maxRelEpoch) = (rel, epoch);
                }
                var same = dp is { } s && dq is { } t ? Doubles.Same(s, t, tolerance) : p is not null && q is not null && JsonDiff.SameValue(p, q);
                if (same || first is not null) continue;
                (first, field, va, vb) = (epoch, name, dp, dq);
                ulps = dp is { } c && dq is { } d ? Doubles.Ulps(c, d) : null;
            }
        }
        var onlyA = x.Keys.Where(e => !y.ContainsKey(e)).Order().ToImmutableArray();
        var onlyB = y.Keys.Where(e => !x.ContainsKey(e)).Order().ToImmutableArray();
        var points = x.Keys.Union(y.Keys).Order()
            .Select(e => new TracePair(e, Loss(x, e), Loss(y, e)))
            .ToImmutableArray();
        return new TraceComparison(first is null && onlyA.IsEmpty && onlyB.IsEmpty, common.Count, onlyA, onlyB,
            first, field, va, vb, ulps, maxAbs, maxAbsEpoch, maxRel, maxRelEpoch, points);
    }

    /// <summary>The trace's entries by epoch (the first entry wins if an epoch repeats; entries without an integer
    /// epoch are skipped).</summary>
    private static SortedDictionary<int, JObject> ByEpoch(JArray? trace)
    {
        var map = new SortedDictionary<int, JObject>();
        foreach (var entry in trace?.OfType<JObject>() ?? [])
            if (entry["epoch"] is JValue { Type: JTokenType.Integer } e && Doubles.Of(e) is { } d && d is >= int.MinValue and <= int.MaxValue)
                map.TryAdd((int)d, entry);
        return map;
    }

    /// <summary>The compared fields of two entries: A's in A's order, then B's extra ones; never <c>epoch</c>.</summary>
    private static IEnumerable<string> Fields(JObject a, JObject b) =>
        a.Properties().Select(p => p.Name).Concat(b.Properties().Select(p => p.Name)).Distinct().Where(n => n != "epoch");

    private static double? Loss(SortedDictionary<int, JObject> trace, int epoch) =>
        trace.TryGetValue(epoch, out var entry) ? Doubles.Of(entry["loss"]) : null;
}
