using System.Diagnostics.Contracts;
using LanguageExt;
using Newtonsoft.Json.Linq;
using static LanguageExt.Prelude;

namespace NeuralFunctional.Experiments;

/// <summary>The merged summary and, for a partial merge, the variants [From, To) no shard covered (in order) and the
/// missing shards as people count them (<c>2/4 and 3/4</c>), when the shards all have the same count.</summary>
public sealed record MergedSweep(JObject Summary, IReadOnlyList<(int From, int To)> Missing, string? MissingShards)
{
    /// <summary>True when every variant is in the summary.</summary>
    public bool Complete => Missing.Count == 0;
}

/// <summary>Joins shard summaries (<c>nf sweep --shard k/n</c>) into the summary of the whole sweep, byte for byte
/// what an unsharded run writes. Refuses summaries of different sweeps (another experiment, sweep or overrides: their
/// <c>experimentHash</c> differs; or other data: their <c>dataFiles</c> differ), a shard given twice, slices that
/// overlap, a shard whose slice is not the one its number covers, and variants no slice covers (unless
/// <c>partial</c>: then the summary holds the variants there are and a <c>partial</c> section lists the missing).</summary>
public static class SweepMerge
{
    private sealed record Part(string File, SweepHeader Header, int From, int To, (int Index, int Count)? Shard, List<JObject> Rows);

    /// <summary>The merged summary document from the files' names and texts (in any order).</summary>
    [Pure]
    public static Validation<ExperimentError, JObject> Merge(IReadOnlyList<(string File, string Text)> summaries) =>
        Merge(summaries, partial: false).Map(m => m.Summary);

