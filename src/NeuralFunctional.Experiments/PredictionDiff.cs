using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>Compares the predictions of two output documents row by row, matching rows by set and id, and says for
/// classification targets whether a decision flipped.</summary>
public static class PredictionDiff
{
    public static PredictionComparison Compare(JObject a, JObject b, double tolerance)
    {
        var kinds = (OutputDiff.Targets(a), OutputDiff.Targets(b));
        var kind = kinds.Item1 == kinds.Item2 ? kinds.Item1 : TargetKind.Continuous;
        var (x, y) = (a["predictions"] as JObject ?? [], b["predictions"] as JObject ?? []);
        var changed = ImmutableArray.CreateBuilder<PredictionChange>();
        var compared = 0;
        foreach (var set in OutputDiff.Keys(x, y))
        {
            var rowsA = Rows(x[set]);
            var rowsB = Rows(y[set]);
            foreach (var id in rowsA.Keys.Concat(rowsB.Keys).Distinct())
            {
                compared++;
                // A row on one side only: the other side is null (not a default ImmutableArray, which has no length).
                ImmutableArray<double>? p = rowsA.TryGetValue(id, out var inA) ? inA : null;
                ImmutableArray<double>? q = rowsB.TryGetValue(id, out var inB) ? inB : null;
                if (p is { } u && q is { } v)
                {
                    if (u.Length == v.Length && u.Zip(v).All(t => Doubles.Same(t.Item1, t.Item2, tolerance))) continue;
                    changed.Add(new PredictionChange(set, id, u, v, MaxAbs(u, v), Crossed(kind, u, v), ClassChanged(kind, u, v)));
                }
                else changed.Add(new PredictionChange(set, id, p, q, null, null, null));
            }
        }
        return new PredictionComparison(compared, changed.ToImmutable());
    }

    /// <summary>Each row's outputs by id, in document order (rows without an id or numeric outputs are skipped).</summary>
    private static Dictionary<string, ImmutableArray<double>> Rows(JToken? set)
    {
        var rows = new Dictionary<string, ImmutableArray<double>>(StringComparer.Ordinal);
        foreach (var row in set as JArray ?? [])
        {
            if (row is not JObject { } o || o["id"] is not JValue { Type: JTokenType.String } id || o["output"] is not JArray output) continue;
            var values = output.Select(Doubles.Of).ToList();
            if (values.All(v => v is not null)) rows.TryAdd((string)id!, values.Select(v => v!.Value).ToImmutableArray());
        }
        return rows;
    }

    private static double? MaxAbs(ImmutableArray<double> a, ImmutableArray<double> b) =>
        a.Length == b.Length && a.Length > 0 ? a.Zip(b).Max(t => Math.Abs(t.Item1 - t.Item2)) : null;

    private static bool? Crossed(TargetKind kind, ImmutableArray<double> a, ImmutableArray<double> b) =>
        kind == TargetKind.Binary && a.Length == b.Length ? a.Zip(b).Any(t => t.Item1 >= 0.5 != t.Item2 >= 0.5) : null;

    private static bool? ClassChanged(TargetKind kind, ImmutableArray<double> a, ImmutableArray<double> b) =>
        kind == TargetKind.OneHot && a.Length == b.Length ? Metrics.ArgMax(a.AsSpan()) != Metrics.ArgMax(b.AsSpan()) : null;
}
