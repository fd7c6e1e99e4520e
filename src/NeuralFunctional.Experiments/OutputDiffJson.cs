using Newtonsoft.Json.Linq;

namespace NeuralFunctional.Experiments;

/// <summary>The JSON report of a comparison, for tools. Field names are stable: <c>identical</c>, <c>configChanges</c>,
/// <c>metrics</c>, <c>trace.identical</c>, <c>trace.firstDivergentEpoch</c>, <c>trace.maxAbsDiff</c>,
/// <c>trace.maxRelDiff</c>, <c>trace.ulpAtFirstDivergence</c>, <c>predictions</c>, <c>sections</c>,
/// <c>outcomeChanges</c>; every field is always present (null when it does not apply).</summary>
public static class OutputDiffJson
{
    public static JObject Build(OutputComparison c, string labelA, string labelB)
    {
        var t = c.Trace;
        var report = new JObject
        {
            ["a"] = labelA,
            ["b"] = labelB,
            ["identical"] = c.Identical,
            ["tolerance"] = c.Tolerance,
            ["configChanges"] = Changes(c.ConfigChanges),
            ["metrics"] = new JArray(c.Metrics.Select(m => new JObject
            {
                ["name"] = m.Name, ["a"] = Num(m.A), ["b"] = Num(m.B), ["change"] = Num(m.Change), ["equal"] = m.Equal,
            })),
            ["trace"] = new JObject
            {
                ["identical"] = t.Identical,
                ["commonEpochs"] = t.CommonEpochs,
                ["onlyInA"] = new JArray(t.OnlyInA),
                ["onlyInB"] = new JArray(t.OnlyInB),
                ["firstDivergentEpoch"] = Int(t.FirstDivergentEpoch),
                ["field"] = t.Field is null ? JValue.CreateNull() : new JValue(t.Field),
                ["a"] = Num(t.AAtDivergence),
                ["b"] = Num(t.BAtDivergence),
                ["ulpAtFirstDivergence"] = t.UlpAtFirstDivergence is { } u ? new JValue(u) : JValue.CreateNull(),
                ["maxAbsDiff"] = t.MaxAbsDiff,
                ["maxAbsDiffEpoch"] = Int(t.MaxAbsDiffEpoch),
                ["maxRelDiff"] = t.MaxRelDiff,
                ["maxRelDiffEpoch"] = Int(t.MaxRelDiffEpoch),
            },
            ["predictions"] = new JObject
            {
                ["compared"] = c.Predictions.Compared,
                ["changed"] = new JArray(c.Predictions.Changed.Select(p => new JObject
                {
                    ["set"] = p.Set, ["id"] = p.Id, ["a"] = Vector(p.A), ["b"] = Vector(p.B), ["maxAbsDiff"] = Num(p.MaxAbsDiff),
                    ["crossedHalf"] = Bool(p.CrossedHalf), ["classChanged"] = Bool(p.ClassChanged),
                })),
            },
            ["sections"] = new JArray(c.Sections.Select(s => new JObject
            {
                ["name"] = s.Name, ["values"] = s.Values, ["changed"] = s.Changed, ["maxAbsDiff"] = s.MaxAbsDiff, ["shapeDiffers"] = s.ShapeDiffers,
            })),
            ["outcomeChanges"] = Changes(c.OutcomeChanges),
        };
        // Only when a document records the data files it read (dataFiles): the report of two inline-data runs is as before.
        if (c.Data is { } data) report["dataChanges"] = Changes(data.Changes);
        return report;
    }

    private static JArray Changes(ImmutableArray<JsonChange> changes) => new(changes.Select(x => new JObject
    {
        ["path"] = x.Path, ["kind"] = x.Kind, ["a"] = x.A?.DeepClone() ?? JValue.CreateNull(), ["b"] = x.B?.DeepClone() ?? JValue.CreateNull(),
    }));

    private static JToken Num(double? value) => value is { } v ? new JValue(v) : JValue.CreateNull();

    private static JToken Int(int? value) => value is { } v ? new JValue(v) : JValue.CreateNull();

    private static JToken Bool(bool? value) => value is { } v ? new JValue(v) : JValue.CreateNull();

    private static JToken Vector(ImmutableArray<double>? values) => values is { } v ? new JArray(v.Select(x => new JValue(x))) : JValue.CreateNull();
}
