using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>How much a result "may vary" with the seed alone: for each grid point (rows with the same settings
/// apart from <c>seed</c>), each test row id and each output, the min, median, max and spread (max − min) over the
/// seeds whose run completed. Computed from the rows' JSON only, so a merged summary gets the same numbers.</summary>
public static class SweepVariation
{
    /// <summary>min, median (the mean of the middle two for an even count), max and max − min; NaN for no values.</summary>
    public static (double Min, double Median, double Max, double Spread) Stats(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = values.ToArray();
        Array.Sort(sorted, (a, b) => a.CompareTo(b));
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return (sorted[0], median, sorted[^1], sorted[^1] - sorted[0]);
    }

    /// <summary>One entry per grid point, in order of first appearance.</summary>
    public static JArray Build(IReadOnlyList<JObject> rows) => new(Points(rows).Select(g => Point(g.Settings, g.Rows)));

    /// <summary>For a reinforcement-learning sweep: one entry per grid point, in order of first appearance, with the
    /// min, median, max and spread over the completed seeds of the last window's mean return, for a bandit of the final
    /// policy's probability of pulling the best arm, and, when the experiment has a goal, how many seeds reached it and
    /// the same four of the episode where they did.</summary>
    public static JArray BuildReinforcement(IReadOnlyList<JObject> rows) => new(Points(rows).Select(g =>
    {
        var completed = g.Rows.Where(r => (string?)r["status"] == "completed").ToList();
        var entry = new JObject { ["overrides"] = g.Settings, ["seeds"] = completed.Count };
        if (completed.Count < g.Rows.Count) entry["notCompleted"] = g.Rows.Count - completed.Count;
        entry["lastMeanReturn"] = Four(completed.Where(r => r["lastMeanReturn"] is JValue { Type: JTokenType.Float or JTokenType.Integer })
            .Select(r => (double)r["lastMeanReturn"]!).ToList());
        if (g.Rows[0]["bestArmProbability"] is not null)
            entry["bestArmProbability"] = Four(completed.Select(r => (double)r["bestArmProbability"]!).ToList());
        if (g.Rows[0]["goalReachedAt"] is not null)
        {
            var reached = completed.Where(r => r["goalReachedAt"] is JValue { Type: JTokenType.Integer }).Select(r => (double)r["goalReachedAt"]!).ToList();
            entry["goalReached"] = reached.Count;
            entry["goalReachedAt"] = Four(reached);
        }
        return entry;
    }));

    private static JObject Four(IReadOnlyList<double> values)
    {
        var (min, median, max, spread) = Stats(values);
        return new JObject { ["min"] = min, ["median"] = median, ["max"] = max, ["spread"] = spread };
    }

    /// <summary>The rows grouped by their settings apart from <c>seed</c>, in order of first appearance.</summary>
    private static List<(JObject Settings, List<JObject> Rows)> Points(IReadOnlyList<JObject> rows)
    {
        var groups = new List<(JObject Settings, List<JObject> Rows)>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var settings = (JObject)row["overrides"]!.DeepClone();
            settings.Remove("seed");
            var key = CanonicalJson.Write(settings);
            if (!byKey.TryGetValue(key, out var g)) { byKey[key] = g = groups.Count; groups.Add((settings, [])); }
            groups[g].Rows.Add(row);
        }
        return groups;
    }

    private static JObject Point(JObject settings, List<JObject> rows)
    {
        // A run stopped early finished normally (with its best epoch's parameters): it counts like a completed one.
        var completed = rows.Where(r => (string?)r["status"] is "completed" or "stopped early").ToList();
        var entry = new JObject { ["overrides"] = settings, ["seeds"] = completed.Count };
        if (completed.Count < rows.Count) entry["notCompleted"] = rows.Count - completed.Count;
        var ids = (rows[0]["test"] as JArray ?? []).Select(t => (string)t["id"]!).ToList();
        entry["test"] = new JArray(ids.Select((id, i) =>
        {
            var outputs = ((JArray)rows[0]["test"]![i]!["output"]!).Count;
            return new JObject
            {
                ["id"] = id,
                ["output"] = new JArray(Enumerable.Range(0, outputs).Select(o =>
                {
                    return Four(completed.Select(r => (double)r["test"]![i]!["output"]![o]!).ToList());
                })),
            };
        }));
        return entry;
    }
}
