using System.Diagnostics.Contracts;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>Joins shard summaries (<c>nf sweep --shard k/n</c>) into the summary of the whole sweep, byte for byte
/// what an unsharded run writes. Refuses summaries of different experiments (or sweeps, or overrides: their
/// <c>experimentHash</c> differs), slices that overlap, and variants no slice covers.</summary>
public static class SweepMerge
{
    private sealed record Part(string File, SweepHeader Header, int From, int To, List<JObject> Rows);

    /// <summary>The merged summary document from the files' names and texts (in any order).</summary>
    [Pure]
    public static Validation<ExperimentError, JObject> Merge(IReadOnlyList<(string File, string Text)> summaries)
    {
        var errors = new List<ExperimentError>();
        var parts = new List<Part>();
        foreach (var (file, text) in summaries)
            ExperimentParser.ParseTree(file, text).Match(
                Succ: tree => { if (Read(file, tree, errors) is { } part) parts.Add(part); },
                Fail: problems => errors.AddRange(problems));
        if (errors.Count > 0) return Fail<ExperimentError, JObject>(toSeq(errors));
        if (parts.Count == 0) return Fail<ExperimentError, JObject>(ErrorCatalog.NotASummary(new Site("", "", null, null), "no summary files given"));

        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (part.Header.Format != first.Header.Format)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "format"), "kind of sweep", first.Header.Format, first.File, part.Header.Format));
            else if (part.Header.ExperimentHash != first.Header.ExperimentHash)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "experimentHash"), "experiment",
                    $"{first.Header.Experiment}, {first.Header.ExperimentHash}", first.File, $"{part.Header.Experiment}, {part.Header.ExperimentHash}"));
            else if (part.Header.Variants != first.Header.Variants)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "variants"), "number of variants",
                    first.Header.Variants.ToString(), first.File, part.Header.Variants.ToString()));
        }
        if (errors.Count > 0) return Fail<ExperimentError, JObject>(toSeq(errors));

        var total = first.Header.Variants;
        var ordered = parts.Where(p => p.To > p.From).OrderBy(p => p.From).ToList();
        var covered = 0;
        Part? previous = null;
        foreach (var part in ordered)
        {
            if (part.From < covered)
                errors.Add(ErrorCatalog.ShardsOverlap(Site(part.File, "shard"), Range(part.From, part.To), Range(previous!.From, previous.To), previous.File));
            else if (part.From > covered)
                errors.Add(ErrorCatalog.ShardsMissing(Site(part.File, "shard"), Range(covered, part.From), total));
            if (part.To > covered) (covered, previous) = (part.To, part);
        }
        if (covered < total) errors.Add(ErrorCatalog.ShardsMissing(Site(parts[^1].File, "shard"), Range(covered, total), total));
        if (errors.Count > 0) return Fail<ExperimentError, JObject>(toSeq(errors));
        return Success<ExperimentError, JObject>(SweepSummary.Build(first.Header, ordered.SelectMany(p => p.Rows).ToList(), null));
    }

    /// <summary>A summary's header, slice and rows, or null (and why) when it is not a well-formed sweep summary.</summary>
    private static Part? Read(string file, JToken tree, List<ExperimentError> errors)
    {
        Part? Bad(string path, string detail) { errors.Add(ErrorCatalog.NotASummary(Site(file, path), detail)); return null; }

        if (tree is not JObject doc || (string?)(doc["format"] as JValue) is not { } format || !SweepSummary.Formats.Contains(format))
            return Bad("format", $"its format is not `{SweepSummary.Format}` (or `{SweepSummary.ReinforcementFormat}`)");
        if (doc["experiment"] is not JValue { Type: JTokenType.String } name || doc["experimentHash"] is not JValue { Type: JTokenType.String } hash
            || doc["sweep"] is not JObject sweep || doc["variants"] is not JValue { Type: JTokenType.Integer } variants
            || doc["rows"] is not JArray rows || rows.Any(r => r is not JObject))
            return Bad("", "it lacks `experiment`, `experimentHash`, `sweep`, `variants` or `rows`");
        var total = (int)variants;
        var (from, to) = (0, total);
        if (doc["shard"] is JObject shard)
        {
            if (shard["from"] is not JValue { Type: JTokenType.Integer } f || shard["to"] is not JValue { Type: JTokenType.Integer } t
                || (int)f < 0 || (int)f > (int)t || (int)t > total)
                return Bad("shard", "its `shard` has no valid `from` and `to`");
            (from, to) = ((int)f, (int)t);
        }
        var (points, seeds) = (GridPoints(sweep), sweep["seeds"]?["count"] is JValue { Type: JTokenType.Integer } c ? (long)c : 1);
        if (points is null || points * seeds != total)
            return Bad("variants", $"its `variants` ({total}) is not what its `sweep` makes ({(points is { } n ? $"{n} grid point{(n == 1 ? "" : "s")} × {seeds} seed{(seeds == 1 ? "" : "s")} = {n * seeds}" : "a grid whose values are not arrays")})");
        if (rows.Count != to - from || rows.Select((r, i) => (long?)(r["index"] as JValue) != from + i).Any(wrong => wrong))
            return Bad("rows", $"its rows are not the variants {Range(from, to)} in order");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = (JObject)rows[i];
            if (row["status"] is not JValue { Type: JTokenType.String } || row["output"] is not JValue { Type: JTokenType.String } || row["overrides"] is not JObject)
                return Bad($"rows[{i}]", "a row has a `status` and an `output` (strings) and its `overrides` (an object)");
            foreach (var key in NumericFields)
                if (row[key] is { Type: not (JTokenType.Null or JTokenType.Integer or JTokenType.Float) } value && !IsNonFinite(value))
                    return Bad($"rows[{i}].{key}", $"`{key}` is a number (or null), got {value.ToString(Newtonsoft.Json.Formatting.None)}");
            foreach (var (test, k) in (row["test"] as JArray ?? []).Select((t, k) => (t, k)))
                if (test["output"] is not JArray output || output.Any(v => v.Type is not (JTokenType.Integer or JTokenType.Float) && !IsNonFinite(v)))
                    return Bad($"rows[{i}].test[{k}].output", "a test row's `output` is an array of numbers");
        }
        var header = new SweepHeader((string)name!, (string)hash!, sweep, total, format);
        return new Part(file, header, from, to, rows.Cast<JObject>().ToList());
    }

    /// <summary>The numbers a summary row may hold (either kind of sweep): each a number, or null where there is none.</summary>
    private static readonly string[] NumericFields =
        ["trainLoss", "testLoss", "episodes", "window", "firstMeanReturn", "lastMeanReturn", "bestArm", "bestArmProbability", "goalReachedAt"];

    /// <summary>A non-finite number as canonical JSON writes it (<c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>): a
    /// diverged variant's loss.</summary>
    private static bool IsNonFinite(JToken value) => value is JValue { Type: JTokenType.String } v && (string)v! is "NaN" or "Infinity" or "-Infinity";

    /// <summary>The grid's points (the product of its value counts; 1 without a grid), or null when a value list is not an array.</summary>
    private static long? GridPoints(JObject sweep)
    {
        if (sweep["grid"] is not JObject grid) return 1;
        long points = 1;
        foreach (var axis in grid.Properties())
        {
            if (axis.Value is not JArray values) return null;
            points *= values.Count;
        }
        return points;
    }

    private static Site Site(string file, string path) => new(file, path, null, null);

    /// <summary>Variants [from, to) as people count them: <c>0–33</c>.</summary>
    private static string Range(int from, int to) => to - from == 1 ? $"{from}" : $"{from}–{to - 1}";
}