    /// <summary>As <see cref="Merge(IReadOnlyList{ValueTuple{string, string}})"/>; with <paramref name="partial"/> the
    /// variants no shard covers are listed instead of refused.</summary>
    [Pure]
    public static Validation<ExperimentError, MergedSweep> Merge(IReadOnlyList<(string File, string Text)> summaries, bool partial)
    {
        var errors = new List<ExperimentError>();
        var parts = new List<Part>();
        foreach (var (file, text) in summaries)
            ExperimentParser.ParseTree(file, text).Match(
                Succ: tree => { if (Read(file, tree, errors) is { } part) parts.Add(part); },
                Fail: problems => errors.AddRange(problems));
        if (errors.Count > 0) return Fail<ExperimentError, MergedSweep>(toSeq(errors));
        if (parts.Count == 0) return Fail<ExperimentError, MergedSweep>(ErrorCatalog.NotASummary(new Site("", "", null, null), "no summary files given"));

        var first = parts[0];
        foreach (var part in parts.Skip(1))
        {
            if (part.Header.Format != first.Header.Format)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "format"), "kind of sweep", first.Header.Format, first.File, part.Header.Format));
            else if (part.Header.ExperimentHash != first.Header.ExperimentHash)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "experimentHash"), "experiment",
                    $"{first.Header.Experiment}, {first.Header.ExperimentHash}", first.File, $"{part.Header.Experiment}, {part.Header.ExperimentHash}"));
            else if (part.Header.Identity != first.Header.Identity)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, DataFiles.Key), "data",
                    Data(first.Header), first.File, Data(part.Header)));
            else if (part.Header.Variants != first.Header.Variants)
                errors.Add(ErrorCatalog.ShardsDiffer(Site(part.File, "variants"), "number of variants",
                    first.Header.Variants.ToString(), first.File, part.Header.Variants.ToString()));
        }
        var seen = new Dictionary<(int, int), Part>();
        foreach (var part in parts)
            if (part.Shard is { } s && !seen.TryAdd(s, part))
                errors.Add(ErrorCatalog.ShardTwice(Site(part.File, "shard"), s.Index, s.Count, seen[s].File));
        if (errors.Count > 0) return Fail<ExperimentError, MergedSweep>(toSeq(errors));

        var total = first.Header.Variants;
        var ordered = parts.Where(p => p.To > p.From).OrderBy(p => p.From).ToList();
        var covered = 0;
        var missing = new List<(int From, int To)>();
        Part? previous = null;
        foreach (var part in ordered)
        {
            if (part.From < covered)
                errors.Add(ErrorCatalog.ShardsOverlap(Site(part.File, "shard"), Range(part.From, part.To), Range(previous!.From, previous.To), previous.File));
            else if (part.From > covered)
                missing.Add((covered, part.From));
            if (part.To > covered) (covered, previous) = (part.To, part);
        }
        if (covered < total) missing.Add((covered, total));
        if (errors.Count > 0) return Fail<ExperimentError, MergedSweep>(toSeq(errors));

        if (missing.Count > 0 && !partial)
            return Fail<ExperimentError, MergedSweep>(toSeq(missing.Select(m =>
                ErrorCatalog.ShardsMissing(Site(parts[^1].File, "shard"), Range(m.From, m.To), total, ShardsIn(parts, total, [m])))));
        var summary = SweepSummary.Build(first.Header, ordered.SelectMany(p => p.Rows).ToList(), null);
        if (missing.Count > 0)
        {
            var section = new JObject
            {
                ["present"] = ordered.Sum(p => p.To - p.From),
                ["missing"] = new JArray(missing.Select(m => new JObject { ["from"] = m.From, ["to"] = m.To })),
            };
            summary.Property("variants")!.AddAfterSelf(new JProperty("partial", section));
        }
        return Success<ExperimentError, MergedSweep>(new MergedSweep(summary, missing, missing.Count > 0 ? ShardsIn(parts, total, missing) : null));
    }

    /// <summary>The shards of the common count whose slices lie in the gaps (<c>shards 2/4 and 3/4 are</c>), or null
    /// when there are none or the shards were cut in different counts (then only variant ranges can be named).</summary>
    private static string? ShardsIn(List<Part> parts, int total, IReadOnlyList<(int From, int To)> gaps)
    {
        if (parts.Select(p => p.Shard?.Count).Distinct().ToList() is not [int n]) return null;
        var inGaps = Enumerable.Range(1, n).Select(k => (k, Slice: SweepVariants.Slice(total, k, n)))
            .Where(x => x.Slice.To > x.Slice.From && gaps.Any(g => x.Slice.From >= g.From && x.Slice.To <= g.To))
            .Select(x => $"{x.k}/{n}").ToList();
        return inGaps.Count == 0 ? null : inGaps.Count == 1 ? $"shard {inGaps[0]} is" : $"shards {string.Join(", ", inGaps.SkipLast(1))} and {inGaps[^1]} are";
    }

    private static string Data(SweepHeader h) =>
        h.DataFiles.IsEmpty ? "no data file" : string.Join(", ", h.DataFiles.Select(f => $"{f.Path} {f.Sha256[..("sha256:".Length + 12)]}…"));

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
        (int, int)? number = null;
        if (doc["shard"] is JObject shard)
        {
            if (shard["from"] is not JValue { Type: JTokenType.Integer } f || shard["to"] is not JValue { Type: JTokenType.Integer } t
                || (int)f < 0 || (int)f > (int)t || (int)t > total)
                return Bad("shard", "its `shard` has no valid `from` and `to`");
            if (shard["index"] is not JValue { Type: JTokenType.Integer } k || shard["count"] is not JValue { Type: JTokenType.Integer } n
                || (int)k < 1 || (int)k > (int)n)
                return Bad("shard", "its `shard` has no valid `index` and `count` (1 ≤ index ≤ count)");
            (from, to) = ((int)f, (int)t);
            number = ((int)k, (int)n);
        }
        var dataFiles = ImmutableArray<DataFile>.Empty;
        var dataProblems = DataFiles.Read(file, doc).Match(Succ: files => { dataFiles = files; return 0; }, Fail: problems => { errors.AddRange(problems); return 1; });
        if (dataProblems > 0) return null;
        var (points, seeds) = (GridPoints(sweep), sweep["seeds"]?["count"] is JValue { Type: JTokenType.Integer } c ? (long)c : 1);
        if (points is null || points * seeds != total)
            return Bad("variants", $"its `variants` ({total}) is not what its `sweep` makes ({(points is { } n ? $"{n} grid point{(n == 1 ? "" : "s")} × {seeds} seed{(seeds == 1 ? "" : "s")} = {n * seeds}" : "a grid whose values are not arrays")})");
        if (number is var (index, count) && SweepVariants.Slice(total, index, count) is var (sf, st) && (sf, st) != (from, to))
            return Bad("shard", $"its `shard` says {index}/{count} but covers variants {Span(from, to)}; shard {index}/{count} of {total} covers {Span(sf, st)}");
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
        var header = new SweepHeader((string)name!, (string)hash!, sweep, total, format) { DataFiles = dataFiles };
        return new Part(file, header, from, to, number, rows.Cast<JObject>().ToList());
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

    /// <summary><see cref="Range"/>, or <c>none</c> for an empty slice.</summary>
    private static string Span(int from, int to) => to == from ? "none" : Range(from, to);
}
